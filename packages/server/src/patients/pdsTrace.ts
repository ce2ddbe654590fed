/**
 * A `DemographicsTrace` over the national PDS FHIR R4 API (domain.md §8):
 *   GET {base}/Patient/{nhsNumber}                 a read by NHS number
 *   GET {base}/Patient?family=&given=&birthdate=eq...&address-postalcode=...   a search
 * with the headers PDS requires (Authorization, X-Request-ID, X-Correlation-ID and, in
 * healthcare-worker mode, NHSD-Session-URID). Getting the access token (NHS CIS2 / signed JWT)
 * belongs to the deployment, so it is a function passed in.
 *
 * Rules from the PDS specification: a non-fuzzy search needs at least family and birthdate;
 * the fuzzy search (Soundex) needs given + family + birthdate. PDS answers "too many matches"
 * as an OperationOutcome; that becomes a 400 telling the user to add detail, never an empty
 * result. Every match is audited by PDS as well as by us.
 */
import { randomUUID } from 'node:crypto';
import { LanternError, ukToday } from '@lantern/core';
import type { DemographicsTrace, TraceMatch, TraceQuery } from './demographicsTrace.js';
import { mapPdsPatient, pdsSearchEntries } from './pdsAdapter.js';

export interface PdsTraceOptions {
  /** e.g. https://int.api.service.nhs.uk/personal-demographics/FHIR/R4 */
  baseUrl: string;
  accessToken: () => Promise<string>;
  /** The user's role profile id (healthcare-worker mode). */
  sessionUrid?: string;
  /** PDS returns up to 50 to a healthcare worker; a trace on a call needs far fewer. */
  maxResults?: number;
  fetch?: typeof fetch;
  now?: () => Date;
}

export class PdsDemographicsTrace implements DemographicsTrace {
  readonly source = 'pds' as const;
  private readonly fetch: typeof fetch;
  private readonly now: () => Date;

  constructor(private readonly options: PdsTraceOptions) {
    this.fetch = options.fetch ?? fetch;
    this.now = options.now ?? (() => new Date());
  }

  async trace(_orgId: string, query: TraceQuery): Promise<TraceMatch[]> {
    const today = ukToday(this.now());
    if (query.nhsNumber !== undefined) {
      const res = await this.get(`Patient/${query.nhsNumber}`);
      if (res === null) return [];
      return this.toMatches([{ score: 1, resource: res }], today, ['nhs-number']);
    }
    if (query.family === undefined || query.birthDate === undefined) {
      throw new LanternError(
        'E_VALIDATION',
        'A national (PDS) trace needs the family name and date of birth',
        [{ path: 'birthDate', message: 'required for a PDS search' }],
      );
    }
    const params = new URLSearchParams({ family: query.family, birthdate: `eq${query.birthDate}` });
    if (query.given !== undefined) {
      params.set('given', query.given);
      params.set('_fuzzy-match', 'true');
    }
    if (query.postcode !== undefined) params.set('address-postalcode', query.postcode);
    if (query.gender !== undefined) params.set('gender', query.gender);
    params.set('_max-results', String(this.options.maxResults ?? 10));
    const bundle = await this.get(`Patient?${params.toString()}`);
    return bundle === null ? [] : this.toMatches(pdsSearchEntries(bundle), today, []);
  }

  private toMatches(
    entries: { score: number; resource: unknown }[],
    today: string,
    matchedOn: string[],
  ): TraceMatch[] {
    const out: TraceMatch[] = [];
    for (const { score, resource } of entries) {
      const mapped = mapPdsPatient(resource, today);
      // A record we cannot use (an invalid NHS number, no name) is not offered as a match.
      if (!mapped.ok) continue;
      const d = mapped.demographics;
      out.push({
        patientId: null,
        source: 'pds',
        score,
        matchedOn,
        nhsNumber: d.nhsNumber ?? null,
        name: d.name,
        birthDate: d.birthDate,
        postcode: d.address?.postcode ?? null,
        specialNoteCount: 0,
        restricted: mapped.restricted,
      });
    }
    return out.sort((a, b) => b.score - a.score);
  }

  /** The JSON body, or null for a 404; PDS errors become catalogue errors. */
  private async get(path: string): Promise<unknown> {
    const requestId = randomUUID();
    const headers: Record<string, string> = {
      accept: 'application/fhir+json',
      authorization: `Bearer ${await this.options.accessToken()}`,
      'x-request-id': requestId,
      'x-correlation-id': requestId,
    };
    if (this.options.sessionUrid) headers['nhsd-session-urid'] = this.options.sessionUrid;
    let res: Response;
    try {
      res = await this.fetch(`${this.options.baseUrl.replace(/\/$/, '')}/${path}`, { headers });
    } catch {
      throw new LanternError('E_UNAVAILABLE', 'The national demographics service (PDS) cannot be reached');
    }
    if (res.status === 404) return null;
    const body: unknown = await res.json().catch(() => null);
    // "Too many matches" arrives as an OperationOutcome, with a 200 as well as with an error
    // status: read as an empty searchset it would wrongly tell the call handler "not found".
    const outcome = (body as { resourceType?: string } | null)?.resourceType === 'OperationOutcome';
    if (outcome && JSON.stringify(body).includes('TOO_MANY_MATCHES')) {
      throw new LanternError('E_VALIDATION', 'Too many people match on PDS: add the given name or postcode', [
        { path: 'query', message: 'too many matches' },
      ]);
    }
    if (res.ok && !outcome) return body;
    if (res.status === 400) throw new LanternError('E_VALIDATION', 'PDS refused the search as not valid');
    throw new LanternError('E_UNAVAILABLE', `The national demographics service (PDS) answered ${res.status}`);
  }
}
