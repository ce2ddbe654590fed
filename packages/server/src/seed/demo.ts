/**
 * The demo seed: a demo organisation whose chain starts with its registration event. Fixed ids
 * make it idempotent (running it twice changes nothing). Capabilities add their demo data here.
 */
import type { EventStore } from '../eventlog/eventStore.js';
import { createOrganisation, type Organisation } from '../organisations/store.js';
import { seedDemoPatients } from '../patients/demoPatients.js';
import type { Database } from '../storage/database.js';
import { seedDemoCases } from './demoCases.js';
import { seedDemoUsers } from './demoUsers.js';

export const DEMO_ORG: Organisation = {
  id: '019ad000-0000-7000-8000-000000000001',
  name: 'Lantern Demo Integrated Urgent Care',
  odsCode: 'LNTDEMO',
};
const DEMO_ORG_REGISTERED_EVENT = '019ad000-0000-7000-8000-0000000000e1';

export interface SeedReport {
  organisation: Organisation;
  lines: string[];
}

export async function seedDemo(database: Database, eventStore: EventStore): Promise<SeedReport> {
  await createOrganisation(database, DEMO_ORG);
  await eventStore.append(DEMO_ORG.id, { type: 'organisation', id: DEMO_ORG.id }, 'any', [
    {
      id: DEMO_ORG_REGISTERED_EVENT,
      type: 'OrganisationRegistered',
      data: { name: DEMO_ORG.name, odsCode: DEMO_ORG.odsCode, demo: true },
      occurredAt: '2026-11-29T00:00:00.000Z',
      actor: 'system:seed',
    },
  ]);
  const lines = [`Demo organisation: ${DEMO_ORG.name} (${DEMO_ORG.odsCode})`];
  lines.push(...(await seedDemoUsers(database, DEMO_ORG.id)));
  lines.push(...(await seedDemoPatients(eventStore, DEMO_ORG.id)));
  lines.push(...(await seedDemoCases(database, eventStore, DEMO_ORG.id)));
  return { organisation: DEMO_ORG, lines };
}
