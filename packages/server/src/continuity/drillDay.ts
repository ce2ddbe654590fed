/**
 * Test support for the restore drills: "a day" of records as a real service would hold them,
 * written through the real event store (with every registered projection: cases, triage,
 * patient index...), the real audit log and real user accounts. Several organisations work at
 * once, so their chains interleave in time; a clock the drill controls stamps every append, so
 * a point in the day can be named for a point-in-time restore.
 */
import { type JsonObject, type NewEvent, newId } from '@lantern/core';
import { sql } from 'kysely';
import { AuditLog } from '../audit/auditLog.js';
import { EventStore } from '../eventlog/eventStore.js';
import { ProjectionRegistry } from '../eventlog/projections.js';
import { createUser } from '../identity/users.js';
import { createOrganisation } from '../organisations/store.js';
import { registerProjections } from '../runtime.js';
import type { Database } from '../storage/database.js';

/** A clock that moves on by `stepMs` every time it is read, from the start of a day shift. */
export class DrillClock {
  constructor(
    public ms = Date.parse('2026-03-02T08:00:00.000Z'),
    private readonly stepMs = 7_000,
  ) {}
  now = (): Date => {
    this.ms += this.stepMs;
    return new Date(this.ms);
  };
}

export interface DrillOrg {
  id: string;
  ods: string;
  userIds: string[];
}

export interface DrillDay {
  orgs: DrillOrg[];
  clock: DrillClock;
  eventStore: EventStore;
  audit: AuditLog;
  projections: ProjectionRegistry;
}

export interface DaySize {
  orgs: number;
  casesPerOrg: number;
  patientsPerOrg: number;
  usersPerOrg: number;
}

/** Organisations, users with MFA material, and the services that write the day. */
export async function openDrillDay(
  database: Database,
  size: DaySize,
  clock = new DrillClock(),
): Promise<DrillDay> {
  const projections = new ProjectionRegistry();
  registerProjections(projections);
  const eventStore = new EventStore(database, projections, { now: clock.now });
  const audit = new AuditLog(database, clock.now);
  const orgs: DrillOrg[] = [];
  for (let o = 0; o < size.orgs; o++) {
    const id = newId();
    const ods = `DRL${o}${id.slice(-4).toUpperCase()}`;
    await createOrganisation(database, { id, name: `Drill IUC ${o + 1}`, odsCode: ods });
    const userIds: string[] = [];
    for (let u = 0; u < size.usersPerOrg; u++) {
      const user = await createUser(database, {
        orgId: id,
        username: `clinician${u}.${ods.toLowerCase()}@drill.test`,
        displayName: `Clinician ${u} of ${ods}`,
        password: `drill password ${u} for ${ods}`,
        roles: u === 0 ? ['clinician', 'supervisor'] : ['call-handler'],
      });
      userIds.push(user.id);
      await giveMfaMaterial(database, id, user.id, u);
    }
    orgs.push({ id, ods, userIds });
  }
  return { orgs, clock, eventStore, audit, projections };
}

/** TOTP, recovery codes, a passkey, a session, a break-glass grant and an alert: reference data. */
async function giveMfaMaterial(database: Database, orgId: string, userId: string, n: number): Promise<void> {
  const db = database.db;
  await db
    .updateTable('users')
    .set({ mfa_enrolled: true, totp_secret: `JBSWY3DPEHPK3PX${n}`, totp_last_step: 59_000_000 + n })
    .where('id', '=', userId)
    .execute();
  await db
    .insertInto('recovery_codes')
    .values([
      { user_id: userId, org_id: orgId, code_hash: `rc-${userId}-1`, used_at: null },
      { user_id: userId, org_id: orgId, code_hash: `rc-${userId}-2`, used_at: '2026-03-01T10:11:12.345678Z' },
    ])
    .execute();
  await db
    .insertInto('webauthn_credentials')
    .values({
      id: `cred-${userId}`,
      user_id: userId,
      org_id: orgId,
      public_key: 'pQECAyYgASFYIBjr4wLxa0Zq',
      counter: 42 + n,
      transports: ['usb', 'nfc'],
    })
    .execute();
  await db
    .insertInto('sessions')
    .values({
      id_hash: `session-${userId}`,
      user_id: userId,
      org_id: orgId,
      csrf_hash: 'csrf',
      mfa_method: 'totp',
      absolute_expires_at: '2026-03-02T20:00:00Z',
    })
    .execute();
  await db
    .insertInto('break_glass_grants')
    .values({
      id: newId(),
      org_id: orgId,
      user_id: userId,
      patient_id: newId(),
      reason: 'Unconscious patient brought in by ambulance',
      granted_at: '2026-03-02T09:00:00.123456Z',
      expires_at: '2026-03-02T09:30:00Z',
    })
    .execute();
  await sql`INSERT INTO privacy_alerts (id, org_id, kind, user_id, reason, created_at)
            VALUES (${newId()}, ${orgId}, 'break-glass', ${userId}, 'Break-glass used', '2026-03-02T09:00:01Z')`.execute(
    db,
  );
}

const COMPLAINTS = [
  'Chest pain',
  'Headache and jaw pain when chewing',
  'Fever in a 2-year-old',
  'Fall at home',
];

/**
 * One case's life as a list of appends (each append is one command): opened with the complaint,
 * triaged to a disposition, outcome, queued, taken, consulted, and (most) closed.
 */
function caseAppends(userId: string, i: number, patientId: string | null): NewEvent[][] {
  const e = (type: string, data: JsonObject): NewEvent => ({ id: newId(), type, data, actor: userId });
  const appends: NewEvent[][] = [
    [
      e('CaseOpened', {
        call: {
          callerName: `Caller ${i}`,
          relationshipToPatient: 'self',
          callBackNumber: `07700 900${String(i % 1000).padStart(3, '0')}`,
        },
        location: { postcode: 'M1 3HE' },
        arrivedVia: 'phone-111',
        serviceId: 'gm-111',
        openedBy: userId,
      }),
      e('PresentingComplaintRecorded', { text: COMPLAINTS[i % COMPLAINTS.length] as string }),
    ],
  ];
  if (patientId)
    appends.push([
      e('PatientIdentified', { patientId, verified: false, demographics: { givenName: `Pat ${i}` } }),
    ]);
  appends.push(
    [
      e('DispositionReached', {
        code: 'Dx05',
        label: 'To contact a Primary Care Service within 2 Hours',
        timeframeMinutes: 120,
        skillset: 'primary-care-face-to-face',
        source: 'triage',
      }),
    ],
    [e('CaseOutcomeRecorded', { outcome: 'advice-given', summary: 'Advice given; safety-netted' })],
    [e('CaseQueued', { queue: 'cas-gp', priority: 1 + (i % 5) })],
    [e('CaseAssigned', { clinicianId: userId })],
    [
      e('ConsultationNoteAdded', {
        text: `Spoke to caller ${i}. Café owner; 2.5 mg ½ tablet — “as before” 🚑`,
        authorId: userId,
        kind: 'consultation',
      }),
    ],
  );
  if (i % 4 !== 0) appends.push([e('CaseClosed', { reason: 'Advice given' })]);
  return appends;
}

export interface DayWritten {
  events: number;
  audits: number;
}

/**
 * Writes `size` worth of work for every organisation, all organisations at once, step by step
 * so each chain grows through the day. Returns how many events and audit entries were written.
 */
export async function writeDay(day: DrillDay, size: DaySize, round = 0): Promise<DayWritten> {
  const written = { events: 0, audits: 0 };
  await Promise.all(
    day.orgs.map(async (org, o) => {
      const actor = org.userIds[0] as string;
      const patientIds: string[] = [];
      for (let p = 0; p < size.patientsPerOrg; p++) {
        const id = newId();
        patientIds.push(id);
        await day.eventStore.append(org.id, { type: 'patient', id }, 0, [
          {
            id: newId(),
            type: 'PatientRegistered',
            data: {
              demographics: {
                name: { given: [`Given${p}`], family: `Family${round}${o}${p}` },
                birthDate: `19${50 + (p % 50)}-0${1 + (p % 9)}-1${p % 10}`,
                gender: p % 2 ? 'female' : 'male',
                address: { lines: [`${p} Oxford Road`], postcode: 'M1 3HE' },
              },
            },
            actor,
          },
        ]);
        written.events += 1;
      }
      const lives = Array.from({ length: size.casesPerOrg }, (_, i) =>
        caseAppends(org.userIds[i % org.userIds.length] as string, round * 1000 + i, patientIds[i] ?? null),
      );
      const streams = lives.map(() => ({ id: newId(), version: 0 }));
      // Interleave the cases: step 1 of every case, then step 2..., as a busy shift does.
      for (let step = 0; lives.some((l) => step < l.length); step++) {
        for (const [i, life] of lives.entries()) {
          const batch = life[step];
          if (!batch) continue;
          const stream = streams[i] as { id: string; version: number };
          await day.eventStore.append(org.id, { type: 'case', id: stream.id }, stream.version, batch);
          stream.version += batch.length;
          written.events += batch.length;
          if (step % 3 === 0) {
            await day.audit.record({
              orgId: org.id,
              category: 'patient-record',
              action: 'read',
              outcome: 'success',
              userId: org.userIds[0] ?? null,
              entityType: 'case',
              entityId: stream.id,
              requestId: `req-${round}-${o}-${i}-${step}`,
              detail: { step, note: 'ünïcødé ✓' },
            });
            written.audits += 1;
          }
        }
        await day.eventStore.append(org.id, { type: 'shift-log', id: newId() }, 0, [
          {
            id: newId(),
            type: 'ShiftNoteRecorded',
            data: { step, text: 'Handover: 3 waiting', dose: 2.5, big: 12345678901234 },
            deviceId: 'console-7',
          },
        ]);
        written.events += 1;
      }
    }),
  );
  await day.audit.record({
    orgId: null,
    category: 'authentication',
    action: 'login',
    outcome: 'failure',
    username: 'nobody@drill.test',
  });
  written.audits += 1;
  return written;
}
