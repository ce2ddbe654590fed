import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import { AuditLog } from '../audit/auditLog.js';
import { loadConfig } from '../config/config.js';
import { EventStore } from '../eventlog/eventStore.js';
import { ProjectionRegistry } from '../eventlog/projections.js';
import { AuthService } from '../identity/authService.js';
import type { Channel } from '../messaging/channels/channel.js';
import { defaultChannels } from '../messaging/channels/index.js';
import { type OutboxWorker, startOutbox } from '../messaging/outboxWorker.js';
import { MESSAGE_TOPICS, type MessageTopic } from '../messaging/topics.js';
import { registerProjections } from '../runtime.js';
import { openTestDatabase, type TestDatabase } from './testDatabase.js';

export interface TestApp {
  app: FastifyInstance;
  db: TestDatabase;
  eventStore: EventStore;
  audit: AuditLog;
  auth: AuthService;
  /** The outbox sender, running as under `lantern serve` (stopped by close). */
  outbox: OutboxWorker;
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
    /** Message topics (default: Lantern's own); tests may add a topic of their own. */
    topics?: readonly MessageTopic[];
    /** Channels the sender uses (default: the real ones, with http:// allowed for loopback). */
    channels?: readonly Channel[];
    /** The sender's clock and poll interval (default: real time, 1 s). */
    outboxNow?: () => Date;
    outboxPollMs?: number;
  } = {},
): Promise<TestApp> {
  const db = await openTestDatabase();
  const topics = options.topics ?? MESSAGE_TOPICS;
  const projections = new ProjectionRegistry();
  registerProjections(projections, topics);
  const eventStore = new EventStore(db.database, projections);
  const config = { ...loadConfig({}), bodyLimitBytes: options.bodyLimitBytes ?? 1024 * 1024 };
  const audit = new AuditLog(db.database);
  const auth = new AuthService(db.database, audit, config, options.now);
  const app = await buildApp(
    { config, database: db.database, eventStore, projections, audit, auth, messaging: { topics } },
    { logger: false },
  );
  if (options.extend) await options.extend(app);
  await app.ready();
  const outbox = startOutbox({
    database: db.database,
    eventStore,
    topics,
    channels: options.channels ?? defaultChannels({ allowInsecureHttp: true }),
    ...(options.outboxNow ? { now: options.outboxNow } : {}),
    ...(options.outboxPollMs ? { pollMs: options.outboxPollMs } : {}),
  });
  return {
    app,
    db,
    eventStore,
    audit,
    auth,
    outbox,
    async close() {
      await outbox.stop();
      await app.close();
      await db.cleanup();
    },
  };
}
