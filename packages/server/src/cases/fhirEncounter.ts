/**
 * Cases as FHIR R4 Encounter resources (read and search), for other systems and reporting.
 * A 111/CAS contact is a remote encounter: it starts when the call is taken and ends when the
 * case closes; its reason is the presenting complaint, its service type the disposition's
 * skillset, its priority from the queue priority (or the disposition). The case reference is its
 * business identifier. Search parameters: patient, status, identifier, _count.
 */
import { type CaseState, ensureCaseReference, isUuid, LanternError } from '@lantern/core';
import type { FastifyInstance } from 'fastify';
import { principalOf } from '../identity/access.js';
import { withTenant } from '../tenancy/withTenant.js';
import { idParams, note } from './caseHttp.js';
import { searchCases } from './caseStore.js';
import type { CaseService } from './service.js';

const LANTERN = 'https://lantern.nhs.invalid';
export const CASE_REFERENCE_SYSTEM = `${LANTERN}/case-reference`;
const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
const ACT_PRIORITY = 'http://terminology.hl7.org/CodeSystem/v3-ActPriority';

type EncounterStatus = 'arrived' | 'triaged' | 'in-progress' | 'finished';

const STATUS: Record<CaseState['status'], EncounterStatus> = {
  open: 'arrived',
  triaged: 'triaged',
  queued: 'triaged',
  assigned: 'in-progress',
  closed: 'finished',
};

/** FHIR status -> the case statuses it stands for (search). */
const CASE_STATUSES_OF: Record<string, CaseState['status'][]> = {
  arrived: ['open'],
  triaged: ['triaged', 'queued'],
  'in-progress': ['assigned'],
  finished: ['closed'],
};

function priorityOf(s: CaseState) {
  const p = s.priority;
  const category = s.disposition?.ambulanceCategory;
  const code =
    p === 1 || category === 'C1' || category === 'C2' ? 'EM' : p === 2 ? 'UR' : p === null ? null : 'R';
  if (code === null) return undefined;
  const display = { EM: 'emergency', UR: 'urgent', R: 'routine' }[code];
  return {
    coding: [{ system: ACT_PRIORITY, code, display }],
    ...(p === null ? {} : { text: `Priority ${p}` }),
  };
}

export function toFhirEncounter(s: CaseState, version: number) {
  const walkIn = s.arrivedVia === 'walk-in';
  const priority = priorityOf(s);
  return {
    resourceType: 'Encounter' as const,
    id: s.caseId,
    meta: { versionId: String(version), lastUpdated: s.updatedAt },
    identifier: [{ system: CASE_REFERENCE_SYSTEM, value: s.reference }],
    status: STATUS[s.status],
    class: walkIn
      ? { system: ACT_CODE, code: 'AMB', display: 'ambulatory' }
      : { system: ACT_CODE, code: 'VR', display: 'virtual' },
    ...(s.disposition
      ? {
          serviceType: {
            coding: [{ system: `${LANTERN}/CodeSystem/skillset`, code: s.disposition.skillset }],
            text: `${s.disposition.code} ${s.disposition.label}`,
          },
        }
      : {}),
    ...(priority ? { priority } : {}),
    ...(s.patient
      ? {
          subject: {
            reference: `Patient/${s.patient.patientId}`,
            ...(s.patient.nhsNumber
              ? { identifier: { system: NHS_NUMBER_SYSTEM, value: s.patient.nhsNumber } }
              : {}),
            display: s.patient.displayName,
          },
        }
      : {}),
    ...(s.assignedTo
      ? {
          participant: [
            {
              type: [
                {
                  coding: [
                    {
                      system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
                      code: 'PPRF',
                      display: 'primary performer',
                    },
                  ],
                },
              ],
              individual: { identifier: { system: `${LANTERN}/user`, value: s.assignedTo } },
            },
          ],
        }
      : {}),
    period: { start: s.openedAt, ...(s.closure ? { end: s.closure.at } : {}) },
    ...(s.presentingComplaint ? { reasonCode: [{ text: s.presentingComplaint.text }] } : {}),
  };
}

interface SearchQuery {
  patient?: string;
  status?: string;
  identifier?: string;
  _count: number;
}

function invalid(path: string, message: string): LanternError {
  return new LanternError('E_VALIDATION', message, [{ path, message }]);
}

const FHIR_JSON = 'application/fhir+json; charset=utf-8';

export function registerEncounterRoutes(app: FastifyInstance, service: CaseService): void {
  const { database } = app.services;

  app.get<{ Params: { id: string } }>(
    '/fhir/R4/Encounter/:id',
    {
      config: { access: 'case:read' },
      schema: { tags: ['fhir', 'cases'], summary: 'A case as a FHIR R4 Encounter', params: idParams },
    },
    async (request, reply) => {
      const me = principalOf(request);
      const view = await service.get(me, request.params.id);
      note(request, 'encounter.read', view);
      reply.header('content-type', FHIR_JSON);
      return toFhirEncounter(view, view.version);
    },
  );

  app.get<{ Querystring: SearchQuery }>(
    '/fhir/R4/Encounter',
    {
      config: { access: 'case:read' },
      schema: {
        tags: ['fhir', 'cases'],
        summary: 'Search cases as FHIR R4 Encounters (patient, status, identifier)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            patient: { type: 'string', maxLength: 100 },
            status: { type: 'string', maxLength: 100 },
            identifier: { type: 'string', maxLength: 200 },
            _count: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
          },
        },
      },
    },
    async (request, reply) => {
      const me = principalOf(request);
      const q = request.query;
      const patientId = q.patient?.replace(/^Patient\//, '');
      if (patientId !== undefined && !isUuid(patientId))
        throw invalid('patient', 'patient must be a Patient id');
      let statuses: CaseState['status'][] | undefined;
      if (q.status !== undefined) {
        statuses = q.status.split(',').flatMap((code) => {
          const mapped = CASE_STATUSES_OF[code.trim()];
          if (mapped) return mapped;
          // A valid Encounter status that no case ever has (planned, cancelled...) matches nothing.
          if (/^[a-z-]{1,30}$/.test(code.trim())) return [];
          throw invalid('status', `${code} is not an Encounter status`);
        });
      }
      let reference: string | undefined;
      if (q.identifier !== undefined) {
        const [system, value] = q.identifier.includes('|')
          ? q.identifier.split('|', 2)
          : [undefined, q.identifier];
        if (system !== undefined && system !== '' && system !== CASE_REFERENCE_SYSTEM) {
          throw invalid('identifier', `only ${CASE_REFERENCE_SYSTEM} identifiers are searchable`);
        }
        reference = ensureCaseReference(value ?? '', 'identifier');
      }
      const records =
        statuses !== undefined && statuses.length === 0
          ? []
          : await withTenant(database, me.orgId, (tx) =>
              searchCases(tx, me.orgId, {
                ...(patientId === undefined ? {} : { patientId }),
                ...(statuses === undefined ? {} : { statuses }),
                ...(reference === undefined ? {} : { reference }),
                count: q._count,
              }),
            );
      request.auditNote = {
        action: 'encounter.search',
        patientId: patientId ?? null,
        entityType: 'encounter-search',
        entityId: reference ?? q.status ?? 'all',
        detail: { matches: records.length },
      };
      reply.header('content-type', FHIR_JSON);
      const resources = records.map((r) => toFhirEncounter(r.state, r.version));
      return {
        resourceType: 'Bundle',
        type: 'searchset',
        total: resources.length,
        entry: resources.map((resource) => ({
          fullUrl: `Encounter/${resource.id}`,
          resource,
          search: { mode: 'match' },
        })),
      };
    },
  );
}
