import { newId } from '@lantern/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../tenancy/withTenant.js';
import { openTestDatabase, type TestDatabase } from '../testing/testDatabase.js';
import { LocalDemographicsTrace } from './demographicsTrace.js';
import { findCandidates } from './patientStore.js';

/*
 * Regression: a common surname matches far more rows than the candidate cap (1000). The fetch is
 * ordered by rough relevance, so the Jane Smith being traced is never cut off behind 2000 other
 * Smiths, and neither is the one whose day and month were said the American way round.
 */
let db: TestDatabase;
const orgId = newId();
const target = newId();
const swapped = newId();

async function insertPatient(id: string, given: string, birthDate: string, postcode: string | null) {
  const record = { patientId: id, demographics: { name: { given: [given], family: 'Smith' }, birthDate } };
  await db.database.db
    .insertInto('patients')
    .values({
      org_id: orgId,
      id,
      nhs_number: null,
      family: 'Smith',
      given,
      family_key: 'smith',
      family_soundex: 'S530',
      birth_date: birthDate,
      gender: 'female',
      postcode,
      gp_practice_ods: null,
      special_notes: '[]',
      special_note_count: 0,
      record: JSON.stringify(record),
      version: 1,
      registered_at: new Date(),
      updated_at: new Date(),
    })
    .execute();
}

beforeAll(async () => {
  db = await openTestDatabase();
  await db.database.db
    .insertInto('organisations')
    .values({ id: orgId, name: 'Big IUC', ods_code: null })
    .execute();
  // 2000 other Smiths, ids that sort before the targets', born on other days.
  await sql`
    INSERT INTO patients (org_id, id, family, given, family_key, family_soundex, birth_date, gender,
                          record, version, registered_at, updated_at)
    SELECT ${orgId}::uuid, ('00000000-0000-7000-8000-' || lpad(to_hex(n), 12, '0'))::uuid, 'Smith', 'Anne',
           'smith', 'S530', DATE '1950-01-01' + n, 'female',
           jsonb_build_object('demographics', jsonb_build_object(
             'name', jsonb_build_object('given', jsonb_build_array('Anne'), 'family', 'Smith'),
             'birthDate', to_char(DATE '1950-01-01' + n, 'YYYY-MM-DD'))),
           1, now(), now()
      FROM generate_series(1, 2000) AS n`.execute(db.database.db);
  await insertPatient(target, 'Jane', '1980-04-12', 'M20 2PN');
  await insertPatient(swapped, 'Jane', '1980-12-04', null);
});
afterAll(async () => db.cleanup());

describe('candidates for a common surname', () => {
  it('the exact person and the swapped-date one are fetched despite 2000 other Smiths', async () => {
    const rows = await withTenant(db.database, orgId, (tx) =>
      findCandidates(tx, orgId, { family: 'Smith', given: 'Jane', birthDate: '1980-04-12' }),
    );
    expect(rows).toHaveLength(1000);
    expect(rows[0]?.id).toBe(target);
    expect(rows.map((r) => r.id)).toContain(swapped);
  });

  it('and the trace ranks them first and second', async () => {
    const matches = await new LocalDemographicsTrace(db.database).trace(orgId, {
      family: 'Smith',
      given: 'Jane',
      birthDate: '1980-04-12',
    });
    expect(matches.slice(0, 2).map((m) => [m.patientId, m.score])).toEqual([
      [target, 1],
      [swapped, 0.8],
    ]);
  });

  it('a given name with LIKE wildcards is taken literally', async () => {
    const rows = await withTenant(db.database, orgId, (tx) =>
      findCandidates(tx, orgId, { family: 'Smith', given: '%', birthDate: '1980-04-12' }),
    );
    expect(rows[0]?.id).toBe(target);
  });
});
