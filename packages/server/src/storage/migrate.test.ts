import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../testing/testDatabase.js';
import { currentMigrationVersion, migrate, readMigrations, splitStatements } from './migrate.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase({ migrate: false });
});
afterAll(async () => t.cleanup());

describe('migrations', () => {
  it('apply in order once, and a second run applies nothing', async () => {
    const first = await migrate(t.database);
    expect(first.applied[0]).toBe('0001_foundation');
    expect(await currentMigrationVersion(t.database)).toBe(readMigrations().at(-1)?.version);
    expect((await migrate(t.database)).applied).toEqual([]);
  });

  it('refuse to run when an applied migration was edited', async () => {
    const edited = readMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'x'.repeat(64) } : m));
    await expect(migrate(t.database, edited)).rejects.toThrow(/was edited after it was applied/);
  });

  it('refuse to run an older Lantern against a newer database', async () => {
    await expect(migrate(t.database, [])).rejects.toThrow(/does not know/);
  });

  it('a failing migration leaves nothing behind', async () => {
    const broken = [
      ...readMigrations(),
      { version: 9999, name: 'broken', sql: 'CREATE TABLE half_done (x int); SELECT 1/0;', checksum: 'c' },
    ];
    await expect(migrate(t.database, broken)).rejects.toThrow(/9999_broken failed/);
    const exists = await sql<{ t: string | null }>`SELECT to_regclass('half_done')::text AS t`.execute(
      t.database.db,
    );
    expect(exists.rows[0]?.t).toBeNull();
    expect(await currentMigrationVersion(t.database)).toBe(readMigrations().at(-1)?.version);
  });

  it('split scripts on semicolons outside strings, comments and function bodies', () => {
    expect(
      splitStatements(
        "SELECT 'a;b'; -- c;\nCREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql; SELECT 'it''s';",
      ),
    ).toEqual([
      "SELECT 'a;b'",
      'CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql',
      "SELECT 'it''s'",
    ]);
  });
});
