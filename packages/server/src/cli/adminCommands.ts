/**
 * Operator commands for organisations and users. They act as the database owner (there is no
 * signed-in user on a console), and each one is written to the organisation's audit log as a
 * CLI action.
 */
import { readFileSync } from 'node:fs';
import { isRole, isUuid, LanternError, newId, ROLES, type Role } from '@lantern/core';
import { type Command, InvalidArgumentError } from 'commander';
import type { Config } from '../config/config.js';
import { newToken } from '../identity/secrets.js';
import {
  createUser,
  findUserIdByUsername,
  getUser,
  resetUserMfa,
  revokeUserSessions,
  unlockUser,
} from '../identity/users.js';
import { createOrganisation } from '../organisations/store.js';
import { closeRuntime, openRuntime, type Runtime } from '../runtime.js';

type ConfigFrom = (cmd: Command) => Config;

function roles(value: string): Role[] {
  const list = value
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const bad = list.filter((r) => !isRole(r));
  if (list.length === 0 || bad.length > 0)
    throw new InvalidArgumentError(`roles must be a comma-separated list of: ${ROLES.join(', ')}`);
  return list as Role[];
}

async function withRuntime(
  configFrom: ConfigFrom,
  cmd: Command,
  work: (rt: Runtime) => Promise<void>,
): Promise<void> {
  const rt = await openRuntime(configFrom(cmd));
  try {
    await work(rt);
  } finally {
    await closeRuntime(rt);
  }
}

async function resolveOrg(rt: Runtime, ref: string): Promise<{ id: string; name: string }> {
  const q = rt.database.db.selectFrom('organisations').select(['id', 'name']);
  const ods = ref.toUpperCase();
  const org = await (isUuid(ref)
    ? q.where('id', '=', ref)
    : q.where('ods_code', '=', ods)
  ).executeTakeFirst();
  if (!org) throw new LanternError('E_NOT_FOUND', `No organisation with id or ODS code '${ref}'`);
  return org;
}

async function resolveUser(rt: Runtime, username: string) {
  const id = await findUserIdByUsername(rt.database, username);
  const user = id ? await getUser(rt.database, id) : null;
  if (!user) throw new LanternError('E_NOT_FOUND', `No user '${username}'`);
  return user;
}

const cliAudit = (
  rt: Runtime,
  orgId: string,
  action: string,
  entityId: string,
  detail: Record<string, string> = {},
) =>
  rt.audit.record({
    orgId,
    category: 'administration',
    action,
    outcome: 'success',
    username: 'cli',
    entityType: 'User',
    entityId,
    detail: { via: 'lantern cli', ...detail },
  });

export function registerAdminCommands(program: Command, configFrom: ConfigFrom): void {
  const org = program.command('org').description('Manage organisations (tenants)');
  org
    .command('add')
    .description('Create an organisation')
    .requiredOption('--name <name>', 'organisation name')
    .option('--ods <code>', 'ODS code (3-10 capital letters or digits)')
    .action(async (opts: { name: string; ods?: string }, cmd: Command) =>
      withRuntime(configFrom, cmd, async (rt) => {
        const created = await createOrganisation(rt.database, {
          id: newId(),
          name: opts.name,
          odsCode: opts.ods?.toUpperCase() ?? null,
        });
        await rt.audit.record({
          orgId: created.id,
          category: 'administration',
          action: 'org-create',
          outcome: 'success',
          username: 'cli',
          entityType: 'Organization',
          entityId: created.id,
        });
        console.log(
          `Organisation ${created.name} created: ${created.id}${created.odsCode ? ` (${created.odsCode})` : ''}`,
        );
      }),
    );

  const user = program.command('user').description('Manage user accounts');
  user
    .command('add')
    .description(
      'Create a user; prints a one-time password unless --password-file is given. MFA is enrolled at first sign-in.',
    )
    .requiredOption('--org <id-or-ods>', 'organisation id or ODS code')
    .requiredOption('--username <username>', 'sign-in name (e.g. an NHS.net email address)')
    .requiredOption('--name <display name>', 'name shown to colleagues')
    .requiredOption('--role <roles>', `comma-separated roles: ${ROLES.join(', ')}`, roles)
    .option(
      '--password-file <file>',
      'read the initial password from this file (never pass passwords as arguments)',
    )
    .action(
      async (
        opts: { org: string; username: string; name: string; role: Role[]; passwordFile?: string },
        cmd: Command,
      ) =>
        withRuntime(configFrom, cmd, async (rt) => {
          const o = await resolveOrg(rt, opts.org);
          const generated = !opts.passwordFile;
          const password = opts.passwordFile
            ? readFileSync(opts.passwordFile, 'utf8').trimEnd()
            : `${newToken().slice(0, 20)}-lantern`;
          const u = await createUser(rt.database, {
            orgId: o.id,
            username: opts.username,
            displayName: opts.name,
            password,
            roles: opts.role,
          });
          await cliAudit(rt, o.id, 'user-create', u.id, { roles: u.roles.join(',') });
          console.log(
            `User ${u.username} created in ${o.name} with roles ${u.roles.join(', ')} (id ${u.id}).`,
          );
          if (generated) console.log(`Initial password (give it to the user privately): ${password}`);
          console.log('They enrol a second factor (authenticator app or passkey) at first sign-in.');
        }),
    );
  user
    .command('unlock')
    .description('Unlock an account locked after failed sign-ins')
    .argument('<username>')
    .action(async (username: string, _opts: unknown, cmd: Command) =>
      withRuntime(configFrom, cmd, async (rt) => {
        const u = await resolveUser(rt, username);
        await unlockUser(rt.database, u.orgId, u.id);
        await cliAudit(rt, u.orgId, 'user-unlock', u.id);
        console.log(`${u.username} unlocked.`);
      }),
    );
  user
    .command('revoke-sessions')
    .description("End all of a user's sessions now")
    .argument('<username>')
    .action(async (username: string, _opts: unknown, cmd: Command) =>
      withRuntime(configFrom, cmd, async (rt) => {
        const u = await resolveUser(rt, username);
        const n = await revokeUserSessions(rt.database, u.orgId, u.id);
        await cliAudit(rt, u.orgId, 'user-revoke-sessions', u.id, { revoked: String(n) });
        console.log(`${n} session(s) of ${u.username} revoked.`);
      }),
    );
  user
    .command('reset-mfa')
    .description('Clear a lost second factor; the user enrols again at next sign-in')
    .argument('<username>')
    .action(async (username: string, _opts: unknown, cmd: Command) =>
      withRuntime(configFrom, cmd, async (rt) => {
        const u = await resolveUser(rt, username);
        await resetUserMfa(rt.database, u.orgId, u.id);
        await cliAudit(rt, u.orgId, 'user-reset-mfa', u.id);
        console.log(`Second factor of ${u.username} cleared; all their sessions ended.`);
      }),
    );
}
