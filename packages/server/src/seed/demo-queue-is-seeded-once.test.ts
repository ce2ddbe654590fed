import { breachBand, parseNhsNumber } from '@lantern/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStore } from '../eventlog/eventStore.js';
import { ProjectionRegistry } from '../eventlog/projections.js';
import { registerProjections } from '../runtime.js';
import { openTestDatabase, type TestDatabase } from '../testing/testDatabase.js';
import { DEMO_ORG, seedDemo } from './demo.js';

let db: TestDatabase;
let store: EventStore;

beforeAll(async () => {
  db = await openTestDatabase();
  const projections = new ProjectionRegistry();
  registerProjections(projections);
  store = new EventStore(db.database, projections);
});
afterAll(async () => db.cleanup());

const countEvents = async () =>
  Number(
    (
      await db.database.db
        .selectFrom('events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('the demo queue', () => {
  it('looks live: 25 cases across dispositions and every breach band, with test-range NHS numbers', async () => {
    const started = Date.now();
    await seedDemo(db.database, store);
    expect(Date.now() - started).toBeLessThan(15_000);
    const rows = await db.database.db
      .selectFrom('cases')
      .selectAll()
      .where('org_id', '=', DEMO_ORG.id)
      .execute();
    expect(rows).toHaveLength(25);
    const now = new Date();
    const bands = new Set(
      rows
        .filter((r) => r.status === 'queued' || r.status === 'assigned')
        .map((r) => breachBand(now, r.breach_at, r.timeframe_minutes)),
    );
    expect([...bands].sort()).toEqual(['breached', 'critical', 'ok', 'warning']);
    expect(new Set(rows.map((r) => r.disposition_code)).size).toBeGreaterThan(12);
    expect(rows.filter((r) => r.status === 'assigned').length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.status === 'open')).toHaveLength(2);
    expect(rows.filter((r) => r.repeat_caller)).toHaveLength(1);
    for (const r of rows) {
      expect(r.nhs_number?.startsWith('999')).toBe(true);
      expect(parseNhsNumber(r.nhs_number as string).ok).toBe(true);
    }
  });

  it('names real patients: every case’s patient is in the index, with the same NHS number', async () => {
    const rows = await db.database.db
      .selectFrom('cases')
      .leftJoin('patients', 'patients.id', 'cases.patient_id')
      .select(['cases.id', 'cases.nhs_number as case_nhs', 'patients.nhs_number as index_nhs'])
      .where('cases.org_id', '=', DEMO_ORG.id)
      .execute();
    expect(rows).toHaveLength(25);
    for (const r of rows) expect(r.index_nhs ?? 'not in the index').toBe(r.case_nhs);
  });

  it('is idempotent: seeding again writes nothing', async () => {
    const before = await countEvents();
    await seedDemo(db.database, store);
    expect(await countEvents()).toBe(before);
  });
});
