/**
 * User accounts. A user belongs to exactly one organisation and holds roles there; nobody's
 * account reaches across organisations (a person working for two providers has two accounts).
 * These are owner-level operations used by sign-in (before any organisation is known) and by
 * the CLI; request handlers reach users through withTenant.
 */
import { isRole, LanternError, newId, type Permission, permissionsOf, type Role } from '@lantern/core';
import type { Database } from '../storage/database.js';
import { ensureAcceptablePassword, hashPassword } from './passwords.js';

export interface NewUser {
  orgId: string;
  username: string;
  displayName: string;
  password: string;
  roles: Role[];
  /** For time-boxed supplier support accounts. */
  expiresAt?: Date | null;
  createdBy?: string | null;
}

export interface UserSummary {
  id: string;
  orgId: string;
  username: string;
  displayName: string;
  roles: Role[];
  status: 'active' | 'disabled';
  mfaEnrolled: boolean;
  lockedUntil: string | null;
  expiresAt: string | null;
}

const USERNAME = /^[a-z0-9][a-z0-9._@+-]{2,253}$/;

export function normaliseUsername(input: string): string {
  return input.trim().toLowerCase();
}

export async function createUser(database: Database, u: NewUser): Promise<UserSummary> {
  const username = normaliseUsername(u.username);
  const problems = [];
  if (!USERNAME.test(username))
    problems.push({ path: 'username', message: 'use 3-254 letters, digits or . _ @ + -' });
  if (!u.displayName.trim() || u.displayName.length > 200)
    problems.push({ path: 'displayName', message: 'must be 1-200 characters' });
  if (u.roles.length === 0) problems.push({ path: 'roles', message: 'at least one role is required' });
  for (const r of u.roles)
    if (!isRole(r)) problems.push({ path: 'roles', message: `unknown role ${String(r)}` });
  if (problems.length) throw new LanternError('E_VALIDATION', 'The user is not valid', problems);
  ensureAcceptablePassword(u.password, username);
  const id = newId();
  const passwordHash = await hashPassword(u.password);
  try {
    await database.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('users')
        .values({
          id,
          org_id: u.orgId,
          username,
          display_name: u.displayName.trim(),
          password_hash: passwordHash,
          status: 'active',
          expires_at: u.expiresAt ?? null,
          created_by: u.createdBy ?? null,
        })
        .execute();
      await tx
        .insertInto('user_roles')
        .values([...new Set(u.roles)].map((role) => ({ org_id: u.orgId, user_id: id, role })))
        .execute();
    });
  } catch (err) {
    if ((err as { code?: string }).code === '23505')
      throw new LanternError('E_VALIDATION', 'That username is taken', [
        { path: 'username', message: 'already in use' },
      ]);
    if ((err as { code?: string }).code === '23503')
      throw new LanternError('E_VALIDATION', 'The organisation does not exist', [
        { path: 'orgId', message: 'unknown' },
      ]);
    throw err;
  }
  return (await getUser(database, id)) as UserSummary;
}

export async function getUser(database: Database, id: string): Promise<UserSummary | null> {
  return (await listUsers(database, { id }))[0] ?? null;
}

export async function findUserIdByUsername(database: Database, username: string): Promise<string | null> {
  const row = await database.db
    .selectFrom('users')
    .select('id')
    .where('username', '=', normaliseUsername(username))
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function listUsers(
  database: Database,
  filter: { orgId?: string; id?: string },
): Promise<UserSummary[]> {
  let q = database.db.selectFrom('users').selectAll();
  if (filter.orgId) q = q.where('org_id', '=', filter.orgId);
  if (filter.id) q = q.where('id', '=', filter.id);
  const users = await q.orderBy('username').execute();
  if (users.length === 0) return [];
  const roles = await database.db
    .selectFrom('user_roles')
    .select(['user_id', 'role'])
    .where(
      'user_id',
      'in',
      users.map((u) => u.id),
    )
    .execute();
  return users.map((u) => ({
    id: u.id,
    orgId: u.org_id,
    username: u.username,
    displayName: u.display_name,
    roles: roles
      .filter((r) => r.user_id === u.id)
      .map((r) => r.role)
      .filter(isRole),
    status: u.status,
    mfaEnrolled: u.mfa_enrolled,
    lockedUntil: u.locked_until ? new Date(u.locked_until).toISOString() : null,
    expiresAt: u.expires_at ? new Date(u.expires_at).toISOString() : null,
  }));
}

export async function unlockUser(database: Database, orgId: string, userId: string): Promise<void> {
  const r = await database.db
    .updateTable('users')
    .set({ failed_attempts: 0, locked_until: null })
    .where('id', '=', userId)
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0)
    throw new LanternError('E_NOT_FOUND', 'No such user in this organisation');
}

export async function revokeUserSessions(database: Database, orgId: string, userId: string): Promise<number> {
  const r = await database.db
    .updateTable('sessions')
    .set({ revoked_at: new Date() })
    .where('user_id', '=', userId)
    .where('org_id', '=', orgId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** For a user who lost their authenticator and codes: they enrol again at next sign-in. */
export async function resetUserMfa(database: Database, orgId: string, userId: string): Promise<void> {
  await database.db.transaction().execute(async (tx) => {
    const r = await tx
      .updateTable('users')
      .set({ mfa_enrolled: false, totp_secret: null, totp_last_step: null })
      .where('id', '=', userId)
      .where('org_id', '=', orgId)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0)
      throw new LanternError('E_NOT_FOUND', 'No such user in this organisation');
    await tx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
    await tx.deleteFrom('webauthn_credentials').where('user_id', '=', userId).execute();
    await tx
      .updateTable('sessions')
      .set({ revoked_at: new Date() })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .execute();
  });
}

export interface Principal {
  userId: string;
  orgId: string;
  username: string;
  displayName: string;
  roles: Role[];
  permissions: Permission[];
}

export function principalOf(u: UserSummary): Principal {
  return {
    userId: u.id,
    orgId: u.orgId,
    username: u.username,
    displayName: u.displayName,
    roles: u.roles,
    permissions: permissionsOf(u.roles),
  };
}
