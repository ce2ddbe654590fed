import type { FastifyInstance } from 'fastify';
import { LANTERN_VERSION } from '../version.js';

/**
 * The FHIR R4 CapabilityStatement. It lists only what this server really does; each capability
 * that adds a FHIR resource adds it here.
 */
export function capabilityStatement(
  resources: { type: string; interaction: string[]; searchParam?: string[] }[],
) {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-11-29',
    publisher: 'Lantern',
    kind: 'instance',
    software: { name: 'Lantern', version: LANTERN_VERSION },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        resource: resources.map((r) => ({
          type: r.type,
          interaction: r.interaction.map((code) => ({ code })),
          ...(r.searchParam ? { searchParam: r.searchParam.map((name) => ({ name, type: 'token' })) } : {}),
        })),
      },
    ],
  };
}

export const fhirResources: { type: string; interaction: string[]; searchParam?: string[] }[] = [
  {
    type: 'AuditEvent',
    interaction: ['search-type'],
    searchParam: ['patient', 'agent', 'date', 'subtype', 'action'],
  },
  {
    type: 'Encounter',
    interaction: ['read', 'search-type'],
    searchParam: ['patient', 'status', 'identifier'],
  },
  {
    type: 'Patient',
    interaction: ['read', 'search-type'],
    searchParam: ['identifier', 'family', 'given', 'birthdate', 'address-postalcode'],
  },
];

export async function registerFhirMetadata(app: FastifyInstance): Promise<void> {
  app.get(
    '/fhir/R4/metadata',
    { config: { access: 'public' }, schema: { tags: ['fhir'], summary: 'FHIR R4 CapabilityStatement' } },
    async (_request, reply) => {
      reply.header('content-type', 'application/fhir+json; charset=utf-8');
      return capabilityStatement(fhirResources);
    },
  );
}
