import { GENESIS_HASH, LanternError } from '@lantern/core';
import type { Database } from '../storage/database.js';

export interface Organisation {
  id: string;
  name: string;
  odsCode: string | null;
}

/** Creates an organisation (a tenant) together with the genesis of its event chain. */
export async function createOrganisation(database: Database, org: Organisation): Promise<Organisation> {
  if (!org.name.trim() || org.name.length > 200)
    throw new LanternError('E_VALIDATION', 'Organisation name must be 1-200 characters', [
      { path: 'name', message: 'invalid' },
    ]);
  if (org.odsCode !== null && !/^[A-Z0-9]{3,10}$/.test(org.odsCode)) {
    throw new LanternError('E_VALIDATION', 'ODS code must be 3-10 capital letters or digits', [
      { path: 'odsCode', message: 'invalid' },
    ]);
  }
  await database.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('organisations')
      .values({ id: org.id, name: org.name.trim(), ods_code: org.odsCode })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    await tx
      .insertInto('event_chain_heads')
      .values({ org_id: org.id, seq: 0, hash: GENESIS_HASH })
      .onConflict((oc) => oc.column('org_id').doNothing())
      .execute();
  });
  return org;
}

export async function listOrganisations(database: Database): Promise<Organisation[]> {
  const rows = await database.db
    .selectFrom('organisations')
    .select(['id', 'name', 'ods_code'])
    .orderBy('name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, odsCode: r.ods_code }));
}
