import { cpSync, mkdtempSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../testing/testDatabase.js';
import { PassphraseError } from './backup/backupCrypto.js';
import { BackupFormatError, resolveBackupSet } from './backup/manifest.js';
import { type BackupReport, takeBackup } from './backup/takeBackup.js';
import { type BackupProblem, verifyBackupSet } from './backup/verifyBackup.js';
import { type DaySize, type DrillDay, openDrillDay, writeDay } from './drillDay.js';
import { loadPassphrase } from './passphrase.js';
import { BackupInvalid, prepareRestore } from './restore/restoreBackup.js';

// A backup someone has tampered with, or that storage has damaged, must be reported precisely
// (which chunk, which chain link) and must restore nothing: restore verifies everything before
// it touches a database.

const PASSPHRASE = 'tamper: orchard beacon quietly nine';
const DAY: DaySize = { orgs: 2, casesPerOrg: 6, patientsPerOrg: 3, usersPerOrg: 1 };

let source: TestDatabase;
let day: DrillDay;
let work: string;
let backup: BackupReport;

/** A private copy of the backup to damage. */
function copyOfBackup(name: string): string {
  const dir = join(work, name, backup.dir.split('/').pop() as string);
  cpSync(backup.dir, dir, { recursive: true });
  return dir;
}

async function problemsOf(dir: string, passphrase = PASSPHRASE): Promise<BackupProblem[]> {
  const report = await verifyBackupSet(resolveBackupSet(dir), { passphrase });
  expect(report.ok).toBe(report.problems.length === 0);
  return report.problems;
}

async function expectNothingRestored(dir: string, passphrase = PASSPHRASE): Promise<void> {
  await expect(prepareRestore(dir, { passphrase })).rejects.toThrow(BackupInvalid);
}

function eventChunk(n = 0) {
  const chunk = backup.manifest.chunks.filter((c) => c.table === 'events')[n];
  if (!chunk) throw new Error('no event chunk');
  return chunk;
}

beforeAll(async () => {
  source = await openTestDatabase();
  day = await openDrillDay(source.database, DAY);
  await writeDay(day, DAY);
  work = mkdtempSync(join(tmpdir(), 'lantern-tamper-'));
  backup = await takeBackup(source.database, day.projections, {
    repository: join(work, 'original'),
    passphrase: PASSPHRASE,
    chunkRows: 25,
  });
});

afterAll(async () => {
  await source?.cleanup().catch(() => {});
  rmSync(work, { recursive: true, force: true });
});

describe('a damaged or forged backup is reported precisely and restores nothing', {
  timeout: 120_000,
}, () => {
  it('the untouched backup verifies', async () => {
    expect(await problemsOf(backup.dir)).toEqual([]);
  });

  it('one flipped byte in a chunk: that chunk fails authentication', async () => {
    const dir = copyOfBackup('flipped');
    const chunk = eventChunk(1);
    const path = join(dir, chunk.file);
    const bytes = readFileSync(path);
    bytes[Math.floor(bytes.length / 2)] = (bytes[Math.floor(bytes.length / 2)] as number) ^ 0x01;
    writeFileSync(path, bytes);
    const problems = await problemsOf(dir);
    expect(problems).toEqual([
      expect.objectContaining({
        kind: 'chunk-altered',
        chunk: chunk.index,
        message: expect.stringMatching(
          new RegExp(
            `chunk ${chunk.index}/\\d+ .*\\(events, ${chunk.file}\\) failed authentication \\(AES-GCM tag\\)`,
          ),
        ),
      }),
    ]);
    await expectNothingRestored(dir);
  });

  it('a deleted chunk is named as missing', async () => {
    const dir = copyOfBackup('deleted');
    const chunk = eventChunk(0);
    unlinkSync(join(dir, chunk.file));
    expect(await problemsOf(dir)).toEqual([
      expect.objectContaining({
        kind: 'chunk-missing',
        chunk: chunk.index,
        message: expect.stringMatching(/is missing$/),
      }),
    ]);
    await expectNothingRestored(dir);
  });

  it('a truncated chunk is named as truncated, with its size', async () => {
    const dir = copyOfBackup('truncated');
    const chunk = eventChunk(2);
    truncateSync(join(dir, chunk.file), chunk.bytes - 100);
    expect(await problemsOf(dir)).toEqual([
      expect.objectContaining({
        kind: 'chunk-truncated',
        chunk: chunk.index,
        message: expect.stringContaining(`is truncated: ${chunk.bytes - 100} of ${chunk.bytes} bytes`),
      }),
    ]);
    await expectNothingRestored(dir);
  });

  it('an edited manifest fails its signature; a removed signature is reported too', async () => {
    const dir = copyOfBackup('manifest');
    const path = join(dir, 'manifest.json');
    const edited = readFileSync(path, 'utf8').replace(
      /"rows": (\d+)/,
      (_m, n: string) => `"rows": ${Number(n) + 1}`,
    );
    writeFileSync(path, edited);
    expect(await problemsOf(dir)).toEqual([
      expect.objectContaining({
        kind: 'manifest-altered',
        message: expect.stringMatching(/manifest.json was altered after it was signed/),
      }),
    ]);
    await expectNothingRestored(dir);
    unlinkSync(join(dir, 'manifest.sig'));
    expect((await problemsOf(dir)).map((p) => p.kind)).toEqual(['signature-missing']);
  });

  it('the wrong passphrase opens nothing and says so', async () => {
    const problems = await problemsOf(backup.dir, 'not the passphrase, though long');
    expect(problems).toEqual([
      expect.objectContaining({
        kind: 'wrong-passphrase',
        message: expect.stringMatching(/the passphrase does not open it/),
      }),
    ]);
    await expectNothingRestored(backup.dir, 'not the passphrase, though long');
  });

  it('an incremental whose base is gone is refused before anything is read', async () => {
    const repo = join(work, 'orphan');
    cpSync(backup.dir, join(repo, backup.dir.split('/').pop() as string), { recursive: true });
    const inc = await takeBackup(source.database, day.projections, {
      repository: repo,
      passphrase: PASSPHRASE,
      incremental: true,
    });
    expect((await problemsOf(inc.dir)).length).toBe(0);
    rmSync(join(repo, backup.dir.split('/').pop() as string), { recursive: true });
    expect(() => resolveBackupSet(inc.dir)).toThrow(BackupFormatError);
    expect(() => resolveBackupSet(inc.dir)).toThrow(/its base .* is not beside it/);
  });

  it('passphrases: none, too short, or kept inside the backups are refused', async () => {
    expect(() => loadPassphrase(undefined, [work], {})).toThrow(/LANTERN_BACKUP_PASSPHRASE/);
    expect(() => loadPassphrase(undefined, [work], { LANTERN_BACKUP_PASSPHRASE: 'short one' })).toThrow(
      /at least 16 characters/,
    );
    const inside = join(work, 'original', 'passphrase.txt');
    writeFileSync(inside, `${PASSPHRASE}\n`);
    expect(() => loadPassphrase(inside, [join(work, 'original')], {})).toThrow(/inside the backup location/);
    const outside = mkdtempSync(join(tmpdir(), 'lantern-secret-'));
    writeFileSync(join(outside, 'pass'), `${PASSPHRASE}\n`);
    expect(loadPassphrase(join(outside, 'pass'), [join(work, 'original')], {})).toBe(PASSPHRASE);
    rmSync(outside, { recursive: true });
    await expect(
      takeBackup(source.database, day.projections, { repository: join(work, 'x'), passphrase: 'too short' }),
    ).rejects.toThrow(PassphraseError);
  });

  it('a row edited in the database before the backup: verify names the organisation and the seq', async () => {
    const [org] = day.orgs;
    if (!org) throw new Error('no org');
    const db = source.database.db;
    await sql`ALTER TABLE events DISABLE TRIGGER events_append_only`.execute(db);
    await sql`UPDATE events SET data = '{"text":"edited"}' WHERE org_id = ${org.id} AND seq = 7`.execute(db);
    await sql`ALTER TABLE events ENABLE TRIGGER events_append_only`.execute(db);
    await sql`ALTER TABLE audit_events DISABLE TRIGGER audit_append_only`.execute(db);
    await sql`UPDATE audit_events SET action = 'nothing-to-see' WHERE chain_id = ${org.id} AND seq = 2`.execute(
      db,
    );
    await sql`ALTER TABLE audit_events ENABLE TRIGGER audit_append_only`.execute(db);
    const tampered = await takeBackup(source.database, day.projections, {
      repository: join(work, 'from-tampered-db'),
      passphrase: PASSPHRASE,
    });
    const problems = await problemsOf(tampered.dir);
    expect(problems).toEqual([
      expect.objectContaining({
        kind: 'chain-break',
        log: 'events',
        chain: org.id,
        seq: 7,
        message: expect.stringMatching(
          new RegExp(`organisation ${org.id}: seq 7 content does not match its hash`),
        ),
      }),
      expect.objectContaining({ kind: 'chain-break', log: 'audit', chain: org.id, seq: 2 }),
    ]);
    await expectNothingRestored(tampered.dir);
  });
});
