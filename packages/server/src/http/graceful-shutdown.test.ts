import { describe, expect, it } from 'vitest';
import { openTestApp } from '../testing/testApp.js';

describe('graceful shutdown', () => {
  it('finishes requests in flight, then refuses new connections', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let entered: () => void = () => {};
    const inHandler = new Promise<void>((r) => {
      entered = r;
    });
    const t = await openTestApp({
      extend: (app) => {
        app.get('/api/test-slow', { config: { access: 'public' } }, async () => {
          entered();
          await gate;
          return { done: true };
        });
      },
    });
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const inflight = fetch(`${address}/api/test-slow`);
    await inHandler;
    const closing = t.app.close();
    release();
    const res = await inflight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ done: true });
    await closing;
    await expect(fetch(`${address}/api/health`)).rejects.toThrow();
    await t.db.cleanup();
  });
});
