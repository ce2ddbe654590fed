/** Lantern's mark: a lantern on NHS blue. Decorative: the name is always written beside it. */
export function LanternMark({ size = 32 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="6" fill="#ffffff" />
      <path
        d="M16 5c-1.4 0-2.5 1.1-2.5 2.5V9h5V7.5C18.5 6.1 17.4 5 16 5zm-5 5v2h10v-2H11zm0 3 1 11h8l1-11H11zm5 2.5c1.2 1.3 2 2.6 2 4a2 2 0 0 1-4 0c0-1.4.8-2.7 2-4zM10 25v2h12v-2H10z"
        fill="#005eb8"
      />
    </svg>
  );
}
