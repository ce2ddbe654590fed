import { newId, type StoredEvent } from '@lantern/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../organisations/store.js';
import { openTestDatabase, type TestDatabase } from '../testing/testDatabase.js';
import { EventStore } from './eventStore.js';
import { type Projection, ProjectionRegistry } from './projections.js';
import { rebuildProjections } from './rebuildProjections.js';

// A small read model built by the test: one row per stream with its event count. Its table is
// created here, outside the migrations, because it belongs to this test alone.
let t: TestDatabase;
const org = newId();
let failOn: string | null = null;

const counter: Projection = {
  name: 'test-stream-counter',
  version: 1,
  tables: ['test_stream_counter'],
  streamTypes: ['case'],
  async apply(tx, events: StoredEvent[]) {
    for (const e of events) {
      if (e.type === failOn) throw new Error('projection failed');
      await sql`INSERT INTO test_stream_counter (stream_id, n) VALUES (${e.streamId}, 1)
                ON CONFLICT (stream_id) DO UPDATE SET n = test_stream_counter.n + 1`.execute(tx);
    }
  },
};

const registry = new ProjectionRegistry();
registry.register(counter);
let store: EventStore;
const count = async (streamId: string) =>
  (
    await sql<{ n: number }>`SELECT n FROM test_stream_counter WHERE stream_id = ${streamId}`.execute(
      t.database.db,
    )
  ).rows[0]?.n ?? 0;

beforeAll(async () => {
  t = await openTestDatabase();
  await t.database.exec('CREATE TABLE test_stream_counter (stream_id uuid PRIMARY KEY, n integer NOT NULL)');
  await createOrganisation(t.database, { id: org, name: 'P', odsCode: null });
  store = new EventStore(t.database, registry);
});
afterAll(async () => t.cleanup());

describe('projections', () => {
  it('are updated in the same transaction as the append', async () => {
    const s = { type: 'case', id: newId() };
    await store.append(org, s, 0, [
      { id: newId(), type: 'CaseOpened', data: {} },
      { id: newId(), type: 'CaseQueued', data: {} },
    ]);
    expect(await count(s.id)).toBe(2);
  });

  it('ignore streams of other types', async () => {
    const s = { type: 'patient', id: newId() };
    await store.append(org, s, 0, [{ id: newId(), type: 'PatientRegistered', data: {} }]);
    expect(await count(s.id)).toBe(0);
  });

  it('a failing projection rolls back the append: no event without its projection', async () => {
    const s = { type: 'case', id: newId() };
    failOn = 'CaseBroken';
    await expect(
      store.append(org, s, 0, [
        { id: newId(), type: 'CaseOpened', data: {} },
        { id: newId(), type: 'CaseBroken', data: {} },
      ]),
    ).rejects.toThrow('projection failed');
    failOn = null;
    expect(await store.readStream(org, s.id)).toEqual([]);
    expect(await count(s.id)).toBe(0);
  });

  it('one failing append in a group does not sink the others', async () => {
    failOn = 'CaseBroken';
    const good = Array.from({ length: 5 }, () => ({ type: 'case', id: newId() }));
    const bad = { type: 'case', id: newId() };
    const outcomes = await Promise.allSettled([
      ...good.map((s) => store.append(org, s, 0, [{ id: newId(), type: 'CaseOpened', data: {} }])),
      store.append(org, bad, 0, [{ id: newId(), type: 'CaseBroken', data: {} }]),
    ]);
    failOn = null;
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
    ]);
    for (const s of good) expect(await count(s.id)).toBe(1);
  });

  it('lantern rebuild empties and replays them to the same state', async () => {
    const before = (
      await sql`SELECT stream_id, n FROM test_stream_counter ORDER BY stream_id`.execute(t.database.db)
    ).rows;
    await sql`UPDATE test_stream_counter SET n = 999`.execute(t.database.db);
    const progress: number[] = [];
    const report = await rebuildProjections(t.database, registry, (n) => progress.push(n));
    expect(report.projections).toEqual(['test-stream-counter']);
    expect(progress.at(-1)).toBe(report.events);
    const after = (
      await sql`SELECT stream_id, n FROM test_stream_counter ORDER BY stream_id`.execute(t.database.db)
    ).rows;
    expect(after).toEqual(before);
  });

  it('refuses two projections claiming one table', () => {
    const r = new ProjectionRegistry();
    r.register(counter);
    expect(() => r.register({ ...counter, name: 'other' })).toThrow(/already belongs/);
  });
});
