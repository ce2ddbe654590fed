/** Times as the console shows them: UK local time, 24-hour clock, countdowns that read at a glance. */

const LOCALE = 'en-GB';

/** "7:54" under an hour, "3h 39m" under a day, "7d 0h" beyond; "20:05 over" once breached. */
export function formatLeft(ms: number): string {
  const s = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const text =
    d > 0
      ? `${d}d ${h}h`
      : h > 0
        ? `${h}h ${String(m).padStart(2, '0')}m`
        : `${m}:${String(sec).padStart(2, '0')}`;
  return ms < 0 ? `${text} over` : text;
}

/** A duration that has passed: "0:42", "12:05", "1:02:09". */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** A wait for a wallboard: "4m", "1h 12m", "2d 3h". */
export function formatWait(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

export function clockTime(iso: string): string {
  return new Date(iso).toLocaleTimeString(LOCALE, { hour: '2-digit', minute: '2-digit' });
}

/** "14:05" today, "Mon 1 Dec 14:05" another day. */
export function dayAndTime(iso: string, now = Date.now()): string {
  const d = new Date(iso);
  const today = new Date(now);
  if (d.toDateString() === today.toDateString()) return clockTime(iso);
  return d.toLocaleString(LOCALE, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** "14 Mar 1954" from "1954-03-14". */
export function formatDate(date: string): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString(LOCALE, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  });
}

/** Age in whole years, or months under two, on `now`. */
export function ageOf(dateOfBirth: string, now = new Date()): { years: number; words: string } {
  const [y, m, d] = dateOfBirth.split('-').map(Number) as [number, number, number];
  let years = now.getFullYear() - y;
  if (now.getMonth() + 1 < m || (now.getMonth() + 1 === m && now.getDate() < d)) years -= 1;
  if (years >= 2) return { years, words: `${years} years` };
  const months = (now.getFullYear() - y) * 12 + (now.getMonth() + 1 - m) - (now.getDate() < d ? 1 : 0);
  return { years, words: `${Math.max(0, months)} months` };
}
