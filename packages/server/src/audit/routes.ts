/**
 * Auditors read the audit log as FHIR R4 AuditEvent resources. Search parameters: patient,
 * agent (user id), date (with ge/gt/le/lt prefixes, repeatable), subtype (Lantern's action
 * name), action (FHIR C/R/U/D/E), _count. Nothing in Lantern can edit or delete an entry.
 */
import { isUuid, LanternError } from '@lantern/core';
import type { FastifyInstance } from 'fastify';
import type { Selectable } from 'kysely';
import { principalOf } from '../identity/access.js';
import type { AuditEventsTable } from '../storage/schema.js';
import { withTenant } from '../tenancy/withTenant.js';

const FHIR_ACTION: Record<string, 'C' | 'R' | 'U' | 'D' | 'E'> = {
  read: 'R',
  search: 'R',
  create: 'C',
  update: 'U',
  delete: 'D',
};

function fhirAction(action: string, method: string | undefined): 'C' | 'R' | 'U' | 'D' | 'E' {
  if (FHIR_ACTION[action]) return FHIR_ACTION[action] as 'C' | 'R' | 'U' | 'D' | 'E';
  if (method === 'GET') return 'R';
  if (method === 'POST') return 'C';
  if (method === 'PUT' || method === 'PATCH') return 'U';
  if (method === 'DELETE') return 'D';
  return 'E';
}

export function toFhirAuditEvent(r: Selectable<AuditEventsTable>) {
  const method = /^(GET|POST|PUT|PATCH|DELETE) /.exec(r.action)?.[1];
  return {
    resourceType: 'AuditEvent' as const,
    id: r.id,
    type:
      r.category === 'authentication'
        ? {
            system: 'http://dicom.nema.org/resources/ontology/DCM',
            code: '110114',
            display: 'User Authentication',
          }
        : {
            system: 'http://terminology.hl7.org/CodeSystem/audit-event-type',
            code: 'rest',
            display: 'RESTful Operation',
          },
    subtype: [{ system: 'https://lantern.nhs.invalid/CodeSystem/audit-action', code: r.action }],
    action: fhirAction(r.action, method),
    recorded: new Date(r.recorded_at).toISOString(),
    outcome: r.outcome === 'success' ? '0' : r.outcome === 'denied' ? '4' : '8',
    outcomeDesc: r.outcome,
    agent: [
      {
        ...(r.role ? { role: [{ text: r.role }] } : {}),
        who: r.user_id
          ? {
              identifier: { system: 'https://lantern.nhs.invalid/user', value: r.user_id },
              display: r.username ?? undefined,
            }
          : { display: r.username ?? 'anonymous' },
        requestor: true,
        ...(r.source_ip ? { network: { address: r.source_ip, type: '2' as const } } : {}),
      },
    ],
    source: {
      site: r.org_id ?? undefined,
      observer: { display: 'Lantern' },
      type: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/security-source-type',
          code: '4',
          display: 'Application Server',
        },
      ],
    },
    entity: [
      ...(r.patient_id
        ? [
            {
              what: { reference: `Patient/${r.patient_id}` },
              type: {
                system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type',
                code: '1',
                display: 'Person',
              },
            },
          ]
        : []),
      ...(r.entity_type && r.entity_id
        ? [
            {
              what: {
                identifier: { system: `https://lantern.nhs.invalid/${r.entity_type}`, value: r.entity_id },
              },
            },
          ]
        : []),
      ...(r.request_id
        ? [
            {
              what: { identifier: { system: 'https://lantern.nhs.invalid/request-id', value: r.request_id } },
              description: 'request id',
            },
          ]
        : []),
    ],
  };
}

type Query = {
  patient?: string;
  agent?: string;
  date?: string | string[];
  subtype?: string;
  action?: string;
  _count?: number;
};

export async function registerAuditRoutes(app: FastifyInstance): Promise<void> {
  const { database } = app.services;
  app.get<{ Querystring: Query }>(
    '/fhir/R4/AuditEvent',
    {
      config: { access: 'audit:read' },
      schema: {
        tags: ['fhir', 'audit'],
        summary: 'Search the audit log (FHIR AuditEvent searchset)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            patient: { type: 'string', maxLength: 100 },
            agent: { type: 'string', maxLength: 100 },
            date: {
              anyOf: [
                { type: 'string', maxLength: 40 },
                { type: 'array', maxItems: 2, items: { type: 'string', maxLength: 40 } },
              ],
            },
            subtype: { type: 'string', maxLength: 100 },
            action: { type: 'string', enum: ['C', 'R', 'U', 'D', 'E'] },
            _count: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
          },
        },
      },
    },
    async (request, reply) => {
      const me = principalOf(request);
      const q = request.query;
      const patient = q.patient?.replace(/^Patient\//, '');
      if (patient !== undefined && !isUuid(patient))
        throw new LanternError('E_VALIDATION', 'patient must be a Patient id', [
          { path: 'patient', message: 'not an id' },
        ]);
      if (q.agent !== undefined && !isUuid(q.agent))
        throw new LanternError('E_VALIDATION', 'agent must be a user id', [
          { path: 'agent', message: 'not an id' },
        ]);
      const dates = (Array.isArray(q.date) ? q.date : q.date ? [q.date] : []).map((d) => {
        const m = /^(ge|gt|le|lt|eq)?(\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:\d{2})?)?)$/.exec(d);
        const t = m ? Date.parse(m[2] as string) : Number.NaN;
        if (!m || Number.isNaN(t))
          throw new LanternError(
            'E_VALIDATION',
            'date must be a FHIR date with an optional ge/gt/le/lt prefix',
            [{ path: 'date', message: d }],
          );
        return { op: m[1] ?? 'eq', at: new Date(t) };
      });
      const rows = await withTenant(database, me.orgId, async (tx) => {
        let query = tx.selectFrom('audit_events').selectAll().where('org_id', '=', me.orgId);
        if (patient) query = query.where('patient_id', '=', patient);
        if (q.agent) query = query.where('user_id', '=', q.agent);
        if (q.subtype) query = query.where('action', '=', q.subtype);
        for (const d of dates) {
          const op =
            d.op === 'ge' ? '>=' : d.op === 'gt' ? '>' : d.op === 'le' ? '<=' : d.op === 'lt' ? '<' : null;
          if (op) query = query.where('recorded_at', op, d.at);
          else
            query = query
              .where('recorded_at', '>=', d.at)
              .where('recorded_at', '<', new Date(d.at.getTime() + 86_400_000));
        }
        return query
          .orderBy('recorded_at', 'desc')
          .orderBy('seq', 'desc')
          .limit(q._count ?? 100)
          .execute();
      });
      const resources = rows.map(toFhirAuditEvent).filter((r) => !q.action || r.action === q.action);
      reply.header('content-type', 'application/fhir+json; charset=utf-8');
      return {
        resourceType: 'Bundle',
        type: 'searchset',
        total: resources.length,
        entry: resources.map((resource) => ({
          fullUrl: `AuditEvent/${resource.id}`,
          resource,
          search: { mode: 'match' },
        })),
      };
    },
  );
}
