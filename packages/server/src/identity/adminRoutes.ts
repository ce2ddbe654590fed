/**
 * Organisation administration. Everything is scoped to the admin's own organisation: an id
 * from another organisation is "not found", never acted on.
 */
import { LanternError, ROLES, type Role } from '@lantern/core';
import type { FastifyInstance } from 'fastify';
import { principalOf } from './access.js';
import {
  createUser,
  getUser,
  listUsers,
  resetUserMfa,
  revokeUserSessions,
  type UserSummary,
  unlockUser,
} from './users.js';

const tags = ['admin'];
const userSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    username: { type: 'string' },
    displayName: { type: 'string' },
    roles: { type: 'array', items: { type: 'string' } },
    status: { type: 'string' },
    mfaEnrolled: { type: 'boolean' },
    lockedUntil: { type: ['string', 'null'] },
    expiresAt: { type: ['string', 'null'] },
  },
} as const;
const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', format: 'uuid' } },
} as const;

export async function registerAdminRoutes(app: FastifyInstance): Promise<void> {
  const { database } = app.services;

  const ownUser = async (orgId: string, id: string): Promise<UserSummary> => {
    const u = await getUser(database, id);
    if (!u || u.orgId !== orgId) throw new LanternError('E_NOT_FOUND', 'No such user in your organisation');
    return u;
  };

  app.get(
    '/api/admin/users',
    {
      config: { access: 'user:manage' },
      schema: {
        tags,
        summary: "List your organisation's users",
        response: { 200: { type: 'array', items: userSchema } },
      },
    },
    async (request) => listUsers(database, { orgId: principalOf(request).orgId }),
  );

  app.post<{ Body: { username: string; displayName: string; password: string; roles: Role[] } }>(
    '/api/admin/users',
    {
      config: { access: 'user:manage' },
      schema: {
        tags,
        summary: 'Create a user in your organisation (they enrol a second factor at first sign-in)',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['username', 'displayName', 'password', 'roles'],
          properties: {
            username: { type: 'string', minLength: 3, maxLength: 254 },
            displayName: { type: 'string', minLength: 1, maxLength: 200 },
            password: { type: 'string', minLength: 1, maxLength: 1024 },
            roles: {
              type: 'array',
              minItems: 1,
              uniqueItems: true,
              items: { type: 'string', enum: ROLES.filter((r) => r !== 'supplier-support') },
            },
          },
        },
        response: { 201: userSchema },
      },
    },
    async (request, reply) => {
      const me = principalOf(request);
      const user = await createUser(database, { ...request.body, orgId: me.orgId, createdBy: me.userId });
      request.auditNote = {
        action: 'user-create',
        entityType: 'User',
        entityId: user.id,
        detail: { roles: user.roles.join(',') },
      };
      return reply.status(201).send(user);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/admin/users/:id/unlock',
    {
      config: { access: 'user:manage' },
      schema: { tags, summary: 'Unlock a locked account', params: idParams, response: { 200: userSchema } },
    },
    async (request) => {
      const me = principalOf(request);
      await ownUser(me.orgId, request.params.id);
      await unlockUser(database, me.orgId, request.params.id);
      request.auditNote = { action: 'user-unlock', entityType: 'User', entityId: request.params.id };
      return ownUser(me.orgId, request.params.id);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/admin/users/:id/revoke-sessions',
    {
      config: { access: 'user:manage' },
      schema: {
        tags,
        summary: "End all of a user's sessions now",
        params: idParams,
        response: { 200: { type: 'object', properties: { revoked: { type: 'integer' } } } },
      },
    },
    async (request) => {
      const me = principalOf(request);
      await ownUser(me.orgId, request.params.id);
      const revoked = await revokeUserSessions(database, me.orgId, request.params.id);
      request.auditNote = {
        action: 'user-revoke-sessions',
        entityType: 'User',
        entityId: request.params.id,
        detail: { revoked },
      };
      return { revoked };
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/admin/users/:id/reset-mfa',
    {
      config: { access: 'user:manage' },
      schema: {
        tags,
        summary: 'Clear a lost second factor: the user enrols again at next sign-in',
        params: idParams,
        response: { 200: userSchema },
      },
    },
    async (request) => {
      const me = principalOf(request);
      await ownUser(me.orgId, request.params.id);
      await resetUserMfa(database, me.orgId, request.params.id);
      request.auditNote = { action: 'user-reset-mfa', entityType: 'User', entityId: request.params.id };
      return ownUser(me.orgId, request.params.id);
    },
  );

  app.post<{ Body: { username: string; displayName: string; password: string; hours: number } }>(
    '/api/admin/support-grants',
    {
      config: { access: 'support-grant:manage' },
      schema: {
        tags,
        summary:
          'Grant supplier support time-boxed, read-only system access to your organisation (never patient data); everything it does is audited',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['username', 'displayName', 'password', 'hours'],
          properties: {
            username: { type: 'string', minLength: 3, maxLength: 254 },
            displayName: { type: 'string', minLength: 1, maxLength: 200 },
            password: { type: 'string', minLength: 1, maxLength: 1024 },
            hours: { type: 'integer', minimum: 1, maximum: 72 },
          },
        },
        response: { 201: userSchema },
      },
    },
    async (request, reply) => {
      const me = principalOf(request);
      const expiresAt = new Date(Date.now() + request.body.hours * 3_600_000);
      const user = await createUser(database, {
        ...request.body,
        roles: ['supplier-support'],
        orgId: me.orgId,
        expiresAt,
        createdBy: me.userId,
      });
      request.auditNote = {
        action: 'support-grant',
        entityType: 'User',
        entityId: user.id,
        detail: { hours: request.body.hours },
      };
      return reply.status(201).send(user);
    },
  );

  app.get(
    '/api/privacy-alerts',
    {
      config: { access: 'privacy-alert:read' },
      schema: {
        tags: ['audit'],
        summary: "The privacy officer's alert list: break-glass access, account lockouts",
        response: {
          200: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: { type: 'string' },
                kind: { type: 'string' },
                userId: { type: ['string', 'null'] },
                patientId: { type: ['string', 'null'] },
                reason: { type: 'string' },
                createdAt: { type: 'string' },
              },
            },
          },
        },
      },
    },
    async (request) => {
      const rows = await database.db
        .selectFrom('privacy_alerts')
        .selectAll()
        .where('org_id', '=', principalOf(request).orgId)
        .orderBy('created_at', 'desc')
        .limit(500)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        userId: r.user_id,
        patientId: r.patient_id,
        reason: r.reason,
        createdAt: new Date(r.created_at).toISOString(),
      }));
    },
  );
}
