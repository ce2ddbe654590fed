import { newId } from '@lantern/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOrganisation } from '../organisations/store.js';
import { openTestDatabase, type TestDatabase } from '../testing/testDatabase.js';
import { EventStore } from './eventStore.js';
import { ProjectionRegistry } from './projections.js';
import { verifyChains } from './verifyChains.js';

// An attacker with database rights first has to get past the append-only trigger; these tests
// do what such an attacker would (disable it) and show the chain still tells.
let t: TestDatabase;
let org: string;

beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t.cleanup());

// Each test attacks its own organisation's chain; the others stay intact.
beforeEach(async () => {
  org = newId();
  await createOrganisation(t.database, { id: org, name: 'Victim', odsCode: null });
  const store = new EventStore(t.database, new ProjectionRegistry());
  for (let i = 0; i < 5; i++) {
    await store.append(org, { type: 'case', id: newId() }, 0, [
      { id: newId(), type: 'DispositionReached', data: { code: `Dx0${i}`, minutes: 60 * i } },
    ]);
  }
  expect(await brokenLink()).toBeNull();
});

const brokenLink = async () =>
  (await verifyChains(t.database)).chains.find((c) => c.orgId === org)?.broken ?? null;

const tamper = async (statement: string) => {
  await t.database.exec(
    `ALTER TABLE events DISABLE TRIGGER USER; ${statement}; ALTER TABLE events ENABLE TRIGGER USER;`,
  );
};

describe('lantern verify catches a change made directly in SQL', () => {
  it('the database itself refuses UPDATE, DELETE and TRUNCATE on events', async () => {
    await expect(sql`UPDATE events SET type = 'X'`.execute(t.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM events`.execute(t.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE events`.execute(t.database.db)).rejects.toThrow(/append-only/);
  });

  it('an edited row', async () => {
    await tamper(
      `UPDATE events SET data = '{"code":"Dx02","minutes":9999}' WHERE org_id = '${org}' AND seq = 3`,
    );
    const report = await verifyChains(t.database);
    expect(report.ok).toBe(false);
    expect(await brokenLink()).toMatchObject({ kind: 'hash-mismatch', seq: 3 });
    expect(report.problems.join('\n')).toMatch(/seq 3 .*edited/);
  });

  it('a deleted row in the middle', async () => {
    await tamper(`DELETE FROM events WHERE org_id = '${org}' AND seq = 2`);
    expect(await brokenLink()).toMatchObject({ kind: 'gap', expectedSeq: 2, foundSeq: 3 });
  });

  it('a deleted last row (truncated tail)', async () => {
    await tamper(`DELETE FROM events WHERE org_id = '${org}' AND seq = 5`);
    expect(await brokenLink()).toMatchObject({ kind: 'head-mismatch', headSeq: 5, lastSeq: 4 });
  });

  it('two rows swapped (reordered)', async () => {
    await tamper(
      [
        `UPDATE events SET seq = 1000 WHERE org_id = '${org}' AND seq = 2`,
        `UPDATE events SET seq = 2 WHERE org_id = '${org}' AND seq = 4`,
        `UPDATE events SET seq = 4 WHERE org_id = '${org}' AND seq = 1000`,
      ].join('; '),
    );
    expect(await brokenLink()).toMatchObject({ kind: 'prev-hash-mismatch', seq: 2 });
  });

  it('a row re-hashed by the attacker still breaks the link to the next one', async () => {
    await tamper(
      `UPDATE events SET data = '{"code":"Dx05"}', hash = repeat('a', 64) WHERE org_id = '${org}' AND seq = 2`,
    );
    expect(await brokenLink()).toMatchObject({ seq: 2 });
  });
});
