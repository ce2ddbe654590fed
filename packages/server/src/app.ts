/**
 * The composition root: builds the Fastify app from already-opened services, registering
 * plugins and capability routes in one readable order. Opening and closing the services
 * (database, workers) belongs to the caller (`lantern serve`, tests), in reverse order.
 */
import { randomUUID } from 'node:crypto';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AuditLog } from './audit/auditLog.js';
import { registerAuditRoutes } from './audit/routes.js';
import { registerCaseRoutes } from './cases/routes.js';
import type { Config } from './config/config.js';
import type { EventStore } from './eventlog/eventStore.js';
import type { ProjectionRegistry } from './eventlog/projections.js';
import { registerFhirMetadata } from './fhir/metadata.js';
import { registerHealthRoutes } from './health/routes.js';
import { installErrorHandling } from './http/errors.js';
import { installValidation } from './http/validation.js';
import { accessControl } from './identity/access.js';
import { registerAdminRoutes } from './identity/adminRoutes.js';
import type { AuthService } from './identity/authService.js';
import { registerAuthRoutes } from './identity/routes.js';
import { registerLiveRoutes } from './live/routes.js';
import { registerMessagingRoutes } from './messaging/routes.js';
import type { MessageTopic } from './messaging/topics.js';
import { registerPatientRoutes } from './patients/routes.js';
import type { Database } from './storage/database.js';
import { registerSupervisorRoutes } from './supervisor/routes.js';
import { registerProtocolRoutes } from './triage/protocolRoutes.js';
import { registerCaseTriageRoutes } from './triage/routes.js';
import { LANTERN_VERSION } from './version.js';
import { registerWebRoutes } from './web/routes.js';

export interface AppServices {
  config: Config;
  database: Database;
  eventStore: EventStore;
  projections: ProjectionRegistry;
  audit: AuditLog;
  auth: AuthService;
  /** The outbound message topics (the outbox projection and the sender use the same list). */
  messaging: { topics: readonly MessageTopic[] };
}

declare module 'fastify' {
  interface FastifyInstance {
    services: AppServices;
  }
}

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,80}$/;

export async function buildApp(
  services: AppServices,
  options: { logger?: boolean } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: services.config.logLevel,
            redact: {
              paths: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]'],
              censor: '[redacted]',
            },
          },
    // Honour a caller's correlation id only when it is a harmless token; otherwise make one.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
    },
    bodyLimit: services.config.bodyLimitBytes,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  app.decorate('services', services);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // Patient data must never sit in a browser or proxy cache.
    if (request.url.startsWith('/api/') || request.url.startsWith('/fhir/'))
      reply.header('cache-control', 'no-store');
  });

  // Bodies are JSON (application/json or application/fhir+json); anything else is a 415.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser(
    'application/fhir+json',
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'error'),
  );

  installErrorHandling(app);
  installValidation(app);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
      },
    },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
  await app.register(rateLimit, { global: false });
  await app.register(accessControl, { auth: services.auth, audit: services.audit });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Lantern API',
        version: LANTERN_VERSION,
        description:
          'Lantern urgent-and-emergency-care platform. Errors are RFC 9457 problem+json (FHIR routes: OperationOutcome) with a catalogue `code`; see docs/errors.md.',
      },
      components: {
        securitySchemes: {
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: 'lantern_session',
            description:
              'HttpOnly session cookie set after the second factor; unsafe methods also need x-csrf-token',
          },
        },
      },
      security: [{ session: [] }],
      tags: [
        { name: 'platform', description: 'Health and service information' },
        { name: 'fhir', description: 'FHIR R4 facade' },
        { name: 'auth', description: 'Sign-in with mandatory MFA, sessions' },
        { name: 'admin', description: 'Organisation administration' },
        { name: 'audit', description: 'Audit log and privacy alerts' },
        { name: 'messaging', description: 'Outbound messages and their delivery (the outbox)' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  await app.register(registerHealthRoutes);
  await app.register(registerFhirMetadata);
  await app.register(registerAuthRoutes);
  await app.register(registerAdminRoutes);
  await app.register(registerAuditRoutes);
  await app.register(registerPatientRoutes);
  await app.register(registerProtocolRoutes);
  await app.register(registerCaseRoutes);
  await app.register(registerCaseTriageRoutes);
  await app.register(registerMessagingRoutes);
  await app.register(registerLiveRoutes);
  await app.register(registerSupervisorRoutes);
  await app.register(registerWebRoutes);
  return app;
}
