import { newId } from '@lantern/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../organisations/store.js';
import { openTestApp, type TestApp } from '../testing/testApp.js';

// The shared HTTP pipeline (parsing, limits, schema validation, error catalogue) is exercised
// through a write route of the test's own that appends to the real event log, so "nothing
// half-written" is checked against the real database.
let t: TestApp;
const org = newId();
const countEvents = async () =>
  Number(
    (
      await t.db.database.db
        .selectFrom('events')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  t = await openTestApp({
    bodyLimitBytes: 16 * 1024,
    extend: (app) => {
      app.post<{
        Params: { streamId: string };
        Body: { events: { id: string; type: string; data: Record<string, never> }[] };
      }>(
        '/api/test-streams/:streamId/events',
        {
          config: { access: 'public' },
          schema: {
            params: {
              type: 'object',
              properties: { streamId: { type: 'string', format: 'uuid' } },
              required: ['streamId'],
            },
            body: {
              type: 'object',
              additionalProperties: false,
              required: ['events'],
              properties: {
                events: {
                  type: 'array',
                  minItems: 1,
                  items: {
                    type: 'object',
                    required: ['id', 'type', 'data'],
                    properties: {
                      id: { type: 'string' },
                      type: { type: 'string' },
                      data: { type: 'object' },
                    },
                  },
                },
              },
            },
          },
        },
        async (request, reply) => {
          const result = await app.services.eventStore.append(
            org,
            { type: 'case', id: request.params.streamId },
            'any',
            request.body.events,
          );
          return reply.status(201).send(result);
        },
      );
      app.get(
        '/fhir/R4/TestThing/:id',
        {
          config: { access: 'public' },
          schema: { params: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } } } },
        },
        async () => ({}),
      );
    },
  });
  await createOrganisation(t.db.database, { id: org, name: 'HTTP', odsCode: null });
});
afterAll(async () => t.close());

const url = () => `/api/test-streams/${newId()}/events`;
const goodBody = () => JSON.stringify({ events: [{ id: newId(), type: 'CaseOpened', data: {} }] });

describe('bad input gets a clear, coded 4xx and writes nothing', () => {
  it('a good request is accepted (the baseline)', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: url(),
      headers: { 'content-type': 'application/json' },
      payload: goodBody(),
    });
    expect(res.statusCode).toBe(201);
  });

  it.each([
    ['malformed JSON', 'application/json', '{"events": [', 400, 'E_MALFORMED_JSON'],
    ['an empty JSON body', 'application/json', '', 400, 'E_MALFORMED_JSON'],
    ['text/plain', 'text/plain', 'hello', 415, 'E_UNSUPPORTED_MEDIA_TYPE'],
    ['form encoding', 'application/x-www-form-urlencoded', 'a=b', 415, 'E_UNSUPPORTED_MEDIA_TYPE'],
    [
      'a body over the limit',
      'application/json',
      JSON.stringify({ events: [{ id: 'x', type: 'T', data: { pad: 'x'.repeat(20_000) } }] }),
      413,
      'E_PAYLOAD_TOO_LARGE',
    ],
    ['a schema violation', 'application/json', JSON.stringify({ events: [], extra: 1 }), 400, 'E_VALIDATION'],
    [
      'an event the log refuses',
      'application/json',
      JSON.stringify({ events: [{ id: 'not-a-uuid', type: 'CaseOpened', data: {} }] }),
      400,
      'E_VALIDATION',
    ],
    [
      'prototype pollution',
      'application/json',
      '{"events":[{"id":"x","type":"T","data":{}}],"__proto__":{"admin":true}}',
      400,
      'E_MALFORMED_JSON',
    ],
  ])('%s', async (_label, contentType, payload, status, code) => {
    const before = await countEvents();
    const res = await t.app.inject({
      method: 'POST',
      url: url(),
      headers: { 'content-type': contentType },
      payload,
    });
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const body = res.json();
    expect(body).toMatchObject({ status, code });
    expect(body.requestId).toBe(res.headers['x-request-id']);
    expect(await countEvents()).toBe(before);
  });

  it('an invalid id in the address is E_INVALID_ID', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/test-streams/123/events',
      headers: { 'content-type': 'application/json' },
      payload: goodBody(),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'E_INVALID_ID', errors: [{ path: 'params.streamId' }] });
  });

  it('an unknown route is a coded 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'E_NOT_FOUND' });
  });

  it('on FHIR routes errors are OperationOutcomes', async () => {
    const missing = await t.app.inject({ method: 'GET', url: '/fhir/R4/Nothing/1' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/application\/fhir\+json/);
    expect(missing.json()).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'not-found' }],
    });
    const badId = await t.app.inject({ method: 'GET', url: '/fhir/R4/TestThing/xyz' });
    expect(badId.statusCode).toBe(400);
    expect(badId.json()).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ code: 'value', details: { coding: [{ code: 'E_INVALID_ID' }] } }],
    });
  });

  it('random bodies never cause a 5xx and never write', async () => {
    const before = await countEvents();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify({ events: [v] })),
        ),
        async (payload) => {
          const res = await t.app.inject({
            method: 'POST',
            url: url(),
            headers: { 'content-type': 'application/json' },
            payload,
          });
          expect(res.statusCode).toBeLessThan(500);
          if (res.statusCode >= 400) expect(res.json().code).toMatch(/^E_/);
        },
      ),
      { numRuns: 150 },
    );
    // No random value is a valid event (ids must be writer-made UUIDv7s), so nothing is written.
    expect(await countEvents()).toBe(before);
  });
});
