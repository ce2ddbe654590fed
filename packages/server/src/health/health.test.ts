import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMigrations } from '../storage/migrate.js';
import { openTestApp, type TestApp } from '../testing/testApp.js';
import { onPostgres } from '../testing/testDatabase.js';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(async () => t.close());

describe('platform routes', () => {
  it('GET /api/health names the engine and the migration version', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'ok',
      engine: onPostgres ? 'postgresql' : 'pglite',
      migrationVersion: readMigrations().at(-1)?.version,
      durable: onPostgres,
    });
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  it('honours a sane caller request id and replaces an unsafe one', async () => {
    const ok = await t.app.inject({
      method: 'GET',
      url: '/api/health',
      headers: { 'x-request-id': 'trace-12345678' },
    });
    expect(ok.headers['x-request-id']).toBe('trace-12345678');
    const bad = await t.app.inject({
      method: 'GET',
      url: '/api/health',
      headers: { 'x-request-id': '<script>' },
    });
    expect(bad.headers['x-request-id']).not.toBe('<script>');
  });

  it('serves the OpenAPI document and the browsable reference at /api/docs', async () => {
    const doc = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(doc.statusCode).toBe(200);
    expect(doc.json()).toMatchObject({ openapi: '3.1.0', info: { title: 'Lantern API' } });
    expect(Object.keys(doc.json().paths)).toContain('/api/health');
    const ui = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toMatch(/swagger/i);
  });

  it('serves the FHIR CapabilityStatement', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/fhir/R4/metadata' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      resourceType: 'CapabilityStatement',
      fhirVersion: '4.0.1',
      kind: 'instance',
    });
  });
});
