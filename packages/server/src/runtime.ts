/**
 * Opening and closing Lantern's services in one order, shared by the server and every CLI
 * command, so a command never runs against an unmigrated database or leaks a connection.
 */
import { AuditLog } from './audit/auditLog.js';
import { casesProjection } from './cases/projection.js';
import type { Config } from './config/config.js';
import { EventStore } from './eventlog/eventStore.js';
import { ProjectionRegistry } from './eventlog/projections.js';
import { AuthService } from './identity/authService.js';
import { liveNotifyProjection } from './live/notifyProjection.js';
import { createOutboxProjection } from './messaging/outboxProjection.js';
import { MESSAGE_TOPICS, type MessageTopic } from './messaging/topics.js';
import { patientsProjection } from './patients/projection.js';
import { closeDatabase, type Database, openDatabase } from './storage/database.js';
import { type MigrationReport, migrate } from './storage/migrate.js';
import { loadProtocolLibrary, type ProtocolLibrary } from './triage/protocolLibrary.js';
import { triageSessionsProjection } from './triage/triageProjection.js';

export interface Runtime {
  config: Config;
  database: Database;
  projections: ProjectionRegistry;
  eventStore: EventStore;
  audit: AuditLog;
  auth: AuthService;
  migration: MigrationReport;
  protocols: ProtocolLibrary;
  messaging: { topics: readonly MessageTopic[] };
}

/** Every capability's projections, registered in one place. */
export function registerProjections(
  registry: ProjectionRegistry,
  topics: readonly MessageTopic[] = MESSAGE_TOPICS,
): void {
  // Capabilities register their read models here as they arrive (cases, patients, ...).
  for (const p of [casesProjection, triageSessionsProjection, patientsProjection]) registry.register(p);
  registry.register(createOutboxProjection(topics));
  // Last: it announces what the projections above have just written.
  registry.register(liveNotifyProjection);
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
    const audit = new AuditLog(database);
    const auth = new AuthService(database, audit, config);
    const protocols = await loadProtocolLibrary();
    const messaging = { topics: MESSAGE_TOPICS };
    return { config, database, projections, eventStore, audit, auth, migration, protocols, messaging };
  } catch (err) {
    await closeDatabase(database);
    throw err;
  }
}

export async function closeRuntime(runtime: Runtime): Promise<void> {
  await closeDatabase(runtime.database);
}
