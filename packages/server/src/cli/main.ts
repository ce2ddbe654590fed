/**
 * The `lantern` command. Each subcommand opens the services it needs through openRuntime and
 * closes them on the way out; long jobs show progress; failures print one clear line and exit
 * non-zero (1: the job found a problem or failed, 2: the command line was wrong).
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { buildApp } from '../app.js';
import { type Config, checkDatabaseUrl, loadConfig } from '../config/config.js';
import { registerContinuityCommands } from '../continuity/cli.js';
import { rebuildProjections } from '../eventlog/rebuildProjections.js';
import { countEvents } from '../eventlog/verifyChains.js';
import { currentTotp } from '../identity/totp.js';
import { defaultChannels } from '../messaging/channels/index.js';
import { startOutbox } from '../messaging/outboxWorker.js';
import { closeRuntime, openRuntime } from '../runtime.js';
import { DEMO_ORG, seedDemo } from '../seed/demo.js';
import { DEMO_USERS } from '../seed/demoUsers.js';
import { LANTERN_VERSION } from '../version.js';
import { registerAdminCommands } from './adminCommands.js';
import { startProgress } from './progress.js';

interface GlobalOptions {
  databaseUrl?: string;
  dataDir?: string;
}

function configFrom(cmd: Command): Config {
  const g = cmd.optsWithGlobals<GlobalOptions>();
  const config = loadConfig();
  return {
    ...config,
    databaseUrl: checkDatabaseUrl(g.databaseUrl) ?? config.databaseUrl,
    dataDir: g.dataDir ?? config.dataDir,
  };
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('must be a port number from 0 to 65535');
  return n;
}

export function buildCli(): Command {
  const program = new Command('lantern')
    .description('Lantern: urgent and emergency care that keeps working through outages')
    .version(LANTERN_VERSION)
    .option(
      '--database-url <url>',
      'PostgreSQL connection URL (default: $DATABASE_URL; without it, embedded PGlite)',
    )
    .option('--data-dir <dir>', 'PGlite data directory (default: $LANTERN_DATA_DIR or ./data)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  program
    .command('serve')
    .description('Migrate the database and serve the API and console')
    .option('-p, --port <port>', 'port to listen on (default: $PORT or 8080)', port)
    .option('--host <host>', 'address to listen on (default: $HOST or 127.0.0.1)')
    .option('--demo', 'seed the demo organisation and users if not already there')
    .action(async (opts: { port?: number; host?: string; demo?: boolean }, cmd: Command) => {
      const config = configFrom(cmd);
      const runtime = await openRuntime(config);
      if (opts.demo)
        for (const line of (await seedDemo(runtime.database, runtime.eventStore)).lines) console.log(line);
      const app = await buildApp(runtime);
      if (runtime.database.engine === 'pglite') {
        app.log.warn(
          { dataDir: runtime.database.location },
          'running on embedded PGlite: fine for the demo, development and tests, but it does not fsync; set DATABASE_URL to PostgreSQL for real records',
        );
      }
      const address = await app.listen({ port: opts.port ?? config.port, host: opts.host ?? config.host });
      // The sender starts after the server listens and stops before the database closes.
      const outbox = startOutbox({
        database: runtime.database,
        eventStore: runtime.eventStore,
        topics: runtime.messaging.topics,
        channels: defaultChannels({ allowInsecureHttp: config.outboxAllowHttp }),
        log: (message, detail) => app.log.warn(detail ?? {}, message),
      });
      console.log(
        `Lantern ${LANTERN_VERSION} is serving on ${address} (${runtime.database.engine}, schema ${runtime.migration.currentVersion})`,
      );
      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        app.log.info({ signal }, 'shutting down: finishing requests in flight');
        const force = setTimeout(() => process.exit(1), 15_000);
        force.unref();
        await outbox.stop();
        await app.close();
        await closeRuntime(runtime);
        process.exit(0);
      };
      process.once('SIGTERM', () => void stop('SIGTERM'));
      process.once('SIGINT', () => void stop('SIGINT'));
    });

  program
    .command('migrate')
    .description('Apply database migrations and exit')
    .action(async (_opts: unknown, cmd: Command) => {
      const runtime = await openRuntime(configFrom(cmd));
      const { applied, currentVersion } = runtime.migration;
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Nothing to apply');
      console.log(
        `Schema version ${currentVersion} on ${runtime.database.engine} (${runtime.database.location})`,
      );
      await closeRuntime(runtime);
    });

  program
    .command('seed')
    .description('Load seed data')
    .requiredOption(
      '--demo',
      'the demo organisation, users and sample records (demo only: never on a live system)',
    )
    .action(async (_opts: unknown, cmd: Command) => {
      const runtime = await openRuntime(configFrom(cmd));
      try {
        for (const line of (await seedDemo(runtime.database, runtime.eventStore)).lines) console.log(line);
      } finally {
        await closeRuntime(runtime);
      }
    });

  program
    .command('rebuild')
    .description('Empty every projection and replay the event log into it')
    .action(async (_opts: unknown, cmd: Command) => {
      const runtime = await openRuntime(configFrom(cmd));
      try {
        const progress = startProgress('rebuild', await countEvents(runtime.database));
        const report = await rebuildProjections(runtime.database, runtime.projections, (n) =>
          progress.update(n),
        );
        progress.stop();
        console.log(
          `Rebuilt ${report.projections.length} projection(s) [${report.projections.join(', ')}] from ${report.events} events.`,
        );
      } finally {
        await closeRuntime(runtime);
      }
    });

  program
    .command('demo-code')
    .description('Print the current TOTP code of a DEMO user (refuses any other account)')
    .argument('<username>')
    .action(async (username: string, _opts: unknown, cmd: Command) => {
      const user = DEMO_USERS.find((u) => u.username === username.trim().toLowerCase());
      if (!user)
        throw new Error(
          `'${username}' is not a demo user; demo-code works only for the published demo accounts`,
        );
      const runtime = await openRuntime(configFrom(cmd));
      try {
        const row = await runtime.database.db
          .selectFrom('users')
          .select(['org_id', 'totp_secret'])
          .where('id', '=', user.id)
          .executeTakeFirst();
        if (!row || row.org_id !== DEMO_ORG.id || row.totp_secret !== user.totpSecret)
          throw new Error('the demo users are not seeded here (run `lantern seed --demo`)');
        console.log(currentTotp(user.totpSecret));
      } finally {
        await closeRuntime(runtime);
      }
    });

  registerAdminCommands(program, configFrom);
  registerContinuityCommands(program, configFrom);
  return program;
}

export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    console.error(`lantern: ${(err as Error).message}`);
    process.exitCode = 1;
  }
}
