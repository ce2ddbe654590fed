import type { FastifyInstance } from 'fastify';
import { pingDatabase } from '../storage/database.js';
import { currentMigrationVersion } from '../storage/migrate.js';
import { LANTERN_VERSION } from '../version.js';

export async function registerHealthRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['platform'],
        summary: 'Liveness and readiness: is the database reachable, which engine, which schema version',
        response: {
          200: {
            type: 'object',
            required: ['status', 'engine', 'migrationVersion', 'version'],
            properties: {
              status: { type: 'string', enum: ['ok'] },
              engine: { type: 'string', enum: ['pglite', 'postgresql'] },
              migrationVersion: { type: 'integer' },
              version: { type: 'string' },
              durable: { type: 'boolean', description: 'false on PGlite, whose file layer does not fsync' },
            },
          },
        },
      },
    },
    async (_request, reply) => {
      const { database } = app.services;
      await pingDatabase(database);
      reply.header('cache-control', 'no-store');
      return {
        status: 'ok' as const,
        engine: database.engine,
        migrationVersion: await currentMigrationVersion(database),
        version: LANTERN_VERSION,
        durable: database.engine === 'postgresql',
      };
    },
  );
}
