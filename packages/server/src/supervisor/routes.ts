/**
 * Supervisor reads over HTTP (registered once in app.ts): GET /api/wallboard. The board names
 * no patient, so its audit entry names the organisation's board, not a record.
 */
import type { FastifyInstance } from 'fastify';
import { principalOf } from '../identity/access.js';
import { withTenant } from '../tenancy/withTenant.js';
import { readWallboard } from './wallboard.js';

export async function registerSupervisorRoutes(
  app: FastifyInstance,
  options: { now?: () => Date } = {},
): Promise<void> {
  const { database } = app.services;
  const now = options.now ?? (() => new Date());
  app.get(
    '/api/wallboard',
    {
      config: { access: 'wallboard:read' },
      schema: {
        tags: ['supervisor'],
        summary:
          'The wallboard: calls waiting per queue, longest wait, cases near and past breach (no patient named), calls in progress',
      },
    },
    async (request) => {
      const me = principalOf(request);
      request.auditNote = { action: 'wallboard.read', entityType: 'wallboard', entityId: me.orgId };
      const board = await withTenant(database, me.orgId, (tx) => readWallboard(tx, me.orgId, now()));
      request.auditNote.detail = { waiting: board.totals.waiting, breached: board.totals.breached };
      return board;
    },
  );
}
