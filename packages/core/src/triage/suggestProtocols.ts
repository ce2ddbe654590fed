/**
 * Suggests protocols for what the caller says, e.g. "my dad has crushing chest pain".
 *
 * Suggestions only: the call handler confirms the protocol (wrong protocol chosen is a logged
 * hazard). Matching is by keyword phrase on whole words, where a keyword word of four or more
 * letters also matches longer forms ("vomit" matches "vomiting"). Longer phrases count more,
 * being more specific. Protocols that do not apply to the patient are left out, and the sieve is
 * never suggested because it always runs first anyway.
 */
import type { Protocol } from './protocolSchema.js';
import type { TriagePatient } from './triageTypes.js';

export interface ProtocolSuggestion {
  readonly protocolId: string;
  readonly title: string;
  readonly score: number;
  readonly matchedKeywords: readonly string[];
}

const MIN_PREFIX_LENGTH = 4;

function words(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
}

function wordMatches(textWord: string, keywordWord: string): boolean {
  return keywordWord.length >= MIN_PREFIX_LENGTH
    ? textWord.startsWith(keywordWord)
    : textWord === keywordWord;
}

function containsPhrase(text: readonly string[], phrase: readonly string[]): boolean {
  if (phrase.length === 0) return false;
  for (let i = 0; i + phrase.length <= text.length; i++) {
    if (phrase.every((w, j) => wordMatches(text[i + j] ?? '', w))) return true;
  }
  return false;
}

function applies(protocol: Protocol, patient: TriagePatient): boolean {
  const { from, below } = protocol.applicability.ageYears;
  const sexes = protocol.applicability.sex;
  return (
    patient.ageYears >= from &&
    (below === undefined || patient.ageYears < below) &&
    (sexes === 'any' || sexes.includes(patient.sex))
  );
}

/** Ranked suggestions, best first; empty if nothing matches (choose a protocol by hand). */
export function suggestProtocols(
  protocols: readonly Protocol[],
  presentingComplaint: string,
  patient?: TriagePatient,
): ProtocolSuggestion[] {
  const text = words(presentingComplaint);
  return protocols
    .filter((p) => p.kind === 'complaint' && (patient === undefined || applies(p, patient)))
    .map((p) => {
      const matchedKeywords = p.keywords.filter((k) => containsPhrase(text, words(k)));
      const score = matchedKeywords.reduce((sum, k) => sum + words(k).length, 0);
      return { protocolId: p.id, title: p.title, score, matchedKeywords };
    })
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.protocolId.localeCompare(b.protocolId));
}
