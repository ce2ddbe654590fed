/**
 * The trace step of a call: find the patient from what the caller says. A `DemographicsTrace`
 * answers with ranked matches carrying only what identifies a person (name, date of birth,
 * postcode, NHS number, how many special notes are in force), never the record itself: a search
 * needs no legitimate relationship, so it must not disclose more than the caller already said.
 *
 * Implementations:
 * - `LocalDemographicsTrace` (the default): this organisation's own patient index, ranked by
 *   core's matchPatients (the same ranking an offline console uses).
 * - `PdsDemographicsTrace` (pdsTrace.ts): the national Personal Demographics Service over FHIR
 *   R4. To use it, pass it to `registerPatientRoutes` in app.ts:
 *     app.register(registerPatientRoutes, { trace: new PdsDemographicsTrace({ baseUrl, accessToken }) })
 *   PDS matches carry no local patient id (`patientId: null`) until they are registered here.
 */
import {
  type AdministrativeGender,
  LanternError,
  type MatchReason,
  matchPatients,
  type NhsNumber,
  type NormalisedPostcode,
  type PatientName,
  parseDateOfBirth,
  parseNhsNumber,
  parsePostcode,
} from '@lantern/core';
import type { Database } from '../storage/database.js';
import { withTenant } from '../tenancy/withTenant.js';
import { findCandidates } from './patientStore.js';

export interface TraceQuery {
  nhsNumber?: NhsNumber;
  family?: string;
  given?: string;
  birthDate?: string;
  postcode?: NormalisedPostcode;
  /** PDS needs it for some fuzzy searches; the local index does not use it. */
  gender?: AdministrativeGender;
}

export interface TraceMatch {
  /** This organisation's patient id; null for a national match not registered here yet. */
  patientId: string | null;
  source: 'local' | 'pds';
  /** 0 < score <= 1; 1 is an exact match on everything given. */
  score: number;
  matchedOn: readonly (MatchReason | string)[];
  nhsNumber: string | null;
  name: PatientName;
  birthDate: string;
  postcode: string | null;
  /** Special notes in force: the screen flags them before anything else is opened. */
  specialNoteCount: number;
  /** PDS "restricted" (sensitive) record: address and contacts are withheld. */
  restricted?: boolean;
}

export interface DemographicsTrace {
  readonly source: 'local' | 'pds';
  trace(orgId: string, query: TraceQuery): Promise<TraceMatch[]>;
}

export class LocalDemographicsTrace implements DemographicsTrace {
  readonly source = 'local' as const;

  constructor(private readonly database: Database) {}

  async trace(orgId: string, query: TraceQuery): Promise<TraceMatch[]> {
    const candidates = await withTenant(this.database, orgId, (tx) => findCandidates(tx, orgId, query));
    return matchPatients(query, candidates).map(({ candidate: c, score, matchedOn }) => ({
      patientId: c.id,
      source: 'local',
      score,
      matchedOn,
      nhsNumber: c.nhsNumber,
      name: { ...(c.prefix ? { prefix: c.prefix } : {}), given: [...c.given], family: c.family },
      birthDate: c.birthDate,
      postcode: c.postcode,
      specialNoteCount: c.specialNoteCount,
    }));
  }
}

export interface RawTraceQuery {
  nhsNumber?: string;
  family?: string;
  given?: string;
  birthDate?: string;
  postcode?: string;
}

/**
 * Checks a search as typed: an NHS number alone, or a family name with at least one of given
 * name, date of birth or postcode. Each refusal names the field and the reason.
 */
export function parseTraceQuery(
  raw: RawTraceQuery,
  today: string,
  paths: Record<keyof RawTraceQuery, string>,
): TraceQuery {
  const fail = (field: keyof RawTraceQuery, message: string): never => {
    throw new LanternError('E_VALIDATION', message, [{ path: paths[field], message }]);
  };
  const given = (v: string | undefined) => (v !== undefined && v.trim() !== '' ? v.trim() : undefined);
  if (given(raw.nhsNumber) !== undefined) {
    if ([raw.family, raw.given, raw.birthDate, raw.postcode].some((v) => given(v) !== undefined))
      fail('nhsNumber', 'Search by NHS number alone, or by name with date of birth, given name or postcode');
    const n = parseNhsNumber(raw.nhsNumber as string);
    return n.ok ? { nhsNumber: n.value } : fail('nhsNumber', n.message);
  }
  const query: TraceQuery = {};
  const family = given(raw.family);
  if (family === undefined)
    fail('family', 'Give an NHS number, or a family name with a date of birth, given name or postcode');
  query.family = family as string;
  const givenName = given(raw.given);
  if (givenName !== undefined) query.given = givenName;
  const birthDate = given(raw.birthDate);
  if (birthDate !== undefined) {
    const d = parseDateOfBirth(birthDate, today);
    query.birthDate = d.ok ? d.value : fail('birthDate', d.message);
  }
  const postcode = given(raw.postcode);
  if (postcode !== undefined) {
    const p = parsePostcode(postcode);
    query.postcode = p.ok ? p.value.normalised : fail('postcode', p.message);
  }
  if (query.given === undefined && query.birthDate === undefined && query.postcode === undefined)
    fail('family', 'A family name alone finds too many people: add a date of birth, given name or postcode');
  return query;
}
