import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../storage/database.js';
import { openTestDatabase, type TestDatabase } from '../testing/testDatabase.js';
import { FAIL_AFTER_CHUNKS_ENV } from './cli.js';
import { type DaySize, openDrillDay, writeDay } from './drillDay.js';

// The operator's story through the real `lantern` command line, each command a child process:
// back up, verify the backup, restore (interrupted on purpose after two chunks), run the restore
// again and see it carry on; and a damaged backup that restores nothing.

const run = promisify(execFile);
const entry = fileURLToPath(new URL('../cli/run.ts', import.meta.url));
const PASSPHRASE = 'cli drill: copper kettle meadow four';
const DAY: DaySize = { orgs: 2, casesPerOrg: 4, patientsPerOrg: 2, usersPerOrg: 1 };

interface Target {
  config: { databaseUrl?: string; dataDir?: string };
  cleanup(): Promise<void>;
}

let source: TestDatabase;
let target: Target;
let untouched: Target;
let work: string;
let passphraseFile: string;

/**
 * A database for the CLI to restore into: a new empty PostgreSQL database, or (PGlite) a new
 * directory in which the restoring process creates the database.
 */
async function blankTarget(): Promise<Target> {
  if (process.env.DATABASE_URL) {
    const t = await openTestDatabase({ migrate: false });
    await t.database.close();
    return { config: t.config, cleanup: () => t.cleanup().catch(() => {}) };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'lantern-cli-target-'));
  return { config: { dataDir }, cleanup: async () => rmSync(dataDir, { recursive: true, force: true }) };
}

async function lantern(
  db: Target,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const childEnv = {
    ...process.env,
    LANTERN_DATA_DIR: db.config.dataDir ?? '',
    DATABASE_URL: db.config.databaseUrl ?? '',
    LANTERN_BACKUP_PASSPHRASE: '',
    ...env,
  };
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', '--conditions', 'lantern-source', entry, ...args],
      { env: childEnv },
    );
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  [source, target, untouched] = await Promise.all([openTestDatabase(), blankTarget(), blankTarget()]);
  const day = await openDrillDay(source.database, DAY);
  await writeDay(day, DAY);
  await source.database.close(); // the CLI must be the only user of a PGlite directory
  work = mkdtempSync(join(tmpdir(), 'lantern-cli-backups-'));
  const secrets = mkdtempSync(join(tmpdir(), 'lantern-cli-secret-'));
  passphraseFile = join(secrets, 'backup-passphrase');
  writeFileSync(passphraseFile, `${PASSPHRASE}\n`, { mode: 0o600 });
});

afterAll(async () => {
  await source?.cleanup().catch(() => {});
  await target?.cleanup();
  await untouched?.cleanup();
  rmSync(work, { recursive: true, force: true });
  rmSync(join(passphraseFile, '..'), { recursive: true, force: true });
});

// Each command is a fresh process that compiles the CLI and opens a database: minutes, not the
// default minute, on a loaded machine.
describe('lantern backup, verify --backup and restore', { timeout: 300_000 }, () => {
  it('back up (verified), restore interrupted after two chunks, restore again: it carries on', async () => {
    const repo = join(work, 'repo');
    const backup = await lantern(source, ['backup', '--out', repo, '--passphrase-file', passphraseFile]);
    expect(backup.stderr).toMatch(/backup: \d+\/\d+ \(100%\)/);
    expect(backup.stdout).toMatch(/Backup \d{8}T\d{6}Z-full-[0-9a-f]{8} written to/);
    expect(backup.stdout).toMatch(/rows, \d+ chunks, .* MB\/s/);
    expect(backup.stdout).toMatch(
      /verified: signature ok .* 2 event chains and 3 audit chains intact to their heads/,
    );
    expect(backup.code).toBe(0);

    const restore = ['restore', '--from', repo, '--passphrase-file', passphraseFile];
    const interrupted = await lantern(target, restore, { [FAIL_AFTER_CHUNKS_ENV]: '2' });
    expect(interrupted.stderr).toMatch(/stopped on purpose after 2 chunk/);
    expect(interrupted.code).toBe(1);

    const resumed = await lantern(target, restore);
    expect(resumed.stdout).toMatch(/Resumed: 2 chunk\(s\) were already restored, \d+ loaded now/);
    expect(resumed.stdout).toMatch(/every event and audit chain verifies/);
    expect(resumed.stderr).toMatch(/restore: load: \d+\/\d+ \(100%\)/);
    expect(resumed.code).toBe(0);
  });

  it('a flipped byte: verify --backup names the chunk, and restore restores nothing', async () => {
    const repo = join(work, 'repo');
    const [name] = readdirSync(repo);
    const manifest = JSON.parse(readFileSync(join(repo, name as string, 'manifest.json'), 'utf8')) as {
      chunks: { file: string; table: string; index: number }[];
    };
    const chunk = manifest.chunks.find((c) => c.table === 'events');
    if (!chunk) throw new Error('no event chunk');
    const path = join(repo, name as string, chunk.file);
    const bytes = readFileSync(path);
    bytes[20] = (bytes[20] as number) ^ 0xff;
    writeFileSync(path, bytes);

    const verify = await lantern(source, ['verify', '--backup', repo], {
      LANTERN_BACKUP_PASSPHRASE: PASSPHRASE,
    });
    expect(verify.stderr).toMatch(
      new RegExp(
        `problem: chunk ${chunk.index}/\\d+ of backup .*\\(events, ${chunk.file}\\) failed authentication`,
      ),
    );
    expect(verify.code).toBe(1);

    const restore = await lantern(untouched, [
      'restore',
      '--from',
      repo,
      '--passphrase-file',
      passphraseFile,
    ]);
    expect(restore.stderr).toMatch(/failed authentication/);
    expect(restore.stderr).toMatch(/nothing was restored/);
    expect(restore.code).toBe(1);
    // Verification failed before the target was opened: no database files, or no tables.
    if (untouched.config.dataDir) {
      expect(readdirSync(untouched.config.dataDir)).toEqual([]);
    } else {
      const db = await openDatabase(untouched.config);
      const { rows } = await sql<{ t: string | null }>`SELECT to_regclass('events')::text AS t`.execute(
        db.db,
      );
      expect(rows[0]?.t).toBeNull();
      await db.close();
    }
  });
});
