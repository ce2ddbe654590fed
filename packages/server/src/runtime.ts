/**
 * Opening and closing Lantern's services in one order, shared by the server and every CLI
 * command, so a command never runs against an unmigrated database or leaks a connection.
 */
import type { Config } from './config/config.js';
import { EventStore } from './eventlog/eventStore.js';
import { ProjectionRegistry } from './eventlog/projections.js';
import { closeDatabase, type Database, openDatabase } from './storage/database.js';
import { type MigrationReport, migrate } from './storage/migrate.js';

export interface Runtime {
  config: Config;
  database: Database;
  projections: ProjectionRegistry;
  eventStore: EventStore;
  migration: MigrationReport;
}

/** Every capability's projections, registered in one place. */
export function registerProjections(_registry: ProjectionRegistry): void {
  // Capabilities register their read models here as they arrive (cases, patients, ...).
}

export async function openRuntime(config: Config, options: { migrate?: boolean } = {}): Promise<Runtime> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.dbPoolSize,
  });
  try {
    const migration =
      options.migrate === false ? { applied: [], currentVersion: 0 } : await migrate(database);
    const projections = new ProjectionRegistry();
    registerProjections(projections);
    const eventStore = new EventStore(database, projections);
    return { config, database, projections, eventStore, migration };
  } catch (err) {
    await closeDatabase(database);
    throw err;
  }
}

export async function closeRuntime(runtime: Runtime): Promise<void> {
  await closeDatabase(runtime.database);
}
