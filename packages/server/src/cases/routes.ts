/**
 * Cases over HTTP: the capability's entry point (registered once in app.ts). Opening a case from
 * a call and one route per command live here; reads and the queue in readRoutes.ts, the FHIR
 * Encounter facade in fhirEncounter.ts. Every route names its permission; every answer that
 * shows a patient notes that patient for the audit. A case of another organisation is not there
 * (404), never "forbidden": its existence is not confirmed.
 */
import { CALLER_RELATIONSHIPS, CASE_CHANNELS } from '@lantern/core';
import type { FastifyInstance } from 'fastify';
import { principalOf } from '../identity/access.js';
import { idParams, note } from './caseHttp.js';
import { CASE_COMMANDS, COMMON_FIELDS, UUID_PATTERN } from './commands.js';
import { registerEncounterRoutes } from './fhirEncounter.js';
import { registerCaseHistory } from './historyRoutes.js';
import { registerCaseReads } from './readRoutes.js';
import { repeatCallerSettings } from './repeatCallers.js';
import { CaseService, type CommandResult, notFound } from './service.js';

const openBody = {
  type: 'object',
  additionalProperties: false,
  required: ['call', 'location', 'arrivedVia', 'serviceId'],
  properties: {
    caseId: { type: 'string', pattern: UUID_PATTERN, description: 'UUIDv7 made by the client (retries)' },
    ...COMMON_FIELDS,
    call: {
      type: 'object',
      additionalProperties: false,
      required: ['callerName', 'relationshipToPatient', 'callBackNumber'],
      properties: {
        callerName: { type: 'string', minLength: 1, maxLength: 200 },
        relationshipToPatient: { type: 'string', enum: [...CALLER_RELATIONSHIPS] },
        relationshipDetail: { type: 'string', minLength: 1, maxLength: 200 },
        callBackNumber: { type: 'string', minLength: 1, maxLength: 40 },
      },
    },
    location: {
      type: 'object',
      additionalProperties: false,
      required: ['postcode'],
      properties: {
        addressLines: { type: 'array', maxItems: 6, items: { type: 'string', minLength: 1, maxLength: 200 } },
        postcode: { type: 'string', minLength: 1, maxLength: 12 },
        lat: { type: 'number' },
        lon: { type: 'number' },
        notes: { type: 'string', minLength: 1, maxLength: 2000 },
      },
    },
    arrivedVia: { type: 'string', enum: [...CASE_CHANNELS] },
    serviceId: { type: 'string', minLength: 1, maxLength: 200 },
    presentingComplaint: { type: 'string', minLength: 1, maxLength: 2000 },
  },
} as const;

interface OpenBody {
  caseId?: string;
  eventId?: string;
  expectedVersion?: number;
  occurredAt?: string;
  call: Record<string, unknown>;
  location: Record<string, unknown>;
  arrivedVia: string;
  serviceId: string;
  presentingComplaint?: string;
}

export async function registerCaseRoutes(app: FastifyInstance): Promise<void> {
  const { database, eventStore } = app.services;
  const service = new CaseService(database, eventStore, { repeatCallers: repeatCallerSettings() });
  registerCaseReads(app, service);
  registerCaseHistory(app);
  registerEncounterRoutes(app, service);

  app.post<{ Body: OpenBody }>(
    '/api/cases',
    {
      config: { access: 'case:create' },
      schema: { tags: ['cases'], summary: 'Open a case from a call', body: openBody },
    },
    async (request, reply) => {
      const me = principalOf(request);
      const { caseId, eventId, occurredAt, presentingComplaint, ...opened } = request.body;
      const result = await service.open(me, caseId, { eventId, occurredAt }, () => [
        { type: 'CaseOpened', data: { ...opened, openedBy: me.userId } },
        ...(presentingComplaint === undefined
          ? []
          : [{ type: 'PresentingComplaintRecorded' as const, data: { text: presentingComplaint } }]),
      ]);
      note(request, 'case.open', result.case);
      return reply.status(result.duplicate ? 200 : 201).send(result);
    },
  );

  for (const command of CASE_COMMANDS) {
    app.post<{ Params: { id: string }; Body: Record<string, unknown> }>(
      `/api/cases/:id/${command.path}`,
      {
        config: { access: command.permission },
        schema: {
          tags: ['cases'],
          summary: command.summary,
          params: idParams,
          body: {
            type: 'object',
            additionalProperties: false,
            ...(command.required ? { required: command.required } : {}),
            properties: { ...COMMON_FIELDS, ...command.properties },
          },
        },
      },
      async (request): Promise<CommandResult> => {
        const me = principalOf(request);
        const body = request.body ?? {};
        const { eventId, expectedVersion, occurredAt } = body as {
          eventId?: string;
          expectedVersion?: number;
          occurredAt?: string;
        };
        request.auditNote = { action: command.action, entityType: 'case', entityId: request.params.id };
        const result = await service.command(
          me,
          request.params.id,
          { eventId, expectedVersion, occurredAt },
          (state, at) => {
            if (state === null) throw notFound(request.params.id);
            note(request, command.action, state);
            return command.plan({ state, body, userId: me.userId, at });
          },
        );
        note(request, command.action, result.case);
        return result;
      },
    );
  }
}
