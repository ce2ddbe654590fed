/**
 * The protocol library for the console: the sieve and every presenting-complaint protocol, as
 * the plain documents core validates. The console validates them again before its engine
 * uses them (never trusting the wire), and caches them so triage keeps working offline.
 * It is the library the runtime loaded at start (the one case triage uses), or, for an app built
 * without a runtime (tests), the default library read from disk once on first use.
 */
import type { FastifyInstance } from 'fastify';
import { loadProtocolLibrary, type ProtocolLibrary } from './protocolLibrary.js';

const anyObject = { type: 'object', additionalProperties: true } as const;

export async function registerProtocolRoutes(app: FastifyInstance): Promise<void> {
  let library: Promise<ProtocolLibrary> | null = app.services.protocols
    ? Promise.resolve(app.services.protocols)
    : null;
  const load = () => {
    library ??= loadProtocolLibrary().catch((err: unknown) => {
      library = null; // a broken library is retried on the next request, not cached
      throw err;
    });
    return library;
  };

  app.get(
    '/api/triage/protocols',
    {
      config: { access: 'triage:run' },
      schema: {
        tags: ['triage'],
        summary: 'The triage protocol library: the life-threat sieve and the presenting-complaint protocols',
        response: {
          200: {
            type: 'object',
            required: ['sieve', 'protocols'],
            properties: { sieve: anyObject, protocols: { type: 'array', items: anyObject } },
          },
        },
      },
    },
    async () => {
      const { sieve, protocols } = await load();
      return { sieve, protocols };
    },
  );
}
