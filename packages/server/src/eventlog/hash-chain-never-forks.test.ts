import { newId } from '@lantern/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../organisations/store.js';
import { onPostgres, openTestDatabase, type TestDatabase } from '../testing/testDatabase.js';
import { EventStore } from './eventStore.js';
import { ProjectionRegistry } from './projections.js';
import { verifyChains } from './verifyChains.js';

// 50 independent appenders, each with its own EventStore (as if 50 server processes), all
// writing to one organisation at once. On PostgreSQL they race for the chain-head row lock
// over a pool of 50 real connections.
const WRITERS = 50;
const APPENDS_EACH = 8;

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase({ poolSize: WRITERS });
});
afterAll(async () => t.cleanup());

describe(`hash chain under ${WRITERS} concurrent appenders (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('never forks or breaks, and numbers events 1..n with no gap', async () => {
    const org = newId();
    await createOrganisation(t.database, { id: org, name: 'Busy 111', odsCode: 'BUSY1' });
    const writers = Array.from(
      { length: WRITERS },
      () => new EventStore(t.database, new ProjectionRegistry()),
    );
    const results = await Promise.all(
      writers.map(async (store) => {
        const out = [];
        for (let i = 0; i < APPENDS_EACH; i++) {
          const stream = { type: 'case', id: newId() };
          out.push(
            ...(await store.append(org, stream, 0, [
              { id: newId(), type: 'CaseOpened', data: { i } },
              { id: newId(), type: 'CaseQueued', data: {} },
            ])),
          );
        }
        return out;
      }),
    );
    const seqs = results
      .flat()
      .map((r) => r.seq)
      .sort((a, b) => a - b);
    const total = WRITERS * APPENDS_EACH * 2;
    expect(seqs).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    const hashes = new Set(results.flat().map((r) => r.hash));
    expect(hashes.size).toBe(total);

    const report = await verifyChains(t.database);
    expect(report.problems).toEqual([]);
    const chain = report.chains.find((c) => c.orgId === org);
    expect(chain).toMatchObject({ events: total, headSeq: total });
  });

  it('concurrent appends to one stream with the same expected version: exactly one wins', async () => {
    const org = newId();
    await createOrganisation(t.database, { id: org, name: 'Race', odsCode: null });
    const stream = { type: 'case', id: newId() };
    const writers = Array.from({ length: 10 }, () => new EventStore(t.database, new ProjectionRegistry()));
    await writers[0]?.append(org, stream, 0, [{ id: newId(), type: 'CaseOpened', data: {} }]);
    const outcomes = await Promise.allSettled(
      writers.map((w) => w.append(org, stream, 1, [{ id: newId(), type: 'CaseAssigned', data: {} }])),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes)
      if (o.status === 'rejected') expect(o.reason).toMatchObject({ code: 'E_STREAM_VERSION_CONFLICT' });
    expect((await verifyChains(t.database)).ok).toBe(true);
  });

  it('the same event retried concurrently from many writers is recorded once', async () => {
    const org = newId();
    await createOrganisation(t.database, { id: org, name: 'Retry', odsCode: null });
    const stream = { type: 'case', id: newId() };
    const event = {
      id: newId(),
      type: 'CaseOpened',
      data: { caller: 'Bo' },
      occurredAt: new Date().toISOString(),
    };
    const writers = Array.from({ length: 20 }, () => new EventStore(t.database, new ProjectionRegistry()));
    const outcomes = await Promise.all(writers.map((w) => w.append(org, stream, 'any', [event])));
    expect(new Set(outcomes.map((o) => o[0]?.seq)).size).toBe(1);
    expect(outcomes.filter((o) => !o[0]?.duplicate)).toHaveLength(1);
  });
});
