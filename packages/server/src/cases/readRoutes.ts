/**
 * Reading cases: one case (folded state and timeline), cases by reference, and the queue, most
 * urgent first with breach bands. A case of another organisation is simply not there.
 */
import { breachBand, ensureCaseReference, msUntilBreach } from '@lantern/core';
import type { FastifyInstance } from 'fastify';
import { principalOf } from '../identity/access.js';
import { withTenant } from '../tenancy/withTenant.js';
import { idParams, note } from './caseHttp.js';
import { findByReference, listQueue, QUEUE_STATUSES, type QueueRow, type QueueStatus } from './caseStore.js';
import type { CaseService } from './service.js';

interface QueueQuerystring {
  queue?: string;
  skillset?: string;
  status?: QueueStatus | QueueStatus[];
  mine?: boolean;
  limit: number;
}

export function registerCaseReads(app: FastifyInstance, service: CaseService): void {
  const { database } = app.services;
  app.get<{ Querystring: { reference: string } }>(
    '/api/cases',
    {
      config: { access: 'case:read' },
      schema: {
        tags: ['cases'],
        summary: 'Find cases by reference (LNT-XXXXX-XXXXX; more than one case can share one)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['reference'],
          properties: { reference: { type: 'string', minLength: 1, maxLength: 40 } },
        },
      },
    },
    async (request) => {
      const me = principalOf(request);
      const reference = ensureCaseReference(request.query.reference);
      const rows = await withTenant(database, me.orgId, (tx) => findByReference(tx, me.orgId, reference));
      request.auditNote = {
        action: 'case.find-by-reference',
        entityType: 'case-reference',
        entityId: reference,
      };
      if (rows.length === 1 && rows[0]?.patient_id) request.auditNote.patientId = rows[0].patient_id;
      return {
        reference,
        cases: rows.map((r) => ({
          caseId: r.id,
          reference: r.reference,
          status: r.status,
          version: r.version,
          openedAt: new Date(r.opened_at).toISOString(),
          patientName: r.patient_name,
          dispositionCode: r.disposition_code,
        })),
      };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/cases/:id',
    {
      config: { access: 'case:read' },
      schema: { tags: ['cases'], summary: 'A case: its folded state and timeline', params: idParams },
    },
    async (request) => {
      const me = principalOf(request);
      const view = await service.get(me, request.params.id);
      note(request, 'case.read', view);
      return view;
    },
  );

  app.get<{ Querystring: QueueQuerystring }>(
    '/api/queue',
    {
      config: { access: 'queue:read' },
      schema: {
        tags: ['cases'],
        summary: 'The queue, most urgent first (breach time, priority, opened, id), with breach bands',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            queue: { type: 'string', minLength: 1, maxLength: 200 },
            skillset: { type: 'string', minLength: 1, maxLength: 100 },
            status: {
              anyOf: [
                { type: 'string', enum: [...QUEUE_STATUSES] },
                {
                  type: 'array',
                  minItems: 1,
                  maxItems: 2,
                  items: { type: 'string', enum: [...QUEUE_STATUSES] },
                },
              ],
            },
            mine: { type: 'boolean', description: 'Only cases assigned to me' },
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
          },
        },
      },
    },
    async (request) => {
      const me = principalOf(request);
      const q = request.query;
      const statuses: QueueStatus[] = q.mine
        ? ['assigned']
        : Array.isArray(q.status)
          ? [...new Set(q.status)]
          : [q.status ?? 'queued'];
      const rows = await withTenant(database, me.orgId, (tx) =>
        listQueue(tx, me.orgId, {
          ...(q.queue === undefined ? {} : { queue: q.queue }),
          ...(q.skillset === undefined ? {} : { skillset: q.skillset }),
          ...(q.mine ? { assignedTo: me.userId } : {}),
          statuses,
          limit: q.limit,
        }),
      );
      request.auditNote = {
        action: 'queue.read',
        entityType: 'queue',
        entityId: q.queue ?? q.skillset ?? 'all',
        detail: { entries: rows.length },
      };
      const now = new Date();
      return { generatedAt: now.toISOString(), entries: rows.map((r) => queueEntry(r, now)) };
    },
  );
}

function iso(d: Date | string | null): string | null {
  return d === null ? null : new Date(d).toISOString();
}

export function queueEntry(r: QueueRow, now: Date) {
  const breachAt = iso(r.breach_at);
  return {
    caseId: r.id,
    reference: r.reference,
    version: r.version,
    status: r.status,
    queue: r.queue,
    skillset: r.skillset,
    priority: r.priority,
    breachAt,
    breachBand: breachBand(now, breachAt, r.timeframe_minutes),
    msUntilBreach: breachAt === null ? null : msUntilBreach(now, breachAt),
    disposition:
      r.disposition_code === null
        ? null
        : {
            code: r.disposition_code,
            label: r.disposition_label,
            timeframeMinutes: r.timeframe_minutes,
            ambulanceCategory: r.ambulance_category,
          },
    openedAt: iso(r.opened_at),
    assignedTo: r.assigned_to,
    repeatCaller: r.repeat_caller,
    patient:
      r.patient_id === null
        ? null
        : {
            patientId: r.patient_id,
            name: r.patient_name,
            dateOfBirth: r.patient_birth_date,
            sex: r.patient_sex,
          },
    presentingComplaint: r.presenting_complaint,
    postcode: r.postcode,
  };
}
