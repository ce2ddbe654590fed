import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editDistance, type MatchCandidate, matchPatients, nameKey, soundex } from './matchPatients.js';

const p = (
  id: string,
  family: string,
  given: string[],
  birthDate: string,
  postcode: string | null = null,
  nhsNumber: string | null = null,
): MatchCandidate => ({ id, family, given, birthDate, postcode, nhsNumber });

const index: MatchCandidate[] = [
  p('a', 'Smith', ['Jane'], '1980-04-12', 'M20 2PN', '9434765919'),
  p('b', 'Smyth', ['Jayne'], '1980-04-12', 'M20 2PN'),
  p('c', 'Smith', ['Janet'], '1980-12-04', 'LS1 6AE'),
  p('d', 'Smith', ['John', 'Paul'], '1955-01-01', 'M1 1AE', '9000000009'),
  p('e', 'Jones', ['Jane'], '1980-04-12', 'M20 2PN'),
  p('f', 'attisón', ['Pauline'], '1960-07-14', 'DN19 7DX'),
  p('g', 'Attison', ['Pauline', 'Mary'], '1960-07-14', 'DN16 2HB'),
  p('h', "O'Neill-Brown", ['Siobhan'], '1972-09-30', null),
];

const ids = (q: Parameters<typeof matchPatients>[0]) => matchPatients(q, index).map((m) => m.candidate.id);

describe('search by NHS number: an identity, matched exactly', () => {
  it('finds only that number, with score 1', () => {
    expect(matchPatients({ nhsNumber: '9434765919' }, index)).toEqual([
      { candidate: index[0], score: 1, matchedOn: ['nhs-number'] },
    ]);
    expect(matchPatients({ nhsNumber: '9434765918', family: 'Smith' }, index)).toEqual([]);
  });
});

describe('search by name and date of birth: ranked', () => {
  it('everything exact first; near misses next; a different surname last; John is not Jane', () => {
    const matches = matchPatients({ family: 'Smith', given: 'Jane', birthDate: '1980-04-12' }, index);
    expect(matches.map((m) => [m.candidate.id, m.score, m.matchedOn])).toEqual([
      ['a', 1, ['family-exact', 'given-exact', 'birth-date-exact']],
      ['c', 0.7333, ['family-exact', 'given-prefix', 'birth-date-similar']],
      ['b', 0.7222, ['family-similar', 'given-similar', 'birth-date-exact']],
      ['e', 0.5556, ['given-exact', 'birth-date-exact']],
    ]);
  });

  it('a postcode lifts the right person and breaks ties', () => {
    const matches = matchPatients({ family: 'Smith', birthDate: '1980-04-12', postcode: 'm202pn' }, index);
    expect(matches[0]).toMatchObject({ candidate: { id: 'a' }, score: 1 });
    expect(matches.map((m) => m.candidate.id)).toEqual(['a', 'b', 'c', 'e']);
  });

  it('a given-name prefix: "Jo" finds John Paul', () => {
    expect(ids({ family: 'smith', given: 'Jo', birthDate: '1955-01-01' })).toEqual(['d']);
    expect(ids({ family: 'smith', given: 'john paul', birthDate: '1955-01-01' })).toEqual(['d']);
  });

  it('accents, case and punctuation do not matter', () => {
    expect(ids({ family: 'ATTISON', birthDate: '1960-07-14' })).toEqual(['f', 'g']);
    expect(ids({ family: 'oneill brown', given: 'siobhan' })).toEqual(['h']);
    expect(ids({ family: 'Brown', given: 'Siobhan' })).toEqual(['h']);
  });

  it('a surname alone, or a birthday alone, is not a match', () => {
    expect(ids({ family: 'Smith', birthDate: '1999-09-09' })).toEqual([]);
    // Same first name and birthday: perhaps a changed surname, so shown, ranked by name.
    expect(ids({ family: 'Nobody', birthDate: '1980-04-12', given: 'Jane' })).toEqual(['e', 'a']);
    expect(ids({ family: 'Nobody', birthDate: '1980-04-12' })).toEqual([]);
  });

  it('one typing slip in a family name is forgiven ("Smtih"); a different name is not', () => {
    expect(ids({ family: 'Smtih', given: 'Jane', birthDate: '1980-04-12' })[0]).toBe('a');
    const brown = matchPatients({ family: 'Brown', given: 'Jane', birthDate: '1980-04-12' }, index);
    expect(brown.every((m) => !m.matchedOn.some((r) => r.startsWith('family')))).toBe(true);
  });
});

describe('building blocks', () => {
  it('Soundex as the National Archives define it', () => {
    expect(soundex('Robert')).toBe('R163');
    expect(soundex('Rupert')).toBe('R163');
    expect(soundex('Ashcraft')).toBe('A261');
    expect(soundex('Tymczak')).toBe('T522');
    expect(soundex('Pfister')).toBe('P236');
    expect(soundex('Honeyman')).toBe('H555');
    expect(soundex('Smith')).toBe(soundex('Smyth'));
  });

  it('name keys and edit distance', () => {
    expect(nameKey("O'Neill-Smythe")).toBe('oneillsmythe');
    expect(nameKey('Zoë Ñúñez')).toBe('zoenunez');
    expect(editDistance('smith', 'smtih')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

const nameArb = fc.constantFrom(
  'Smith',
  'Smyth',
  'Jones',
  'Patel',
  'Khan',
  "O'Brien",
  'Nowak',
  'Li',
  'Evans',
);
const givenArb = fc.constantFrom('Jane', 'John', 'Amir', 'Zofia', 'Mo', 'Siân', 'Jo');
const dateArb = fc
  .date({ min: new Date('1930-01-01'), max: new Date('2020-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const candidateArb = fc.record({
  id: fc.uuid(),
  family: nameArb,
  given: fc.array(givenArb, { minLength: 1, maxLength: 2 }),
  birthDate: dateArb,
  postcode: fc.constantFrom(null, 'M1 1AE', 'M20 2PN', 'LS1 6AE'),
  nhsNumber: fc.constant(null),
});

describe('ranking properties', () => {
  it('scores lie in (0.5, 1], best first, and the order does not depend on storage order', () => {
    fc.assert(
      fc.property(
        fc.array(candidateArb, { maxLength: 40 }),
        nameArb,
        givenArb,
        dateArb,
        (cands, family, given, birthDate) => {
          const q = { family, given, birthDate };
          const a = matchPatients(q, cands);
          const b = matchPatients(q, [...cands].reverse());
          expect(b.map((m) => m.candidate.id)).toEqual(a.map((m) => m.candidate.id));
          for (const [i, m] of a.entries()) {
            expect(m.score).toBeGreaterThanOrEqual(0.5);
            expect(m.score).toBeLessThanOrEqual(1);
            if (i > 0) expect(m.score).toBeLessThanOrEqual(a[i - 1]!.score);
          }
        },
      ),
    );
  });

  it('the record searched for exactly is always found, with score 1, ranked first', () => {
    fc.assert(
      fc.property(fc.array(candidateArb, { maxLength: 40 }), candidateArb, (others, target) => {
        const q = {
          family: target.family,
          given: target.given[0],
          birthDate: target.birthDate,
          ...(target.postcode ? { postcode: target.postcode } : {}),
        };
        const top = matchPatients(q, [...others, target]).filter((m) => m.score === 1);
        expect(top.map((m) => m.candidate.id)).toContain(target.id);
      }),
    );
  });
});
