/**
 * Triage over HTTP, bound to a case: start (protocol chosen or suggested from
 * the presenting complaint and the patient), answer (or change an answer), go back, complete
 * (the disposition goes on the case and sets its breach time), and read where the triage is.
 * A clinician's override of the disposition is a case command (POST /api/cases/:id/disposition-override).
 * The protocol library is loaded once at start (runtime) and shared by every request; the
 * library itself is served to consoles by protocolRoutes.ts.
 */
import { PATIENT_SEXES } from '@lantern/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { idParams, note } from '../cases/caseHttp.js';
import { UUID_PATTERN } from '../cases/commands.js';
import { CaseService } from '../cases/service.js';
import { principalOf } from '../identity/access.js';
import { CaseTriageService, type StartInput, type StepInput } from './caseTriage.js';
import { loadProtocolLibrary, type ProtocolLibrary } from './protocolLibrary.js';

declare module '../app.js' {
  interface AppServices {
    /** The triage protocol library, loaded once by the runtime. */
    protocols?: ProtocolLibrary;
  }
}

let fallback: Promise<ProtocolLibrary> | null = null;
/** For apps built without a runtime (tests): the default library, loaded once per process. */
function defaultLibrary(): Promise<ProtocolLibrary> {
  fallback ??= loadProtocolLibrary();
  return fallback;
}

const stepFields = {
  triageId: { type: 'string', pattern: UUID_PATTERN, description: 'Default: the case’s current triage' },
  eventId: { type: 'string', pattern: UUID_PATTERN },
  expectedVersion: { type: 'integer', minimum: 0, description: 'The triage version seen' },
} as const;

function stepBody(properties: Record<string, unknown> = {}, required: string[] = []) {
  return {
    type: 'object',
    additionalProperties: false,
    ...(required.length > 0 ? { required } : {}),
    properties: { ...stepFields, ...properties },
  };
}

export async function registerCaseTriageRoutes(app: FastifyInstance): Promise<void> {
  const { database, eventStore } = app.services;
  const library = app.services.protocols ?? (await defaultLibrary());
  const cases = new CaseService(database, eventStore);
  const triage = new CaseTriageService(database, eventStore, cases, library);
  const audit = async (request: FastifyRequest, caseId: string, action: string) => {
    request.auditNote = { action, entityType: 'case', entityId: caseId };
    // The audit entry names the patient when the case has one.
    const view = await cases.get(principalOf(request), caseId).catch(() => null);
    if (view) note(request, action, view);
  };

  app.post<{ Params: { id: string }; Body: StartInput }>(
    '/api/cases/:id/triage',
    {
      config: { access: 'triage:run' },
      schema: {
        tags: ['triage'],
        summary: 'Start a triage on the case (the protocol chosen, or the best suggestion)',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['patient'],
          properties: {
            triageId: { type: 'string', pattern: UUID_PATTERN },
            eventId: { type: 'string', pattern: UUID_PATTERN },
            protocolId: { type: 'string', minLength: 1, maxLength: 200 },
            presentingComplaint: { type: 'string', minLength: 1, maxLength: 500 },
            patient: {
              type: 'object',
              additionalProperties: false,
              required: ['ageYears', 'sex'],
              properties: {
                ageYears: { type: 'number', minimum: 0, maximum: 130 },
                sex: { type: 'string', enum: [...PATIENT_SEXES] },
                pregnant: { type: 'boolean' },
              },
            },
          },
        },
      },
    },
    async (request, reply) => {
      await audit(request, request.params.id, 'triage.start');
      const result = await triage.start(principalOf(request), request.params.id, request.body);
      return reply.status(201).send(result);
    },
  );

  app.get<{ Params: { id: string }; Querystring: { triageId?: string } }>(
    '/api/cases/:id/triage',
    {
      config: { access: 'case:read' },
      schema: {
        tags: ['triage'],
        summary: 'Where the case’s triage is: the next question and transcript, or the outcome',
        params: idParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { triageId: { type: 'string', pattern: UUID_PATTERN } },
        },
      },
    },
    async (request) => {
      await audit(request, request.params.id, 'triage.read');
      return triage.current(principalOf(request), request.params.id, request.query.triageId);
    },
  );

  app.post<{
    Params: { id: string };
    Body: StepInput & { questionId: string; value: unknown; change?: boolean };
  }>(
    '/api/cases/:id/triage/answer',
    {
      config: { access: 'triage:run' },
      schema: {
        tags: ['triage'],
        summary: 'Answer the question being asked (or, with change: true, change an earlier answer)',
        params: idParams,
        body: stepBody(
          {
            questionId: { type: 'string', minLength: 1, maxLength: 200 },
            value: {
              anyOf: [
                { type: 'string', maxLength: 500 },
                { type: 'number' },
                { type: 'null' },
                { type: 'array', maxItems: 50, items: { type: 'string', maxLength: 200 } },
              ],
            },
            change: { type: 'boolean' },
          },
          ['questionId', 'value'],
        ),
      },
    },
    async (request) => {
      await audit(request, request.params.id, 'triage.answer');
      return triage.answer(principalOf(request), request.params.id, request.body);
    },
  );

  app.post<{ Params: { id: string }; Body: StepInput }>(
    '/api/cases/:id/triage/back',
    {
      config: { access: 'triage:run' },
      schema: { tags: ['triage'], summary: 'Go back one question', params: idParams, body: stepBody() },
    },
    async (request) => {
      await audit(request, request.params.id, 'triage.back');
      return triage.back(principalOf(request), request.params.id, request.body ?? {});
    },
  );

  app.post<{ Params: { id: string }; Body: StepInput }>(
    '/api/cases/:id/triage/complete',
    {
      config: { access: 'triage:run' },
      schema: {
        tags: ['triage'],
        summary:
          'Complete the triage: its disposition goes on the case (DispositionReached) and sets the breach time',
        params: idParams,
        body: stepBody(),
      },
    },
    async (request) => {
      await audit(request, request.params.id, 'triage.complete');
      return triage.complete(principalOf(request), request.params.id, request.body ?? {});
    },
  );
}
