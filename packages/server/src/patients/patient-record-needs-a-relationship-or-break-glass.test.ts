import { newId } from '@lantern/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithUsers, signIn, TestClock, type TestUser } from '../testing/identityFixtures.js';
import { openTestApp, type TestApp } from '../testing/testApp.js';
import { type Api, apiAs, closeCase, openCaseFor, registerPatient, registration } from './patientFixtures.js';

/*
 * Story: during a call a health advisor traces the patient, registers them when they are not
 * found, and opens their record through the case. A clinician with no case for the patient is
 * refused, breaks the glass with a reason, gets 30 minutes, and the privacy officer sees it.
 * Every look at the patient is in the audit log under the patient's id.
 */
const clock = new TestClock();
let t: TestApp;
let orgId: string;
let users: Record<string, TestUser>;
let handler: Api;
let clinician: Api;
let auditor: Api;

const margaret = {
  nhsNumber: '943 476 5919',
  name: { prefix: 'Mrs', given: ['Margaret', 'Ann'], family: 'Oakes' },
  birthDate: '1941-05-09',
  gender: 'female' as const,
  address: { lines: ['12 Mill Lane', 'Didsbury', 'Manchester'], postcode: 'm20 2pn' },
  phones: [{ use: 'home', number: '0161 496 0000' }],
  gpPracticeOds: 'p84012',
  language: 'pl',
  interpreterRequired: true,
};
let margaretId = '';
let caseId = '';

beforeAll(async () => {
  t = await openTestApp({ now: clock.now });
  const org = await createOrgWithUsers(t.db.database, 'Story IUC', ['call-handler', 'clinician', 'auditor']);
  orgId = org.orgId;
  users = org.users;
  handler = apiAs(t.app, await signIn(t.app, clock, users['call-handler'] as TestUser));
  clinician = apiAs(t.app, await signIn(t.app, clock, users.clinician as TestUser));
  auditor = apiAs(t.app, await signIn(t.app, clock, users.auditor as TestUser));
});
afterAll(async () => t.close());

describe('story: trace, register, open through the case', () => {
  it('the trace finds no one yet', async () => {
    const res = await handler.get('/api/patients?nhsNumber=943%20476%205919');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ source: 'local', matches: [] });
  });

  it('registering normalises what was typed; the same request retried is answered, not repeated', async () => {
    const body = registration(margaret);
    margaretId = body.id;
    const res = await handler.post('/api/patients', body);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      patientId: margaretId,
      version: 1,
      demographics: {
        nhsNumber: '9434765919',
        nhsNumberVerified: false,
        address: { postcode: 'M20 2PN' },
        phones: [{ use: 'home', number: '+441614960000' }],
        gpPracticeOds: 'P84012',
      },
      activeSpecialNotes: [],
    });
    const retry = await handler.post('/api/patients', body);
    expect(retry.statusCode).toBe(200);
    expect(retry.json().version).toBe(1);
    expect(await t.eventStore.readStream(orgId, margaretId)).toHaveLength(1);
  });

  it('others with similar names are registered too', async () => {
    await registerPatient(handler, {
      name: { given: ['Margaret'], family: 'Oaks' },
      birthDate: '1941-05-09',
      gender: 'female',
    });
    await registerPatient(handler, {
      name: { given: ['Marjorie'], family: 'Oakes' },
      birthDate: '1941-09-05',
      gender: 'female',
    });
    await registerPatient(handler, {
      name: { given: ['Peter'], family: 'Oakes' },
      birthDate: '1970-01-30',
      gender: 'male',
    });
  });

  it('the trace by NHS number finds exactly her, with identifying fields only', async () => {
    const res = await handler.get('/api/patients?nhsNumber=9434765919');
    const { matches } = res.json();
    expect(matches).toEqual([
      {
        patientId: margaretId,
        source: 'local',
        score: 1,
        matchedOn: ['nhs-number'],
        nhsNumber: '9434765919',
        name: { prefix: 'Mrs', given: ['Margaret', 'Ann'], family: 'Oakes' },
        birthDate: '1941-05-09',
        postcode: 'M20 2PN',
        specialNoteCount: 0,
      },
    ]);
  });

  it('the trace by name and date of birth ranks her first, then the near misses', async () => {
    const res = await handler.get(
      '/api/patients?family=OAKES&given=margaret&birthDate=1941-05-09&postcode=M20%202PN',
    );
    const ranked = res
      .json()
      .matches.map((m: { name: { given: string[]; family: string }; score: number }) => [
        `${m.name.given[0]} ${m.name.family}`,
        m.score,
      ]);
    expect(ranked[0]).toEqual(['Margaret Oakes', 1]);
    expect(ranked.map((r: [string, number]) => r[0])).toEqual([
      'Margaret Oakes',
      'Margaret Oaks',
      'Marjorie Oakes',
    ]);
    expect(ranked[1][1]).toBeLessThan(1);
  });

  it('a clinician with no case for her is refused, and told they can break the glass', async () => {
    const res = await clinician.get(`/api/patients/${margaretId}`);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({
      code: 'E_FORBIDDEN',
      detail: expect.stringContaining('break the glass'),
    });
  });

  it('having registered her gives the health advisor no relationship either: no reading, no notes', async () => {
    expect((await handler.get(`/api/patients/${margaretId}`)).statusCode).toBe(403);
    const note = await handler.post(`/api/patients/${margaretId}/special-notes`, {
      eventId: newId(),
      noteId: newId(),
      kind: 'other',
      text: 'Written without a case',
    });
    expect(note.statusCode).toBe(403);
    expect(await t.eventStore.readStream(orgId, margaretId)).toHaveLength(1);
  });
});

describe('story: break-glass', () => {
  let grant: { grantId: string; expiresAt: string; grantedAt: string };

  it('a reason under ten characters is refused and grants nothing', async () => {
    const res = await clinician.post(`/api/patients/${margaretId}/break-glass`, { reason: 'urgent' });
    expect(res.statusCode).toBe(400);
    expect((await clinician.get(`/api/patients/${margaretId}`)).statusCode).toBe(403);
  });

  it('a health advisor cannot break the glass at all (not in their role)', async () => {
    const res = await handler.post(`/api/patients/${margaretId}/break-glass`, {
      reason: 'I would like to look at this record please',
    });
    expect(res.statusCode).toBe(403);
  });

  it('with a reason, the clinician gets the record for 30 minutes', async () => {
    const res = await clinician.post(`/api/patients/${margaretId}/break-glass`, {
      reason: 'Patient collapsed at the walk-in centre; no case transferred yet, need her history',
    });
    expect(res.statusCode).toBe(201);
    grant = res.json();
    expect(Date.parse(grant.expiresAt) - Date.parse(grant.grantedAt)).toBe(30 * 60_000);
    const read = await clinician.get(`/api/patients/${margaretId}`);
    expect(read.statusCode).toBe(200);
    expect(read.json().access).toEqual({
      basis: 'break-glass',
      grantId: grant.grantId,
      expiresAt: grant.expiresAt,
    });
    expect(read.json().activeSpecialNotes).toEqual([]);
  });

  it('the privacy officer sees the alert, with who, which patient and why', async () => {
    const res = await auditor.get('/api/privacy-alerts');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toContainEqual(
      expect.objectContaining({
        kind: 'break-glass',
        userId: users.clinician?.id,
        patientId: margaretId,
        reason: expect.stringContaining('Patient collapsed'),
      }),
    );
  });

  it('after 30 minutes the glass is whole again', async () => {
    // Time passes: the grant's window is moved 31 minutes into the past. (Only the database
    // owner can do this; the application role may insert and read grants, never change them.)
    const back = (iso: string) => new Date(Date.parse(iso) - 31 * 60_000);
    await t.db.database.db
      .updateTable('break_glass_grants')
      .set({ granted_at: back(grant.grantedAt), expires_at: back(grant.expiresAt) })
      .where('id', '=', grant.grantId)
      .execute();
    const res = await clinician.get(`/api/patients/${margaretId}`);
    expect(res.statusCode).toBe(403);
  });
});

describe('story: the case gives the relationship, and it ends with the case', () => {
  it('with an open case at her organisation, the health advisor opens the full record', async () => {
    caseId = await openCaseFor(t.eventStore, orgId, margaretId);
    const res = await handler.get(`/api/patients/${margaretId}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      patientId: margaretId,
      access: { basis: 'open-case' },
      demographics: { language: 'pl', interpreterRequired: true },
    });
    // The relationship is the organisation's: the clinician picking up the case reads it too.
    expect((await clinician.get(`/api/patients/${margaretId}`)).json().access).toEqual({
      basis: 'open-case',
    });
  });

  it('a DNACPR note is added and every view flags it', async () => {
    const add = await handler.post(`/api/patients/${margaretId}/special-notes`, {
      eventId: newId(),
      noteId: newId(),
      kind: 'dnacpr-respect',
      text: 'DNACPR in place (ReSPECT form on the fridge). Daughter holds LPA for health.',
    });
    expect(add.statusCode).toBe(201);
    expect(add.json().activeSpecialNotes).toEqual([
      expect.objectContaining({
        kind: 'dnacpr-respect',
        label: 'DNACPR / ReSPECT',
        addedBy: users['call-handler']?.id,
      }),
    ]);
    const trace = await handler.get('/api/patients?nhsNumber=9434765919');
    expect(trace.json().matches[0].specialNoteCount).toBe(1);
  });

  it('when her case closes, the health advisor no longer has a relationship either', async () => {
    await closeCase(t.eventStore, orgId, caseId);
    expect((await handler.get(`/api/patients/${margaretId}`)).statusCode).toBe(403);
  });
});

describe('story: every look at her is audited under her id', () => {
  it('the auditor reads her history as FHIR AuditEvents', async () => {
    const res = await auditor.get(`/fhir/R4/AuditEvent?patient=Patient/${margaretId}&_count=200`);
    expect(res.statusCode).toBe(200);
    const events = res.json().entry.map((e: { resource: Record<string, never> }) => e.resource) as {
      subtype: { code: string }[];
      outcomeDesc: string;
      entity: { what: { reference?: string } }[];
    }[];
    const seen = events.map((e) => `${e.subtype[0]?.code}:${e.outcomeDesc}`);
    expect(seen).toEqual(
      expect.arrayContaining([
        'create:success',
        'search-match:success',
        'read:denied',
        'read:success',
        'special-note-add:success',
        'break-glass:failure',
        'break-glass:success',
      ]),
    );
    for (const e of events) expect(e.entity[0]?.what.reference).toBe(`Patient/${margaretId}`);
    // The clinician before the grant, after a refused reason and after expiry; the advisor
    // before the case and after it closed.
    expect(seen.filter((s) => s === 'read:denied').length).toBe(5);
    expect(seen).toContain('special-note-add:denied');
  });

  it('a search is audited as a search, with how many it showed', async () => {
    const res = await auditor.get('/fhir/R4/AuditEvent?subtype=search&_count=50');
    expect(res.json().total).toBeGreaterThanOrEqual(4);
  });

  it('an auditor cannot search or read patients themselves', async () => {
    expect((await auditor.get('/api/patients?nhsNumber=9434765919')).statusCode).toBe(403);
    expect((await auditor.get(`/api/patients/${margaretId}`)).statusCode).toBe(403);
  });
});
