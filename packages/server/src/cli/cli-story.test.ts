import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../testing/testDatabase.js';

// Runs the real `lantern` command line as a child process against a fresh database (PGlite
// directory, or a new PostgreSQL database when DATABASE_URL is set).
const run = promisify(execFile);
const entry = fileURLToPath(new URL('./run.ts', import.meta.url));
let t: TestDatabase;

beforeAll(async () => {
  t = await openTestDatabase({ migrate: false });
  await t.database.close(); // the CLI must be the only user of a PGlite directory
});
afterAll(async () => {
  await t.cleanup().catch(() => {});
});

async function lantern(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = {
    ...process.env,
    LANTERN_DATA_DIR: t.config.dataDir ?? '',
    DATABASE_URL: t.config.databaseUrl ?? '',
  };
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', '--conditions', 'lantern-source', entry, ...args],
      { env },
    );
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

// Each command is a fresh process that opens the database (PGlite takes seconds to start), so
// these stories get minutes, not the default minute.
describe('the lantern command line', { timeout: 300_000 }, () => {
  it('migrate, seed --demo, verify and rebuild, in that order, on a fresh database', async () => {
    const migrate = await lantern('migrate');
    expect(migrate.stdout).toMatch(/Applied: 0001_foundation/);
    expect((await lantern('migrate')).stdout).toMatch(/Nothing to apply/);
    expect((await lantern('seed', '--demo')).stdout).toMatch(/Demo organisation/);
    expect((await lantern('seed', '--demo')).code).toBe(0); // idempotent
    const verify = await lantern('verify');
    expect(verify.code).toBe(0);
    // One chain: the demo organisation's registration, then its demo cases.
    const events = /All 1 event chains intact \((\d+) events\)/.exec(verify.stdout)?.[1];
    expect(Number(events)).toBeGreaterThan(1);
    const rebuild = await lantern('rebuild');
    expect(rebuild.code).toBe(0);
    expect(rebuild.stdout).toMatch(new RegExp(`from ${events} events`));
    expect(rebuild.stderr).toMatch(new RegExp(`rebuild: ${events}/${events} \\(100%\\)`));
  });

  it('org add, user add, unlock, revoke-sessions, reset-mfa; verify covers the audit chains they write', async () => {
    const org = await lantern('org', 'add', '--name', 'North West IUC', '--ods', 'NWIUC1');
    expect(org.code).toBe(0);
    expect(org.stdout).toMatch(/Organisation North West IUC created/);
    const user = await lantern(
      'user',
      'add',
      '--org',
      'NWIUC1',
      '--username',
      'new.handler@nw.test',
      '--name',
      'New Handler',
      '--role',
      'call-handler,supervisor',
    );
    expect(user.stdout).toMatch(/roles call-handler, supervisor/);
    expect(user.stdout).toMatch(/Initial password \(give it to the user privately\): \S{20,}/);
    expect(
      (
        await lantern(
          'user',
          'add',
          '--org',
          'NWIUC1',
          '--username',
          'x@nw.test',
          '--name',
          'X',
          '--role',
          'wizard',
        )
      ).stderr,
    ).toMatch(/roles must be/);
    expect((await lantern('user', 'unlock', 'new.handler@nw.test')).stdout).toMatch(/unlocked/);
    expect((await lantern('user', 'revoke-sessions', 'new.handler@nw.test')).stdout).toMatch(
      /0 session\(s\)/,
    );
    expect((await lantern('user', 'reset-mfa', 'nobody@nw.test')).stderr).toMatch(/No user 'nobody@nw.test'/);
    const verify = await lantern('verify');
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/audit chains intact \([1-9]\d* entries\)/);
  });

  it('demo-code prints a code only for the published demo users', async () => {
    const code = await lantern('demo-code', 'handler@demo.lantern');
    expect(code.stdout.trim()).toMatch(/^\d{6}$/);
    const refused = await lantern('demo-code', 'new.handler@nw.test');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/not a demo user/);
  });

  it('every command has --help', async () => {
    for (const cmd of ['serve', 'migrate', 'seed', 'verify', 'rebuild', 'org', 'user', 'demo-code']) {
      const help = await lantern(cmd, '--help');
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`Usage: lantern ${cmd}`));
    }
  });

  it('bad arguments exit 2 with a clear message', async () => {
    const unknown = await lantern('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'frobnicate'/);
    const noDemo = await lantern('seed');
    expect(noDemo.code).toBe(2);
    expect(noDemo.stderr).toMatch(/--demo/);
    const badPort = await lantern('serve', '--port', 'eighty');
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toMatch(/port number/);
  });

  it('a bad DATABASE_URL is one clear line and exit 1', async () => {
    const res = await lantern('--database-url', 'mysql://nope', 'migrate');
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/lantern: DATABASE_URL must start with postgres/);
  });
});
