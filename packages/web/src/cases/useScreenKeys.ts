/**
 * Single-letter keys for a screen, as the triage has them: they act only with no modifier,
 * never while the user is typing in a field, and not while a dialog is open over the screen.
 */
import { useEffect, useRef } from 'react';

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable ||
      ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) ||
      target.getAttribute('role') === 'combobox')
  );
}

export function useScreenKeys(keys: Record<string, () => void>, active = true): void {
  const latest = useRef(keys);
  latest.current = keys;
  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || e.repeat || isTyping(e.target)) return;
      if (document.querySelector('[role="dialog"]')) return;
      const act = latest.current[e.key.toLowerCase()];
      if (act) {
        e.preventDefault();
        act();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [active]);
}

/** Moves focus to the element with this id (and brings it into view): a key's jump target. */
export function focusById(id: string): void {
  const el = document.getElementById(id);
  if (!el) return;
  el.scrollIntoView({ block: 'center' });
  el.focus();
}
