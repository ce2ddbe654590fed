/**
 * Runs work for one organisation in a transaction where PostgreSQL itself enforces the tenant
 * boundary: the role becomes lantern_app (not the table owner, so row-level security applies)
 * and app.org_id names the organisation. A query that forgets `where org_id = ...` still sees
 * only this organisation's rows. Both settings end with the transaction.
 */
import { sql } from 'kysely';
import type { Tx } from '../eventlog/projections.js';
import type { Database } from '../storage/database.js';

export async function withTenant<T>(
  database: Database,
  orgId: string,
  work: (tx: Tx) => Promise<T>,
): Promise<T> {
  return database.db.transaction().execute(async (tx) => {
    await sql`SELECT set_config('app.org_id', ${orgId}, true), set_config('role', 'lantern_app', true)`.execute(
      tx,
    );
    return work(tx);
  });
}
