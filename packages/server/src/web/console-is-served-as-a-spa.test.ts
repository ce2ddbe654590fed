import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installErrorHandling } from '../http/errors.js';
import { openTestApp, type TestApp } from '../testing/testApp.js';
import { builtFileFor, registerWebRoutes } from './routes.js';

// A console build of our own, so these tests never depend on `npm run build:web` having run.
let dist: string;
let empty: string;
let web: FastifyInstance;
let unbuilt: FastifyInstance;
let t: TestApp;

async function webApp(distDir: string): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  installErrorHandling(app);
  app.get('/api/health', { config: { access: 'public' } }, async () => ({ status: 'ok' }));
  await app.register(registerWebRoutes, { distDir });
  await app.ready();
  return app;
}

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'lantern-web-'));
  empty = mkdtempSync(join(tmpdir(), 'lantern-web-empty-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Lantern</title><div id="root"></div>');
  writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(join(dist, 'assets', 'index-abc123.js.br'), brotliCompressSync('console.log(1)'));
  writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  web = await webApp(dist);
  unbuilt = await webApp(empty);
  t = await openTestApp();
});
afterAll(async () => {
  await web.close();
  await unbuilt.close();
  await t.close();
  rmSync(dist, { recursive: true, force: true });
  rmSync(empty, { recursive: true, force: true });
});

describe('the console is served as a single-page app', () => {
  it('serves index.html at / and for any deep link, revalidated on every load', async () => {
    for (const url of ['/', '/admin/users', '/triage?complaint=chest']) {
      const res = await web.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body).toContain('<div id="root">');
    }
  });

  it('serves hashed assets as immutable and other files as they are', async () => {
    const asset = await web.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toContain('immutable');
    const icon = await web.inject({ method: 'GET', url: '/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-type']).toMatch(/svg/);
  });

  it('sends the build-time brotli file to a browser that accepts it', async () => {
    const res = await web.inject({
      method: 'GET',
      url: '/assets/index-abc123.js',
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('answers a missing file with a coded 404, never index.html served as code', async () => {
    const res = await web.inject({ method: 'GET', url: '/assets/index-gone.js' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'E_NOT_FOUND' });
  });

  it('keeps unknown /api and /fhir paths coded 404s in their own error shape', async () => {
    const api = await t.app.inject({ method: 'GET', url: '/api/no-such-thing' });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toMatch(/problem\+json/);
    expect(api.json()).toMatchObject({ code: 'E_NOT_FOUND' });
    const fhir = await t.app.inject({ method: 'GET', url: '/fhir/R4/NoSuchResource' });
    expect(fhir.statusCode).toBe(404);
    expect(fhir.json()).toMatchObject({ resourceType: 'OperationOutcome' });
    expect((await t.app.inject({ method: 'GET', url: '/api' })).statusCode).toBe(404);
  });

  it('still routes the real API and its reference beside the console', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/docs/json' })).statusCode).toBe(200);
  });

  it('says plainly when the console has not been built', async () => {
    const res = await unbuilt.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('npm run build:web');
  });

  it('never serves a file from outside the build folder', async () => {
    for (const path of ['/../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/%00', '/%E0%A4%A']) {
      expect(await builtFileFor(dist, path), path).toBeNull();
    }
    const res = await web.inject({ method: 'GET', url: '/%2e%2e/%2e%2e/etc/passwd' });
    expect(res.body).not.toContain('root:');
  });

  it('keeps the security headers on the console page', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/triage' });
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
  });
});
