/**
 * The FHIR R4 Patient facade: read (the full UK Core Patient, under the same legitimate-
 * relationship rule as the REST read) and search (identity-only Patients, as the REST trace).
 * Errors are OperationOutcomes (the shared error handler answers /fhir routes so).
 */
import { LanternError } from '@lantern/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { principalOf } from '../identity/access.js';
import type { RawTraceQuery, TraceMatch } from './demographicsTrace.js';
import { NHS_NUMBER_SYSTEM, toFhirPatient, toFhirPatientMatch } from './fhirPatient.js';
import type { PatientService } from './service.js';

type FhirSearch = {
  identifier?: string;
  family?: string;
  given?: string;
  birthdate?: string;
  'address-postalcode'?: string;
  _count?: number;
};

export interface PatientFhirDeps {
  service: PatientService;
  search: (
    request: FastifyRequest,
    raw: RawTraceQuery,
    paths: Record<keyof RawTraceQuery, string>,
  ) => Promise<TraceMatch[]>;
}

const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function registerPatientFhirRoutes(app: FastifyInstance, { service, search }: PatientFhirDeps): void {
  app.get<{ Params: { id: string } }>(
    '/fhir/R4/Patient/:id',
    {
      config: { access: 'patient:read' },
      schema: {
        tags: ['fhir', 'patients'],
        summary: 'Read a Patient (UK Core): needs an open case for them at your organisation, or break-glass',
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      if (!UUID.test(id)) throw new LanternError('E_NOT_FOUND', `No Patient/${id} here`);
      const me = principalOf(request);
      request.auditNote = {
        action: 'read',
        patientId: id,
        entityType: 'Patient',
        entityId: id,
        detail: { fhir: true },
      };
      const { patient, access } = await service.read({ userId: me.userId, orgId: me.orgId }, id);
      request.auditNote.detail = { fhir: true, basis: access.basis };
      reply.header('content-type', FHIR_JSON);
      return toFhirPatient(patient);
    },
  );

  app.get<{ Querystring: FhirSearch }>(
    '/fhir/R4/Patient',
    {
      config: { access: 'patient:read' },
      schema: {
        tags: ['fhir', 'patients'],
        summary:
          'Search Patients: identifier (NHS number), or family with birthdate, given or address-postalcode',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            identifier: { type: 'string', maxLength: 80, description: `${NHS_NUMBER_SYSTEM}|9434765919` },
            family: { type: 'string', maxLength: 100 },
            given: { type: 'string', maxLength: 100 },
            birthdate: { type: 'string', maxLength: 40, description: 'YYYY-MM-DD, optionally eq-prefixed' },
            'address-postalcode': { type: 'string', maxLength: 20 },
            _count: { type: 'integer', minimum: 1, maximum: 50, default: 50 },
          },
        },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const raw: RawTraceQuery = {};
      if (q.identifier !== undefined) {
        const [system, value] = q.identifier.includes('|')
          ? q.identifier.split('|', 2)
          : [undefined, q.identifier];
        if (system !== undefined && system !== '' && system !== NHS_NUMBER_SYSTEM) {
          throw new LanternError(
            'E_VALIDATION',
            `Patients are searched by NHS number (${NHS_NUMBER_SYSTEM})`,
            [{ path: 'identifier', message: `unsupported identifier system ${system}` }],
          );
        }
        raw.nhsNumber = value ?? '';
      }
      if (q.family !== undefined) raw.family = q.family;
      if (q.given !== undefined) raw.given = q.given;
      if (q.birthdate !== undefined) {
        if (/^(ne|gt|lt|ge|le|sa|eb|ap)/.test(q.birthdate)) {
          throw new LanternError(
            'E_VALIDATION',
            'birthdate is searched for one day (YYYY-MM-DD or eqYYYY-MM-DD)',
            [{ path: 'birthdate', message: 'only eq is supported' }],
          );
        }
        raw.birthDate = q.birthdate.replace(/^eq/, '');
      }
      if (q['address-postalcode'] !== undefined) raw.postcode = q['address-postalcode'];
      const matches = (
        await search(request, raw, {
          nhsNumber: 'identifier',
          family: 'family',
          given: 'given',
          birthDate: 'birthdate',
          postcode: 'address-postalcode',
        })
      ).slice(0, q._count ?? 50);
      reply.header('content-type', FHIR_JSON);
      return {
        resourceType: 'Bundle',
        type: 'searchset',
        total: matches.length,
        entry: matches.map((m) => ({
          ...(m.patientId ? { fullUrl: `Patient/${m.patientId}` } : {}),
          resource: toFhirPatientMatch(m),
          search: { mode: 'match', score: m.score },
        })),
      };
    },
  );
}
