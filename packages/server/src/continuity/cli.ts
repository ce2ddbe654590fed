/**
 * The continuity commands: `lantern backup`, `lantern restore`, and `lantern verify` (the
 * database's chains, or with --backup a backup's, without touching any database). Registered
 * from cli/main.ts in one line. Exit codes as everywhere: 1 when the job found a problem or
 * failed, 2 when the command line was wrong.
 */
import { resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { verifyAuditChains } from '../audit/verifyAudit.js';
import { startProgress } from '../cli/progress.js';
import type { Config } from '../config/config.js';
import { countEvents, verifyChains } from '../eventlog/verifyChains.js';
import { closeRuntime, openRuntime } from '../runtime.js';
import { keyFingerprint } from './backup/backupCrypto.js';
import { type BackupOnDisk, resolveBackupSet } from './backup/manifest.js';
import { takeBackup } from './backup/takeBackup.js';
import { type BackupProblem, verifyBackupSet } from './backup/verifyBackup.js';
import { loadPassphrase } from './passphrase.js';
import { BackupInvalid, prepareRestore, type RestorePhase, restoreInto } from './restore/restoreBackup.js';
import { parseUntil, type Until, UntilError } from './restore/until.js';

type ConfigFrom = (cmd: Command) => Config;

/** Used only by the test suite, to interrupt a restore after N chunks and prove it resumes. */
export const FAIL_AFTER_CHUNKS_ENV = 'LANTERN_TEST_RESTORE_FAIL_AFTER_CHUNKS';

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const secs = (s: number) => `${s.toFixed(1)} s`;
const rate = (n: number, s: number) => (s > 0 ? n / s : 0);

function until(value: string): Until {
  try {
    return parseUntil(value);
  } catch (err) {
    if (err instanceof UntilError) throw new InvalidArgumentError(err.message);
    throw err;
  }
}

function printProblems(problems: BackupProblem[]): void {
  for (const p of problems) console.error(`problem: ${p.message}`);
}

function describeSet(set: BackupOnDisk[]): string {
  return set
    .map((b) => `${b.dir.split(/[\\/]/).pop()} (${b.manifest.kind}, ${b.manifest.createdAt})`)
    .join(' <- ');
}

export function registerContinuityCommands(program: Command, configFrom: ConfigFrom): void {
  program
    .command('verify')
    .description(
      "Walk every organisation's hash chain and report the first broken link; with --backup, check a backup instead (no database needed)",
    )
    .option(
      '--backup <dir>',
      'verify this backup (or the newest in this directory) and the bases it continues',
    )
    .option('--passphrase-file <file>', 'backup passphrase file (default: $LANTERN_BACKUP_PASSPHRASE)')
    .action(async (opts: { backup?: string; passphraseFile?: string }, cmd: Command) => {
      if (opts.backup) {
        await verifyBackupCommand(opts.backup, opts.passphraseFile);
        return;
      }
      const runtime = await openRuntime(configFrom(cmd));
      try {
        const progress = startProgress('verify', await countEvents(runtime.database));
        const report = await verifyChains(runtime.database, (n) => progress.update(n));
        progress.stop();
        for (const c of report.chains) {
          console.log(
            `${c.broken ? 'BROKEN' : 'ok    '} ${c.orgId}: ${c.events} events, head seq ${c.headSeq} ${c.headHash.slice(0, 16)}`,
          );
        }
        const audit = await verifyAuditChains(runtime.database);
        for (const c of audit.chains)
          console.log(`${c.broken ? 'BROKEN' : 'ok    '} audit ${c.chainId}: ${c.entries} entries`);
        const problems = [...report.problems, ...audit.problems];
        for (const p of problems) console.error(`problem: ${p}`);
        console.log(
          problems.length === 0
            ? `All ${report.chains.length} event chains intact (${report.eventsChecked} events); all ${audit.chains.length} audit chains intact (${audit.checked} entries).`
            : `${problems.length} chain(s) broken.`,
        );
        if (problems.length > 0) process.exitCode = 1;
      } finally {
        await closeRuntime(runtime);
      }
    });

  program
    .command('backup')
    .description(
      'Write an encrypted, signed, chunked backup of the event log, audit log and reference data while Lantern keeps serving',
    )
    .requiredOption('--out <dir>', 'backup repository: the backup becomes a new sub-directory of it')
    .option('--passphrase-file <file>', 'backup passphrase file (default: $LANTERN_BACKUP_PASSPHRASE)')
    .option(
      '--incremental',
      "only what was appended since the repository's newest backup (reference data in full)",
    )
    .option('--no-verify', 'skip reading the new backup back and verifying it')
    .action(
      async (
        opts: { out: string; passphraseFile?: string; incremental?: boolean; verify: boolean },
        cmd: Command,
      ) => {
        const passphrase = loadPassphrase(opts.passphraseFile, [opts.out]);
        // Read-only: a backup never migrates the database it copies (it may run as a role that
        // can only read), and records the schema version it found.
        const runtime = await openRuntime(configFrom(cmd), { migrate: false });
        let report: Awaited<ReturnType<typeof takeBackup>>;
        try {
          let progress: ReturnType<typeof startProgress> | null = null;
          report = await takeBackup(runtime.database, runtime.projections, {
            repository: opts.out,
            passphrase,
            incremental: opts.incremental === true,
            onProgress: (done, total) => {
              progress ??= startProgress('backup', total);
              progress.update(done);
            },
          });
          (progress as ReturnType<typeof startProgress> | null)?.stop();
        } finally {
          await closeRuntime(runtime);
        }
        const m = report.manifest;
        const t = (name: string) => m.tables[name]?.rows ?? 0;
        const reference = Object.entries(m.tables).filter(([, e]) => e.role === 'reference');
        console.log(`Backup ${report.dir.split(/[\\/]/).pop()} written to ${report.dir}`);
        console.log(
          `  ${m.kind}${m.base ? ` (continues ${m.base.dir})` : ''}: ${t('events')} events in ${m.chains.events.length} organisation chain(s), ${t('audit_events')} audit entries in ${m.chains.audit.length} chain(s), ${reference.reduce((n, [, e]) => n + e.rows, 0)} reference rows in ${reference.length} tables`,
        );
        console.log(
          `  ${report.rows} rows, ${m.chunks.length} chunks, ${mb(report.rawBytes)} of rows -> ${mb(report.bytes)} written in ${secs(report.seconds)} (${mb(rate(report.rawBytes, report.seconds))}/s, ${Math.round(rate(report.rows, report.seconds))} rows/s)`,
        );
        console.log(
          `  schema ${m.schemaVersion}, Lantern ${m.lanternVersion}, signing key ${report.fingerprint}`,
        );
        if (opts.verify) {
          const ok = await verifyBackupCommand(report.dir, undefined, passphrase);
          if (!ok) console.error('lantern: the backup just written does not verify: do not rely on it');
        }
      },
    );

  program
    .command('restore')
    .description(
      'Restore a backup into an empty database (verified first), replay the events, rebuild every projection',
    )
    .requiredOption('--from <dir>', 'the backup (or a repository: its newest backup)')
    .option(
      '--until <time|seq>',
      'point in time: an ISO time with offset, a seq for every organisation, or ORG:SEQ,...',
      until,
    )
    .option('--force', 'empty a database that already holds records before restoring into it')
    .option('--passphrase-file <file>', 'backup passphrase file (default: $LANTERN_BACKUP_PASSPHRASE)')
    .action(
      async (
        opts: { from: string; until?: Until; force?: boolean; passphraseFile?: string },
        cmd: Command,
      ) => {
        const passphrase = loadPassphrase(opts.passphraseFile, [opts.from]);
        const config = configFrom(cmd);
        let bar: ReturnType<typeof startProgress> | null = null;
        const progress = {
          onPhase: (phase: RestorePhase, total: number) => {
            bar?.stop();
            bar = startProgress(`restore: ${phase}`, total);
          },
          onProgress: (done: number) => bar?.update(done),
        };
        let prepared: Awaited<ReturnType<typeof prepareRestore>>;
        try {
          prepared = await prepareRestore(opts.from, { passphrase, until: opts.until, ...progress });
        } catch (err) {
          (bar as ReturnType<typeof startProgress> | null)?.stop();
          if (err instanceof BackupInvalid) printProblems(err.problems);
          throw err;
        }
        (bar as ReturnType<typeof startProgress> | null)?.stop();
        bar = null;
        console.log(`Verified ${describeSet(prepared.set)}`);
        const failAfter = process.env[FAIL_AFTER_CHUNKS_ENV];
        const runtime = await openRuntime(config, { migrate: false });
        try {
          const report = await restoreInto(runtime.database, runtime.projections, prepared, {
            force: opts.force === true,
            ...(failAfter ? { failAfterChunks: Number(failAfter) } : {}),
            ...progress,
          });
          (bar as ReturnType<typeof startProgress> | null)?.stop();
          if (report.resumed)
            console.log(
              `Resumed: ${report.chunksAlreadyLoaded} chunk(s) were already restored, ${report.chunksLoaded} loaded now`,
            );
          console.log(
            `Restored ${report.counts.events ?? 0} events, ${report.counts.audit_events ?? 0} audit entries, ${report.counts.organisations ?? 0} organisations and ${report.counts.users ?? 0} users into ${runtime.database.engine} (${runtime.database.location}) in ${secs(report.seconds)}${report.until ? `, until ${report.until}` : ''}`,
          );
          for (const [table, n] of Object.entries(report.counts)) console.log(`  ${table}: ${n}`);
          // Full heads: the evidence to compare with the heads exported off-system.
          for (const h of report.heads.events) console.log(`  head ${h.chain}: seq ${h.seq} ${h.hash}`);
          for (const h of report.heads.audit) console.log(`  audit head ${h.chain}: seq ${h.seq} ${h.hash}`);
          console.log(
            `Rebuilt ${report.projections.length} projection(s) [${report.projections.join(', ')}]; every event and audit chain verifies.`,
          );
        } finally {
          (bar as ReturnType<typeof startProgress> | null)?.stop();
          await closeRuntime(runtime);
        }
      },
    );
}

/** Prints the verification of a backup; sets the exit code and returns false on any problem. */
async function verifyBackupCommand(dir: string, passphraseFile?: string, known?: string): Promise<boolean> {
  const set = resolveBackupSet(dir);
  const passphrase = known ?? loadPassphrase(passphraseFile, [resolve(dir)]);
  const progress = startProgress(
    'verify backup',
    set.reduce((n, b) => n + b.manifest.totals.rows, 0),
  );
  const report = await verifyBackupSet(set, { passphrase, onProgress: (n) => progress.update(n) });
  progress.stop();
  const newest = set[set.length - 1] as BackupOnDisk;
  console.log(`Backup set: ${describeSet(set)}`);
  printProblems(report.problems);
  if (report.ok) {
    console.log(
      `Backup ${newest.dir.split(/[\\/]/).pop()} verified: signature ok (key ${report.fingerprint ?? keyFingerprint(newest.manifest.crypto.signature.publicKey)}), ${report.chunks} chunks authentic, ${report.rows} rows; ${report.heads.events.length} event chains and ${report.heads.audit.length} audit chains intact to their heads.`,
    );
  } else {
    console.log(`${report.problems.length} problem(s): this backup cannot be trusted.`);
    process.exitCode = 1;
  }
  return report.ok;
}
