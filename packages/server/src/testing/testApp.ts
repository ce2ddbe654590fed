import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import { AuditLog } from '../audit/auditLog.js';
import { loadConfig } from '../config/config.js';
import { EventStore } from '../eventlog/eventStore.js';
import { ProjectionRegistry } from '../eventlog/projections.js';
import { AuthService } from '../identity/authService.js';
import { registerProjections } from '../runtime.js';
import { openTestDatabase, type TestDatabase } from './testDatabase.js';

export interface TestApp {
  app: FastifyInstance;
  db: TestDatabase;
  eventStore: EventStore;
  audit: AuditLog;
  auth: AuthService;
  close(): Promise<void>;
}

/**
 * The real app over a fresh test database. `extend` may add routes before the app is sealed
 * (used to exercise the shared HTTP pipeline with a route of the test's own).
 */
export async function openTestApp(
  options: {
    extend?: (app: FastifyInstance) => void | Promise<void>;
    bodyLimitBytes?: number;
    now?: () => Date;
  } = {},
): Promise<TestApp> {
  const db = await openTestDatabase();
  const projections = new ProjectionRegistry();
  registerProjections(projections);
  const eventStore = new EventStore(db.database, projections);
  const config = { ...loadConfig({}), bodyLimitBytes: options.bodyLimitBytes ?? 1024 * 1024 };
  const audit = new AuditLog(db.database);
  const auth = new AuthService(db.database, audit, config, options.now);
  const app = await buildApp(
    { config, database: db.database, eventStore, projections, audit, auth },
    { logger: false },
  );
  if (options.extend) await options.extend(app);
  await app.ready();
  return {
    app,
    db,
    eventStore,
    audit,
    auth,
    async close() {
      await app.close();
      await db.cleanup();
    },
  };
}
