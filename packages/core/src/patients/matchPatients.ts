/**
 * Finding the patient on the phone: a ranked match of a search against candidate records, the
 * same on the server (over its index) and in an offline console (over its cache).
 *
 * Constraints that shaped it:
 * 1) An NHS number is an identity: a search by NHS number matches only that number, exactly.
 * 2) Otherwise people are found by name and date of birth as said down a phone line, so names
 *    compare without case, accents, spaces, hyphens or apostrophes ("O'Neil" = "ONEIL",
 *    "attisón" = "Attison"); a family name also matches on sound (Soundex, as PDS's fuzzy search)
 *    or one slip of the keyboard; a given name on its first letters ("Jo" for "Joanne") or one
 *    slip ("Jayne" for "Jane"), never on sound alone (Jane and John sound alike); a date of
 *    birth with day and month swapped or one digit wrong ranks below an exact one.
 * 3) The score is the share of the points the search could have earned (1.0 = everything given
 *    matched exactly, as PDS scores), so it reads the same whatever fields were given.
 * 4) A record must match on at least two of the fields given (or the only one), and score at
 *    least 0.5: the same birthday alone, or the same surname alone, is not a match.
 * 5) Ties are broken by name, date of birth and id, so the order never depends on storage order.
 */
import { parsePostcode } from '../geo/postcode.js';

export interface PatientSearchQuery {
  readonly nhsNumber?: string;
  readonly family?: string;
  readonly given?: string;
  readonly birthDate?: string;
  readonly postcode?: string;
}

export interface MatchCandidate {
  readonly id: string;
  readonly nhsNumber: string | null;
  readonly family: string;
  readonly given: readonly string[];
  readonly birthDate: string;
  readonly postcode: string | null;
}

export type MatchReason =
  | 'nhs-number'
  | 'family-exact'
  | 'family-similar'
  | 'given-exact'
  | 'given-prefix'
  | 'given-similar'
  | 'birth-date-exact'
  | 'birth-date-similar'
  | 'postcode-exact'
  | 'postcode-district';

export interface PatientMatch<C extends MatchCandidate = MatchCandidate> {
  readonly candidate: C;
  /** 0 < score <= 1, four decimals. */
  readonly score: number;
  readonly matchedOn: readonly MatchReason[];
}

/** Points per field: a family name and a date of birth identify far more than a postcode does. */
const POINTS = {
  family: { exact: 40, similar: 25 },
  given: { exact: 20, prefix: 14, similar: 10 },
  birthDate: { exact: 30, similar: 12 },
  postcode: { exact: 10, district: 5 },
} as const;

export const MIN_MATCH_SCORE = 0.5;
/** PDS returns at most 50 matches to a healthcare worker; a longer list is not a trace. */
export const DEFAULT_MATCH_LIMIT = 50;

export function matchPatients<C extends MatchCandidate>(
  query: PatientSearchQuery,
  candidates: readonly C[],
  options: { limit?: number } = {},
): PatientMatch<C>[] {
  const limit = options.limit ?? DEFAULT_MATCH_LIMIT;
  const matches: PatientMatch<C>[] = [];
  if (query.nhsNumber !== undefined) {
    for (const c of candidates)
      if (c.nhsNumber === query.nhsNumber)
        matches.push({ candidate: c, score: 1, matchedOn: ['nhs-number'] });
  } else {
    const prepared = prepareQuery(query);
    for (const c of candidates) {
      const m = scoreCandidate(prepared, c);
      if (m) matches.push(m);
    }
  }
  return matches.sort(compareMatches).slice(0, limit);
}

interface PreparedQuery {
  family: string | null;
  familySoundex: string | null;
  given: string | null;
  birthDate: string | null;
  postcode: string | null;
  outcode: string | null;
  maxPoints: number;
  fieldsGiven: number;
}

function prepareQuery(q: PatientSearchQuery): PreparedQuery {
  const family = q.family !== undefined && nameKey(q.family) !== '' ? nameKey(q.family) : null;
  const given = q.given !== undefined && nameKey(q.given) !== '' ? nameKey(q.given) : null;
  const birthDate = q.birthDate?.trim() || null;
  const pc = q.postcode !== undefined ? parsePostcode(q.postcode) : null;
  const postcode = pc?.ok ? pc.value.normalised : null;
  const outcode = pc?.ok ? pc.value.outcode : null;
  let maxPoints = 0;
  let fieldsGiven = 0;
  for (const [given_, points] of [
    [family, POINTS.family.exact],
    [given, POINTS.given.exact],
    [birthDate, POINTS.birthDate.exact],
    [outcode, POINTS.postcode.exact],
  ] as const) {
    if (given_ !== null) {
      maxPoints += points;
      fieldsGiven += 1;
    }
  }
  return {
    family,
    familySoundex: family ? soundex(family) : null,
    given,
    birthDate,
    postcode,
    outcode,
    maxPoints,
    fieldsGiven,
  };
}

function scoreCandidate<C extends MatchCandidate>(q: PreparedQuery, c: C): PatientMatch<C> | null {
  if (q.fieldsGiven === 0) return null;
  let points = 0;
  let fieldsMatched = 0;
  const matchedOn: MatchReason[] = [];
  const add = (reason: MatchReason, p: number) => {
    points += p;
    fieldsMatched += 1;
    matchedOn.push(reason);
  };
  if (q.family !== null) {
    const kind = compareFamily(q.family, q.familySoundex as string, c.family);
    if (kind) add(`family-${kind}`, POINTS.family[kind]);
  }
  if (q.given !== null) {
    const kind = compareGiven(q.given, c.given);
    if (kind) add(`given-${kind}`, POINTS.given[kind]);
  }
  if (q.birthDate !== null) {
    if (q.birthDate === c.birthDate) add('birth-date-exact', POINTS.birthDate.exact);
    else if (similarDates(q.birthDate, c.birthDate)) add('birth-date-similar', POINTS.birthDate.similar);
  }
  if (q.outcode !== null && c.postcode !== null) {
    const candidate = parsePostcode(c.postcode);
    if (candidate.ok && q.postcode === candidate.value.normalised && candidate.value.incode !== null)
      add('postcode-exact', POINTS.postcode.exact);
    else if (candidate.ok && q.outcode === candidate.value.outcode)
      add('postcode-district', POINTS.postcode.district);
  }
  const needed = q.fieldsGiven === 1 ? 1 : 2;
  const score = Math.round((points / q.maxPoints) * 10_000) / 10_000;
  if (fieldsMatched < needed || score < MIN_MATCH_SCORE) return null;
  return { candidate: c, score, matchedOn };
}

function compareFamily(query: string, querySoundex: string, family: string): 'exact' | 'similar' | null {
  const key = nameKey(family);
  if (key === '') return null;
  if (key === query) return 'exact';
  if (soundex(key) === querySoundex || closeEnough(query, key)) return 'similar';
  // One part of a double-barrelled or compound name ("Smith" for "Smith-Jones", "Jones" for "de Jones").
  const parts = nameParts(family);
  if (parts.length > 1 && parts.includes(query)) return 'similar';
  return null;
}

function compareGiven(query: string, given: readonly string[]): 'exact' | 'prefix' | 'similar' | null {
  const keys = new Set<string>();
  for (const g of given) {
    keys.add(nameKey(g));
    for (const part of nameParts(g)) keys.add(part);
  }
  keys.add(nameKey(given.join('')));
  keys.delete('');
  if (keys.size === 0) return null;
  if (keys.has(query)) return 'exact';
  for (const k of keys) if (k.startsWith(query)) return 'prefix';
  // Spelling slips only: given names that merely sound alike (Jane, John) are different people.
  for (const k of keys) if (closeEnough(query, k)) return 'similar';
  return null;
}

/** One slip for names of four letters or more, two for names of eight or more. */
function closeEnough(a: string, b: string): boolean {
  const shorter = Math.min(a.length, b.length);
  const allowed = shorter >= 8 ? 2 : shorter >= 4 ? 1 : 0;
  return allowed > 0 && Math.abs(a.length - b.length) <= allowed && editDistance(a, b) <= allowed;
}

/** Day and month swapped (a US-style date), or one digit wrong. */
function similarDates(a: string, b: string): boolean {
  if (a.length !== 10 || b.length !== 10) return false;
  const [ay, am, ad] = a.split('-');
  const [by, bm, bd] = b.split('-');
  if (ay === by && am === bd && ad === bm) return true;
  let differ = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differ += 1;
  return differ === 1;
}

function compareMatches<C extends MatchCandidate>(a: PatientMatch<C>, b: PatientMatch<C>): number {
  return (
    b.score - a.score ||
    cmp(nameKey(a.candidate.family), nameKey(b.candidate.family)) ||
    cmp(nameKey(a.candidate.given.join(' ')), nameKey(b.candidate.given.join(' '))) ||
    cmp(a.candidate.birthDate, b.candidate.birthDate) ||
    cmp(a.candidate.id, b.candidate.id)
  );
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A name as compared: lower case, accents removed, only letters a-z kept
 * ("O'Neil-Smythe" -> "oneilsmythe", "attisón" -> "attison").
 */
export function nameKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .replace(/[^a-z]/g, '');
}

/** The parts of a name split at spaces and hyphens, each as a key. */
function nameParts(name: string): string[] {
  return name
    .split(/[\s-]+/)
    .map(nameKey)
    .filter((p) => p !== '');
}

const SOUNDEX_CODES: Record<string, string> = {
  b: '1',
  f: '1',
  p: '1',
  v: '1',
  c: '2',
  g: '2',
  j: '2',
  k: '2',
  q: '2',
  s: '2',
  x: '2',
  z: '2',
  d: '3',
  t: '3',
  l: '4',
  m: '5',
  n: '5',
  r: '6',
};

/**
 * American Soundex (the US National Archives rules): the first letter, then up to three digits;
 * letters with the same code separated only by h or w count once. "Smith" and "Smyth" -> S530.
 */
export function soundex(name: string): string {
  const key = nameKey(name);
  if (key === '') return '';
  let out = key[0]!.toUpperCase();
  let last = SOUNDEX_CODES[key[0]!] ?? '';
  for (let i = 1; i < key.length && out.length < 4; i++) {
    const ch = key[i]!;
    const code = SOUNDEX_CODES[ch];
    if (code === undefined) {
      // Vowels (and y) separate equal codes; h and w do not.
      if (ch !== 'h' && ch !== 'w') last = '';
      continue;
    }
    if (code !== last) out += code;
    last = code;
  }
  return out.padEnd(4, '0');
}

/** Edit distance with adjacent transpositions (optimal string alignment): "Smtih" is 1 from "Smith". */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}
