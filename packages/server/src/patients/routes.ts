/**
 * Patients over HTTP: the capability's entry point (registered once in app.ts). Registering,
 * the trace (search), the full record behind the legitimate-relationship rule, changes, special
 * notes and break-glass, and the FHIR Patient facade (fhirRoutes.ts).
 *
 * Every route that touches a patient sets `request.auditNote` with the patient's id before it
 * acts, so a refusal is audited against the patient as well as a success. A search is audited
 * once as a search and once per patient it showed (as PDS audits every match).
 */
import { type SpecialNoteKind, ukToday } from '@lantern/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { clientInfo, principalOf } from '../identity/access.js';
import { breakGlass } from './breakGlass.js';
import {
  type DemographicsTrace,
  LocalDemographicsTrace,
  parseTraceQuery,
  type RawTraceQuery,
  type TraceMatch,
} from './demographicsTrace.js';
import { registerPatientFhirRoutes } from './fhirRoutes.js';
import {
  breakGlassBody,
  breakGlassResponse,
  changesSchema,
  demographicsSchema,
  endNoteBody,
  eventId,
  idParams,
  patientResponse,
  specialNoteBody,
  str,
  tags,
  uuid,
} from './httpSchemas.js';
import { PatientService } from './service.js';

export interface PatientRoutesOptions {
  /** Where the trace step looks; this organisation's index unless a PDS trace is plugged in. */
  trace?: DemographicsTrace;
  now?: () => Date;
}

export async function registerPatientRoutes(
  app: FastifyInstance,
  options: PatientRoutesOptions = {},
): Promise<void> {
  const { database, eventStore, audit } = app.services;
  const now = options.now ?? (() => new Date());
  const service = new PatientService(database, eventStore, now);
  const trace = options.trace ?? new LocalDemographicsTrace(database);
  const actor = (request: FastifyRequest) => {
    const me = principalOf(request);
    return { userId: me.userId, orgId: me.orgId };
  };

  /** The trace, audited once as a search and once against each patient it showed. */
  const search = async (
    request: FastifyRequest,
    raw: RawTraceQuery,
    paths: Record<keyof RawTraceQuery, string>,
  ) => {
    const me = principalOf(request);
    const by = raw.nhsNumber !== undefined && raw.nhsNumber.trim() !== '' ? 'nhs-number' : 'demographics';
    request.auditNote = { action: 'search', entityType: 'Patient', detail: { by, source: trace.source } };
    const query = parseTraceQuery(raw, ukToday(now()), paths);
    const matches = await trace.trace(me.orgId, query);
    request.auditNote = {
      ...request.auditNote,
      detail: { by, source: trace.source, matches: matches.length },
    };
    const client = clientInfo(request);
    await Promise.all(
      matches
        .filter((m): m is TraceMatch & { patientId: string } => m.patientId !== null)
        .map((m) =>
          audit.record({
            orgId: me.orgId,
            category: 'patient-record',
            action: 'search-match',
            outcome: 'success',
            userId: me.userId,
            username: me.username,
            role: me.roles.join(','),
            patientId: m.patientId,
            entityType: 'Patient',
            entityId: m.patientId,
            sourceIp: client.ip,
            userAgent: client.userAgent,
            requestId: client.requestId,
            detail: { score: m.score, by },
          }),
        ),
    );
    return matches;
  };

  app.post<{ Body: { id: string; eventId: string; demographics: unknown } }>(
    '/api/patients',
    {
      config: { access: 'patient:write' },
      schema: {
        tags,
        summary: 'Register a patient (ids made by the client, so a retry is answered, not repeated)',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['id', 'eventId', 'demographics'],
          properties: {
            id: { ...uuid, description: 'The new patient id' },
            eventId,
            demographics: demographicsSchema,
          },
        },
        response: { 200: patientResponse, 201: patientResponse },
      },
    },
    async (request, reply) => {
      const { id } = request.body;
      request.auditNote = { action: 'create', patientId: id, entityType: 'Patient', entityId: id };
      const { patient, created } = await service.register(actor(request), {
        patientId: id,
        eventId: request.body.eventId,
        demographics: request.body.demographics,
      });
      request.auditNote.detail = { retried: !created };
      return reply.status(created ? 201 : 200).send(patient);
    },
  );

  app.get<{ Querystring: RawTraceQuery }>(
    '/api/patients',
    {
      config: { access: 'patient:read' },
      schema: {
        tags,
        summary:
          'Trace: find a patient by NHS number, or by family name with date of birth, given name or postcode',
        description:
          'Ranked best first (score 1 = everything given matched exactly). Answers identifying fields only; open the record with GET /api/patients/{id}.',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            nhsNumber: str(20),
            family: str(100),
            given: str(100),
            birthDate: str(40, 'YYYY-MM-DD'),
            postcode: str(20),
          },
        },
      },
    },
    async (request) => {
      const matches = await search(request, request.query, {
        nhsNumber: 'query.nhsNumber',
        family: 'query.family',
        given: 'query.given',
        birthDate: 'query.birthDate',
        postcode: 'query.postcode',
      });
      return { source: trace.source, matches };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/patients/:id',
    {
      config: { access: 'patient:read' },
      schema: {
        tags,
        summary: "A patient's full record: needs an open case for them at your organisation, or break-glass",
        params: idParams,
        response: { 200: patientResponse },
      },
    },
    async (request) => {
      const { id } = request.params;
      request.auditNote = { action: 'read', patientId: id, entityType: 'Patient', entityId: id };
      const { patient, access } = await service.read(actor(request), id);
      request.auditNote.detail = {
        basis: access.basis,
        ...(access.basis === 'break-glass' ? { grantId: access.grantId } : {}),
      };
      return { ...patient, access };
    },
  );

  app.patch<{ Params: { id: string }; Body: { eventId: string; expectedVersion: number; changes: unknown } }>(
    '/api/patients/:id',
    {
      config: { access: 'patient:write' },
      schema: {
        tags,
        summary: "Change a patient's demographics (merge patch), against the version you saw",
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['eventId', 'expectedVersion', 'changes'],
          properties: { eventId, expectedVersion: { type: 'integer', minimum: 1 }, changes: changesSchema },
        },
        response: { 200: patientResponse },
      },
    },
    async (request) => {
      const { id } = request.params;
      request.auditNote = { action: 'update', patientId: id, entityType: 'Patient', entityId: id };
      return service.updateDemographics(actor(request), id, request.body);
    },
  );

  app.post<{
    Params: { id: string };
    Body: { eventId: string; noteId: string; kind: SpecialNoteKind; text: string; expectedVersion?: number };
  }>(
    '/api/patients/:id/special-notes',
    {
      config: { access: 'patient:write' },
      schema: {
        tags,
        summary:
          'Add a special patient note (care plan, safeguarding, access, DNACPR/ReSPECT) shown on every screen',
        params: idParams,
        body: specialNoteBody,
        response: { 201: patientResponse },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      request.auditNote = {
        action: 'special-note-add',
        patientId: id,
        entityType: 'Patient',
        entityId: id,
        detail: { kind: request.body.kind, noteId: request.body.noteId },
      };
      return reply.status(201).send(await service.addSpecialNote(actor(request), id, request.body));
    },
  );

  app.post<{
    Params: { id: string; noteId: string };
    Body: { eventId: string; reason: string; expectedVersion?: number };
  }>(
    '/api/patients/:id/special-notes/:noteId/end',
    {
      config: { access: 'patient:write' },
      schema: {
        tags,
        summary: 'End a special note (it stays in the history)',
        params: { type: 'object', required: ['id', 'noteId'], properties: { id: uuid, noteId: uuid } },
        body: endNoteBody,
        response: { 200: patientResponse },
      },
    },
    async (request) => {
      const { id, noteId } = request.params;
      request.auditNote = {
        action: 'special-note-end',
        patientId: id,
        entityType: 'Patient',
        entityId: id,
        detail: { noteId },
      };
      return service.endSpecialNote(actor(request), id, noteId, request.body);
    },
  );

  app.post<{ Params: { id: string }; Body: { reason: string } }>(
    '/api/patients/:id/break-glass',
    {
      config: { access: 'patient:break-glass' },
      schema: {
        tags,
        summary:
          'Break the glass: open a record you have no case for, for 30 minutes, for a stated reason (audited; your privacy officer is alerted)',
        params: idParams,
        body: breakGlassBody,
        response: { 201: breakGlassResponse },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const me = actor(request);
      request.auditNote = { action: 'break-glass', patientId: id, entityType: 'Patient', entityId: id };
      const grant = await breakGlass(database, {
        ...me,
        patientId: id,
        reason: request.body.reason,
        now: now(),
      });
      request.auditNote.detail = { reason: grant.reason, grantId: grant.grantId, expiresAt: grant.expiresAt };
      return reply.status(201).send(grant);
    },
  );

  registerPatientFhirRoutes(app, { service, search });
}
