/**
 * Drops every projection's tables' rows and replays the whole log through the handlers, in one
 * transaction: readers see the old projections until the new ones are complete.
 */
import { sql } from 'kysely';
import type { Database } from '../storage/database.js';
import type { ProjectionRegistry } from './projections.js';
import { eventPages } from './readEvents.js';

const PAGE = 2000;

export interface RebuildReport {
  projections: string[];
  events: number;
}

export async function rebuildProjections(
  database: Database,
  registry: ProjectionRegistry,
  onProgress?: (replayed: number) => void,
): Promise<RebuildReport> {
  const projections = registry.list();
  return database.db.transaction().execute(async (tx) => {
    const tables = projections.flatMap((p) => p.tables);
    if (tables.length > 0) await sql.raw(`TRUNCATE ${tables.map((t) => `"${t}"`).join(', ')}`).execute(tx);
    const orgs = await tx.selectFrom('events').select('org_id').distinct().orderBy('org_id').execute();
    let replayed = 0;
    for (const { org_id: orgId } of orgs) {
      await sql`SELECT set_config('app.org_id', ${orgId}, true)`.execute(tx);
      for await (const page of eventPages(tx, orgId, PAGE)) {
        await registry.applyAll(tx, page);
        replayed += page.length;
        onProgress?.(replayed);
      }
    }
    const now = new Date();
    for (const p of projections) {
      await tx
        .insertInto('projection_state')
        .values({ name: p.name, version: p.version, rebuilt_at: now })
        .onConflict((oc) => oc.column('name').doUpdateSet({ version: p.version, rebuilt_at: now }))
        .execute();
    }
    return { projections: projections.map((p) => p.name), events: replayed };
  });
}
