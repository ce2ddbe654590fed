import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LIFE_THREAT_SIEVE } from './lifeThreatSieve.js';
import { parseProtocolYaml } from './loadProtocolFromYaml.js';
import { suggestProtocols } from './suggestProtocols.js';

const soreThroat = parseProtocolYaml(
  readFileSync(new URL('./fixtures/sore-throat.yaml', import.meta.url), 'utf8'),
).protocol;
const library = [soreThroat, LIFE_THREAT_SIEVE];

describe('protocol suggestions', () => {
  it('matches keyword phrases on whole words, ignoring case and punctuation', () => {
    expect(suggestProtocols(library, 'My THROAT PAIN is awful!!')).toEqual([
      { protocolId: 'test-sore-throat', title: soreThroat.title, score: 2, matchedKeywords: ['throat pain'] },
    ]);
    expect(suggestProtocols(library, 'tonsillitis again')[0]?.matchedKeywords).toEqual(['tonsillitis']);
  });

  it('matches longer forms of a keyword word, but not words apart or out of order', () => {
    expect(suggestProtocols(library, 'sore throats all week')[0]?.matchedKeywords).toEqual(['sore throat']);
    expect(suggestProtocols(library, 'my throat is sore')).toEqual([]);
  });

  it('leaves out protocols that do not apply to the patient, and never suggests the sieve', () => {
    expect(suggestProtocols(library, 'sore throat', { ageYears: 3, sex: 'female' })).toEqual([]);
    expect(suggestProtocols(library, 'emergency life threat')).toEqual([]);
  });
});
