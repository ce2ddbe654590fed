import { isNhsNumber, newId, PATIENT_STREAM } from '@lantern/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectionRegistry } from '../eventlog/projections.js';
import { rebuildProjections } from '../eventlog/rebuildProjections.js';
import { createOrganisation } from '../organisations/store.js';
import { registerProjections } from '../runtime.js';
import { openTestApp, type TestApp } from '../testing/testApp.js';
import { DEMO_PATIENT_COUNT, demoNhsNumber, seedDemoPatients } from './demoPatients.js';

let t: TestApp;
const orgId = newId();

const indexRows = () =>
  t.db.database.db
    .selectFrom('patients')
    .select(['id', 'nhs_number', 'family_key', 'postcode', 'special_note_count', 'version', 'record'])
    .where('org_id', '=', orgId)
    .orderBy('id')
    .execute();

beforeAll(async () => {
  t = await openTestApp();
  await createOrganisation(t.db.database, { id: orgId, name: 'Demo', odsCode: null });
});
afterAll(async () => t.close());

describe('demo patients', () => {
  it('about thirty, with valid NHS numbers in the test range, all different', () => {
    const numbers = Array.from({ length: DEMO_PATIENT_COUNT }, (_, i) => demoNhsNumber(i));
    expect(DEMO_PATIENT_COUNT).toBeGreaterThanOrEqual(28);
    for (const n of numbers) {
      expect(isNhsNumber(n)).toBe(true);
      expect(n).toMatch(/^999\d{7}$/);
    }
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it('seeding registers every one, some with special notes of every kind', async () => {
    const lines = await seedDemoPatients(t.eventStore, orgId);
    expect(lines[0]).toContain(`${DEMO_PATIENT_COUNT} new`);
    const rows = await indexRows();
    expect(rows).toHaveLength(DEMO_PATIENT_COUNT);
    const kinds = new Set(
      rows.flatMap((r) => (r.record as { specialNotes: { kind: string }[] }).specialNotes.map((n) => n.kind)),
    );
    expect([...kinds].sort()).toEqual(['access', 'care-plan', 'dnacpr-respect', 'other', 'safeguarding']);
    expect(rows.every((r) => (r.record as { problems: unknown[] }).problems.length === 0)).toBe(true);
  });

  it('seeding again changes nothing', async () => {
    const before = await t.db.database.db
      .selectFrom('events')
      .select('id')
      .where('org_id', '=', orgId)
      .execute();
    const lines = await seedDemoPatients(t.eventStore, orgId);
    expect(lines[0]).toContain('(0 new)');
    const after = await t.db.database.db
      .selectFrom('events')
      .select('id')
      .where('org_id', '=', orgId)
      .execute();
    expect(after).toHaveLength(before.length);
  });

  it('the index rebuilt from the log is the same index', async () => {
    const before = await indexRows();
    const registry = new ProjectionRegistry();
    registerProjections(registry);
    const report = await rebuildProjections(t.db.database, registry);
    expect(report.projections).toContain('patient-index');
    expect(await indexRows()).toEqual(before);
    const streams = await t.db.database.db
      .selectFrom('events')
      .select('stream_id')
      .distinct()
      .where('stream_type', '=', PATIENT_STREAM)
      .where('org_id', '=', orgId)
      .execute();
    expect(streams).toHaveLength(DEMO_PATIENT_COUNT);
  });
});
