import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { matchPatients } from '@lantern/core';
import { describe, expect, it } from 'vitest';
import { mapPdsPatient, pdsSearchEntries } from './pdsAdapter.js';
import { PdsDemographicsTrace } from './pdsTrace.js';

/*
 * The PDS adapter against NHS England's own published PDS FHIR examples (shared/data/pds:
 * sandbox responses and Karate stubs, copied from NHSDigital/personal-demographics-service-api).
 * The shared data sits beside the repository, not in it; without it these tests are skipped.
 */
const dir = fileURLToPath(new URL('../../../../../shared/data/pds', import.meta.url));
const present = existsSync(dir);
const TODAY = '2026-11-29';

const load = (path: string): unknown => JSON.parse(readFileSync(join(dir, path), 'utf8'));

function allJson(folder: string): string[] {
  return readdirSync(join(dir, folder), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.json'))
    .map((f) => join(folder, f));
}

/** Every Patient in the examples: reads, and the entries of searchsets. */
function everyPatient(): { file: string; resource: Record<string, unknown> }[] {
  const out: { file: string; resource: Record<string, unknown> }[] = [];
  for (const file of [...allJson('sandbox-mocks'), ...allJson('karate-stubs')]) {
    const json = load(file) as { resourceType?: string };
    if (json.resourceType === 'Patient') out.push({ file, resource: json as Record<string, unknown> });
    for (const e of pdsSearchEntries(json))
      out.push({ file, resource: e.resource as Record<string, unknown> });
  }
  return out;
}

describe.skipIf(!present)('PDS FHIR Patient -> our demographics (shared/data/pds)', () => {
  if (!present) it.skip(`shared PDS examples not found at ${dir}`, () => undefined);

  it('every published Patient maps, or is refused with a reason; nothing throws', () => {
    const patients = everyPatient();
    expect(patients.length).toBeGreaterThan(60);
    const refused = new Map<string, string[]>();
    for (const { file, resource } of patients) {
      const mapped = mapPdsPatient(resource, TODAY);
      if (!mapped.ok) refused.set(`${file}#${String(resource.id)}`, mapped.problems);
    }
    // Only two kinds of record are refused: the "compound name" patient whose NHS number fails
    // its check digit, and the "minimal" patient with no name or date of birth.
    const reasons = [...refused.values()].flat();
    expect(reasons.every((r) => /check digit|no family name|no date of birth/.test(r))).toBe(true);
    expect([...refused.keys()].every((k) => /9000000015|9000000033/.test(k))).toBe(true);
    expect(refused.size).toBeGreaterThanOrEqual(4);
  });

  it('the sandbox patient 9000000009: every field we hold, with warnings for what has ended', () => {
    const mapped = mapPdsPatient(load('sandbox-mocks/Patient.json'), TODAY);
    if (!mapped.ok) throw new Error(mapped.problems.join('; '));
    expect(mapped.demographics).toEqual({
      nhsNumber: '9000000009',
      nhsNumberVerified: true,
      name: { prefix: 'Mrs', given: ['Jane'], family: 'Smith' },
      birthDate: '2010-10-22',
      gender: 'female',
      address: {
        lines: ['1 Trevelyan Square', 'Boar Lane', 'City Centre', 'Leeds', 'West Yorkshire'],
        postcode: 'LS1 6AE',
      },
      phones: [{ use: 'home', number: '+441632960587' }],
      gpPracticeOds: 'Y12345',
      language: 'fr',
      interpreterRequired: true,
      communicationNeeds: [{ kind: 'braille' }, { kind: 'text-relay' }],
    });
    expect(mapped.restricted).toBe(false);
    expect(mapped.deceasedAt).toBe('2010-10-22T00:00:00+00:00');
    expect(mapped.versionId).toBe('2');
    // The sandbox's periods end in 2025: the latest PDS holds is used, and said to be so.
    expect(mapped.warnings).toEqual(
      expect.arrayContaining([expect.stringContaining("PDS's name ended on 2025-12-31")]),
    );
  });

  it('a restricted (sensitive) patient: no address, flagged restricted', () => {
    const mapped = mapPdsPatient(load('sandbox-mocks/Sensitive_Patient.json'), TODAY);
    expect(mapped).toMatchObject({ ok: true, restricted: true });
    if (mapped.ok) expect(mapped.demographics.address).toBeUndefined();
  });

  it("PDS's own compound-name example fails the NHS number check digit and is refused", () => {
    const [entry] = pdsSearchEntries(load('sandbox-mocks/PatientCompoundName.json'));
    expect(mapPdsPatient(entry?.resource, TODAY)).toEqual({
      ok: false,
      nhsNumber: '9000000015',
      problems: [expect.stringContaining('check digit')],
    });
  });

  it('the minimal patient cannot identify anyone on a call', () => {
    const mapped = mapPdsPatient(load('sandbox-mocks/Minimal_Patient.json'), TODAY);
    expect(mapped).toMatchObject({ ok: false, nhsNumber: '9000000033' });
    if (!mapped.ok) expect(mapped.problems).toHaveLength(2);
  });

  it('the usual name, not the old one; a test postcode is left out with a warning', () => {
    const mapped = mapPdsPatient(load('karate-stubs/patientResponses/patient_9732110317.json'), TODAY);
    if (!mapped.ok) throw new Error(mapped.problems.join('; '));
    expect(mapped.demographics.name).toEqual({ prefix: 'Mr', given: ['Adrian'], family: 'Sanderson' });
    expect(mapped.demographics.address).toEqual({ lines: ['3984 Tomika Greens'] });
    expect(mapped.warnings).toContain('Postcode "ZY5T2PX" is not a UK postcode; left out');
  });

  it('an overseas mobile is kept in E.164', () => {
    const [entry] = pdsSearchEntries(load('karate-stubs/searchResponses/countrycode_mobile_searchset.json'));
    const mapped = mapPdsPatient(entry?.resource, TODAY);
    expect(mapped.ok && mapped.demographics.phones).toEqual([{ use: 'mobile', number: '+917855986859' }]);
  });

  it('accented names survive mapping, and our matching finds both Attisons with or without the accent', () => {
    const entries = pdsSearchEntries(load('karate-stubs/searchResponses/pauline_attison_searchset.json'));
    const people = entries.map((e, i) => {
      const m = mapPdsPatient(e.resource, TODAY);
      if (!m.ok) throw new Error(m.problems.join('; '));
      const d = m.demographics;
      return {
        id: String(i),
        nhsNumber: d.nhsNumber ?? null,
        family: d.name.family,
        given: d.name.given,
        birthDate: d.birthDate,
        postcode: d.address?.postcode ?? null,
      };
    });
    expect(people.map((p) => p.family)).toEqual(['attisón', 'attison']);
    const found = matchPatients({ family: 'Attison', given: 'Pauline', birthDate: '1960-07-14' }, people);
    expect(found.map((m) => m.score)).toEqual([1, 1]);
  });
});

describe.skipIf(!present)(
  'PdsDemographicsTrace over HTTP (a stand-in PDS serving the published examples)',
  () => {
    if (!present) it.skip(`shared PDS examples not found at ${dir}`, () => undefined);

    const calls: { url: string; headers: Record<string, string> }[] = [];
    const stand = (routes: Record<string, [number, string | null]>) =>
      new PdsDemographicsTrace({
        baseUrl: 'https://sandbox.api.service.nhs.uk/personal-demographics/FHIR/R4/',
        accessToken: async () => 'token-123',
        sessionUrid: '555254242106',
        now: () => new Date(`${TODAY}T12:00:00Z`),
        fetch: (async (input: string | URL | Request, init?: RequestInit) => {
          const url = String(input);
          calls.push({ url, headers: init?.headers as Record<string, string> });
          const key = Object.keys(routes).find((k) => url.includes(k));
          const [status, file] = key ? (routes[key] as [number, string | null]) : [404, null];
          return new Response(file ? readFileSync(join(dir, file)) : '{}', { status });
        }) as typeof fetch,
      });

    it('a read by NHS number sends the PDS headers and answers one verified match', async () => {
      const trace = stand({ 'Patient/9000000009': [200, 'sandbox-mocks/Patient.json'] });
      const [match, ...rest] = await trace.trace('org', { nhsNumber: '9000000009' as never });
      expect(rest).toEqual([]);
      expect(match).toMatchObject({
        patientId: null,
        source: 'pds',
        score: 1,
        nhsNumber: '9000000009',
        postcode: 'LS1 6AE',
      });
      const sent = calls.at(-1);
      expect(sent?.url).toBe(
        'https://sandbox.api.service.nhs.uk/personal-demographics/FHIR/R4/Patient/9000000009',
      );
      expect(sent?.headers).toMatchObject({
        authorization: 'Bearer token-123',
        'nhsd-session-urid': '555254242106',
      });
      expect(sent?.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('a search answers the searchset best first, without records that fail our checks', async () => {
      const trace = stand({
        'Patient?': [200, 'karate-stubs/searchResponses/pauline_attison_searchset.json'],
      });
      const matches = await trace.trace('org', {
        family: 'attison',
        given: 'pauline',
        birthDate: '1960-07-14',
      });
      expect(matches.map((m) => [m.nhsNumber, m.score])).toEqual([
        ['9693633148', 0.9317],
        ['9693633121', 0.9077],
      ]);
      const url = new URL(calls.at(-1)?.url as string);
      expect(Object.fromEntries(url.searchParams)).toMatchObject({
        family: 'attison',
        given: 'pauline',
        birthdate: 'eq1960-07-14',
        '_fuzzy-match': 'true',
      });
      const compound = stand({ 'Patient?': [200, 'sandbox-mocks/PatientCompoundName.json'] });
      expect(await compound.trace('org', { family: 'Smith', birthDate: '2010-10-22' })).toEqual([]);
    });

    it('"too many matches" is a 400 asking for more detail, never an empty answer', async () => {
      const trace = stand({ 'Patient?': [200, 'karate-stubs/searchResponses/TOO_MANY_MATCHES.json'] });
      await expect(trace.trace('org', { family: 'Smith', birthDate: '2000-05-05' })).rejects.toMatchObject({
        code: 'E_VALIDATION',
        message: expect.stringContaining('Too many'),
      });
    });

    it('not found is no match; a search without a date of birth is refused before calling PDS', async () => {
      const trace = stand({});
      expect(await trace.trace('org', { nhsNumber: '9990000018' as never })).toEqual([]);
      const before = calls.length;
      await expect(trace.trace('org', { family: 'Smith', given: 'Jane' })).rejects.toMatchObject({
        code: 'E_VALIDATION',
      });
      expect(calls.length).toBe(before);
    });
  },
);
