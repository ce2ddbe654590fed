/**
 * GET /api/cases/:id/history: the case's history as people read it (caseHistory.ts). Read from
 * the log in one tenant transaction and audited against the patient like any read of the case.
 */
import { foldCase } from '@lantern/core';
import type { FastifyInstance } from 'fastify';
import { principalOf } from '../identity/access.js';
import { withTenant } from '../tenancy/withTenant.js';
import { readCaseHistory } from './caseHistory.js';
import { idParams, note } from './caseHttp.js';
import { readCaseEvents } from './caseStore.js';
import { notFound } from './service.js';

export function registerCaseHistory(app: FastifyInstance): void {
  const { database } = app.services;
  app.get<{ Params: { id: string } }>(
    '/api/cases/:id/history',
    {
      config: { access: 'case:read' },
      schema: {
        tags: ['cases'],
        summary:
          "A case's history: every entry oldest first with who did it by name, its triages, and the patient's other recent cases",
        params: idParams,
      },
    },
    async (request) => {
      const me = principalOf(request);
      const caseId = request.params.id;
      request.auditNote = { action: 'case.history', entityType: 'case', entityId: caseId };
      const history = await withTenant(database, me.orgId, async (tx) => {
        const events = await readCaseEvents(tx, me.orgId, caseId);
        if (events.length === 0) throw notFound(caseId);
        const state = foldCase(events);
        note(request, 'case.history', state);
        return readCaseHistory(tx, me.orgId, state, events);
      });
      request.auditNote.detail = { entries: history.entries.length, priorCases: history.priorCases.length };
      return history;
    },
  );
}
