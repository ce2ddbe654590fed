/**
 * Wall-clock time in a named time zone using only Intl.DateTimeFormat (present in every
 * browser and in Node with ICU), so the core needs no time-zone library. Opening hours are
 * local ("08:00-18:30" means BST in summer, GMT in winter); search times are instants.
 *
 * Local times that do not exist (01:30 on the spring-forward Sunday in London) move forward
 * by the gap; times that happen twice (01:30 on the autumn Sunday) take the earlier one.
 * That is the "compatible" rule of Temporal and of most calendars.
 */

export interface LocalDate {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
}

export interface LocalDateTime extends LocalDate {
  /** Minutes since local midnight, 0-1439. */
  minutes: number;
}

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * Intl calls cost microseconds each and a search makes thousands, for few distinct answers
 * (the same dates and times recur across services), so results are memoised. The caches
 * are cleared when full rather than evicted one by one: simple, and bounded.
 */
const CACHE_LIMIT = 20_000;
const localCache = new Map<string, LocalDateTime>();
const dayOffsetCache = new Map<string, number | null>();

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

/** The local date and time at `instantMs` in `timeZone` (seconds dropped). */
export function toLocal(instantMs: number, timeZone: string): LocalDateTime {
  const minute = Math.floor(instantMs / MINUTE_MS);
  const key = `${timeZone}|${minute}`;
  const cached = localCache.get(key);
  if (cached) return { ...cached };
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(minute * MINUTE_MS)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const local = {
    year: parts['year']!,
    month: parts['month']!,
    day: parts['day']!,
    minutes: (parts['hour']! % 24) * 60 + parts['minute']!,
  };
  return { ...remember(localCache, key, local) };
}

/** Offset of local time from UTC at `instantMs`, in ms (London: 0 or 3,600,000). */
function offsetMs(instantMs: number, timeZone: string): number {
  const local = toLocal(instantMs, timeZone);
  return wallMs(local, local.minutes) - Math.floor(instantMs / MINUTE_MS) * MINUTE_MS;
}

/** The local wall time read as if it were UTC: a plain number to do calendar arithmetic on. */
function wallMs(date: LocalDate, minutes: number): number {
  return Date.UTC(date.year, date.month - 1, date.day) + minutes * MINUTE_MS;
}

/**
 * The instant at which local `date` shows `minutes` past midnight (1440 = next midnight).
 * Gap and overlap handling as described at the top of this file.
 */
export function toInstant(date: LocalDate, minutes: number, timeZone: string): number {
  const wall = wallMs(date, minutes);
  const steady = steadyOffsetOfDay(date, timeZone);
  if (steady !== null) return wall - steady;
  const before = offsetMs(wall - DAY_MS, timeZone);
  const after = offsetMs(wall + DAY_MS, timeZone);
  const candidates = [wall - before, wall - after].filter((c) => c + offsetMs(c, timeZone) === wall);
  if (candidates.length > 0) return Math.min(...candidates);
  return wall - before;
}

/**
 * The UTC offset in force all through local `date`, or null on (and next to) a day when
 * the clocks change; toInstant then takes the exact, slower path. UTC offsets lie within -12 h to +14 h, so sampling
 * 14 h before local midnight read as UTC and 36 h after brackets the whole local day; real
 * zones never change twice within those 50 hours.
 */
function steadyOffsetOfDay(date: LocalDate, timeZone: string): number | null {
  const key = `${timeZone}|${formatLocalDate(date)}`;
  const cached = dayOffsetCache.get(key);
  if (cached !== undefined) return cached;
  const midnight = wallMs(date, 0);
  const early = offsetMs(midnight - 14 * 3_600_000, timeZone);
  const late = offsetMs(midnight + 36 * 3_600_000, timeZone);
  return remember(dayOffsetCache, key, early === late ? early : null);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** 0 = Sunday ... 6 = Saturday, as Date.getDay. */
export function weekdayOf(date: LocalDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

/** "2025-12-25" */
export function formatLocalDate(date: LocalDate): string {
  return `${String(date.year).padStart(4, '0')}-${pad2(date.month)}-${pad2(date.day)}`;
}

export function compareLocalDates(a: LocalDate, b: LocalDate): number {
  return wallMs(a, 0) - wallMs(b, 0);
}

/** "HH:MM" in 24-hour local time, e.g. for reasons shown to staff. */
export function formatLocalTime(instantMs: number, timeZone: string): string {
  const { minutes } = toLocal(instantMs, timeZone);
  return `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
}

/** "Sat 28 Mar 18:00" style, for reasons that point at another day. */
export function formatLocalDayTime(instantMs: number, timeZone: string): string {
  const local = toLocal(instantMs, timeZone);
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][weekdayOf(local)];
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][
    local.month - 1
  ];
  return `${weekday} ${local.day} ${month} ${formatLocalTime(instantMs, timeZone)}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
