import { type JsonObject, LanternError, newId } from '@lantern/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../organisations/store.js';
import { openTestDatabase, type TestDatabase } from '../testing/testDatabase.js';
import { EventStore } from './eventStore.js';
import { ProjectionRegistry } from './projections.js';
import { verifyChains } from './verifyChains.js';

let t: TestDatabase;
let store: EventStore;
const org = newId();

beforeAll(async () => {
  t = await openTestDatabase();
  await createOrganisation(t.database, { id: org, name: 'Test IUC', odsCode: 'TST01' });
  store = new EventStore(t.database, new ProjectionRegistry());
});
afterAll(async () => t.cleanup());

const ev = (type: string, data: JsonObject = {}) => ({ id: newId(), type, data });
const caseStream = () => ({ type: 'case', id: newId() });
const countRows = async () =>
  Number(
    (
      await t.database.db
        .selectFrom('events')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('append', () => {
  it('writes a batch atomically and returns seq and hash for each event', async () => {
    const stream = caseStream();
    const result = await store.append(org, stream, 0, [
      ev('CaseOpened', { caller: 'Ann' }),
      ev('PatientIdentified', { nhs: '9990000018' }),
    ]);
    expect(result).toHaveLength(2);
    expect(result[1]?.seq).toBe((result[0]?.seq ?? 0) + 1);
    expect(result.map((r) => r.streamVersion)).toEqual([1, 2]);
    expect(result[0]?.hash).toMatch(/^[0-9a-f]{64}$/);
    const stored = await store.readStream(org, stream.id);
    expect(stored.map((e) => e.type)).toEqual(['CaseOpened', 'PatientIdentified']);
    expect(stored[1]?.prevHash).toBe(stored[0]?.hash);
  });

  it('re-appending identical events returns the original result and writes nothing', async () => {
    const stream = caseStream();
    const batch = [{ ...ev('CaseOpened', { a: 1 }), occurredAt: '2026-11-01T10:00:00.000Z' }];
    const first = await store.append(org, stream, 0, batch);
    const before = await countRows();
    const again = await store.append(org, stream, 0, batch);
    expect(again).toEqual(first.map((r) => ({ ...r, duplicate: true })));
    expect(await countRows()).toBe(before);
  });

  it('the same id with different content is a conflict, never an overwrite', async () => {
    const stream = caseStream();
    const e = ev('CaseOpened', { a: 1 });
    await store.append(org, stream, 0, [e]);
    await expect(store.append(org, stream, 'any', [{ ...e, data: { a: 2 } }])).rejects.toMatchObject({
      code: 'E_EVENT_ID_CONFLICT',
    });
    const stored = await store.readStream(org, stream.id);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.data).toEqual({ a: 1 });
  });

  it('a stale expected version is rejected and nothing of the batch is written', async () => {
    const stream = caseStream();
    await store.append(org, stream, 0, [ev('CaseOpened')]);
    const before = await countRows();
    const err = await store
      .append(org, stream, 0, [ev('CaseQueued'), ev('CaseAssigned')])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LanternError);
    expect(err).toMatchObject({ code: 'E_STREAM_VERSION_CONFLICT' });
    expect(await countRows()).toBe(before);
  });

  it('a batch that mixes recorded and new ids is refused as a whole', async () => {
    const stream = caseStream();
    const e1 = ev('CaseOpened');
    await store.append(org, stream, 0, [e1]);
    await expect(store.append(org, stream, 'any', [e1, ev('CaseQueued')])).rejects.toMatchObject({
      code: 'E_EVENT_ID_CONFLICT',
    });
    expect(await store.readStream(org, stream.id)).toHaveLength(1);
  });

  it('a stream id cannot be taken over by another organisation', async () => {
    const other = newId();
    await createOrganisation(t.database, { id: other, name: 'Other', odsCode: null });
    const stream = caseStream();
    await store.append(org, stream, 0, [ev('CaseOpened')]);
    await expect(store.append(other, stream, 'any', [ev('CaseClosed')])).rejects.toMatchObject({
      code: 'E_STREAM_CONFLICT',
    });
  });

  it.each([
    [
      'a non-UUIDv7 id',
      { id: '2a3c1c0e-8e6a-4b8e-9a31-1c5a4f6e7d10', type: 'CaseOpened', data: {} },
      'events[0].id',
    ],
    ['a lower-case type', { id: newId(), type: 'caseOpened', data: {} }, 'events[0].type'],
    [
      'data that is an array',
      { id: newId(), type: 'CaseOpened', data: [] as unknown as JsonObject },
      'events[0].data',
    ],
    ['a NUL in data', { id: newId(), type: 'CaseOpened', data: { note: 'a\u0000b' } }, 'events[0].data.note'],
    [
      'a time that is not a time',
      { id: newId(), type: 'CaseOpened', data: {}, occurredAt: 'yesterday' },
      'events[0].occurredAt',
    ],
    [
      'a time next year',
      { id: newId(), type: 'CaseOpened', data: {}, occurredAt: '2099-01-01T00:00:00Z' },
      'events[0].occurredAt',
    ],
  ])('rejects %s, naming the field', async (_label, event, path) => {
    const before = await countRows();
    const err = await store.append(org, caseStream(), 0, [event]).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'E_VALIDATION' });
    expect((err as LanternError).details.map((d) => d.path)).toContain(path);
    expect(await countRows()).toBe(before);
  });

  it('keeps the chain intact through all of the above', async () => {
    const report = await verifyChains(t.database);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  });
});
