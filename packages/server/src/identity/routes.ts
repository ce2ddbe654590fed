import { LanternError } from '@lantern/core';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import {
  clearChallengeCookie,
  clientInfo,
  principalOf,
  SESSION_COOKIE,
  setChallengeCookie,
  setSessionCookie,
} from './access.js';
import type { Challenge, SessionGrant } from './authService.js';
import {
  authenticationOptions,
  registrationOptions,
  verifyAuthentication,
  verifyRegistration,
} from './webauthn.js';

const AUTH_RATE = { max: 20, timeWindow: '1 minute' };

/** The MFA challenge the access hook found (mfa-challenge routes always have one). */
function challengeOf(request: FastifyRequest): Challenge {
  if (!request.mfaChallenge)
    throw new LanternError('E_UNAUTHENTICATED', 'Your sign-in step has expired. Sign in again.');
  return request.mfaChallenge;
}
const tags = ['auth'];

const principalSchema = {
  type: 'object',
  properties: {
    user: {
      type: 'object',
      properties: { id: { type: 'string' }, username: { type: 'string' }, displayName: { type: 'string' } },
    },
    organisation: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } },
    roles: { type: 'array', items: { type: 'string' } },
    permissions: { type: 'array', items: { type: 'string' } },
    csrfToken: { type: 'string' },
    sessionExpiresAt: { type: 'string' },
    recoveryCodes: { type: 'array', items: { type: 'string' } },
  },
} as const;

const codeBody = {
  type: 'object',
  additionalProperties: false,
  required: ['code'],
  properties: { code: { type: 'string', minLength: 1, maxLength: 32 } },
} as const;
const webauthnBody = {
  type: 'object',
  required: ['id', 'rawId', 'response', 'type'],
  properties: { id: { type: 'string', maxLength: 1024 } },
} as const;

export async function registerAuthRoutes(app: FastifyInstance): Promise<void> {
  const { auth, database, config } = app.services;

  const orgName = async (orgId: string) =>
    (await database.db.selectFrom('organisations').select('name').where('id', '=', orgId).executeTakeFirst())
      ?.name ?? '';

  const grant = async (reply: FastifyReply, g: SessionGrant) => {
    clearChallengeCookie(reply);
    setSessionCookie(reply, g.sessionToken, new Date(g.absoluteExpiresAt));
    return {
      user: { id: g.principal.userId, username: g.principal.username, displayName: g.principal.displayName },
      organisation: { id: g.principal.orgId, name: await orgName(g.principal.orgId) },
      roles: g.principal.roles,
      permissions: g.principal.permissions,
      csrfToken: g.csrfToken,
      sessionExpiresAt: g.absoluteExpiresAt,
      ...(g.recoveryCodes ? { recoveryCodes: g.recoveryCodes } : {}),
    };
  };

  app.post<{ Body: { username: string; password: string } }>(
    '/api/auth/login',
    {
      config: { access: 'public', rateLimit: AUTH_RATE },
      schema: {
        tags,
        summary:
          'Step 1 of sign-in: username and password. Gives only an MFA challenge (cookie), never a session.',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['username', 'password'],
          properties: {
            username: { type: 'string', minLength: 1, maxLength: 254 },
            password: { type: 'string', minLength: 1, maxLength: 1024 },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              next: { type: 'string', enum: ['enrol', 'verify'] },
              methods: { type: 'array', items: { type: 'string' } },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const step = await auth.login(request.body.username, request.body.password, clientInfo(request));
      setChallengeCookie(reply, step.challengeToken);
      return { next: step.next, methods: step.methods };
    },
  );

  app.post(
    '/api/auth/mfa/totp/enrol',
    {
      config: { access: 'mfa-challenge', rateLimit: AUTH_RATE },
      schema: {
        tags,
        summary: 'Start TOTP enrolment (first sign-in): a secret, an otpauth URI and its QR code as SVG',
        response: {
          200: {
            type: 'object',
            properties: {
              secret: { type: 'string' },
              otpauthUri: { type: 'string' },
              qrSvg: { type: 'string' },
            },
          },
        },
      },
    },
    async (request) => {
      const c = challengeOf(request);
      const { secret, otpauthUri } = await auth.startTotpEnrolment(c);
      return { secret, otpauthUri, qrSvg: await QRCode.toString(otpauthUri, { type: 'svg', margin: 1 }) };
    },
  );

  app.post<{ Body: { code: string } }>(
    '/api/auth/mfa/totp/verify',
    {
      config: { access: 'mfa-challenge', rateLimit: AUTH_RATE },
      schema: {
        tags,
        summary: 'Verify a TOTP code: completes enrolment or sign-in and starts the session',
        body: codeBody,
        response: { 200: principalSchema },
      },
    },
    async (request, reply) => {
      const c = challengeOf(request);
      return grant(reply, await auth.verifyTotp(c, request.body.code, clientInfo(request)));
    },
  );

  app.post<{ Body: { code: string } }>(
    '/api/auth/mfa/recovery',
    {
      config: { access: 'mfa-challenge', rateLimit: AUTH_RATE },
      schema: {
        tags,
        summary: 'Use a one-time recovery code as the second factor',
        body: codeBody,
        response: { 200: principalSchema },
      },
    },
    async (request, reply) => {
      const c = challengeOf(request);
      return grant(reply, await auth.verifyRecoveryCode(c, request.body.code, clientInfo(request)));
    },
  );

  app.post(
    '/api/auth/mfa/webauthn/register/options',
    {
      config: { access: 'mfa-challenge', rateLimit: AUTH_RATE },
      schema: { tags, summary: 'WebAuthn enrolment: creation options for navigator.credentials.create' },
    },
    async (request) => {
      const c = challengeOf(request);
      const options = await registrationOptions(database, config, c);
      await auth.setWebauthnChallenge(c, options.challenge);
      return options;
    },
  );

  app.post<{ Body: RegistrationResponseJSON }>(
    '/api/auth/mfa/webauthn/register/verify',
    {
      config: { access: 'mfa-challenge', rateLimit: AUTH_RATE },
      schema: {
        tags,
        summary: 'WebAuthn enrolment: verify the new credential and start the session',
        body: webauthnBody,
        response: { 200: principalSchema },
      },
    },
    async (request, reply) => {
      const c = challengeOf(request);
      await verifyRegistration(database, config, c, request.body);
      const codes = await database.db
        .transaction()
        .execute((tx) => auth.issueRecoveryCodes(tx, c.userId, c.orgId));
      return grant(reply, await auth.finish(c, 'webauthn', clientInfo(request), codes));
    },
  );

  app.post(
    '/api/auth/mfa/webauthn/authenticate/options',
    {
      config: { access: 'mfa-challenge', rateLimit: AUTH_RATE },
      schema: { tags, summary: 'WebAuthn sign-in: request options for navigator.credentials.get' },
    },
    async (request) => {
      const c = challengeOf(request);
      const options = await authenticationOptions(database, config, c);
      await auth.setWebauthnChallenge(c, options.challenge);
      return options;
    },
  );

  app.post<{ Body: AuthenticationResponseJSON }>(
    '/api/auth/mfa/webauthn/authenticate/verify',
    {
      config: { access: 'mfa-challenge', rateLimit: AUTH_RATE },
      schema: {
        tags,
        summary: 'WebAuthn sign-in: verify the assertion and start the session',
        body: webauthnBody,
        response: { 200: principalSchema },
      },
    },
    async (request, reply) => {
      const c = challengeOf(request);
      await verifyAuthentication(database, config, c, request.body);
      return grant(reply, await auth.finish(c, 'webauthn', clientInfo(request)));
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'End this session (needs x-csrf-token)', response: { 204: { type: 'null' } } },
    },
    async (request, reply) => {
      const s = request.session;
      if (!s) throw new LanternError('E_UNAUTHENTICATED');
      await auth.logout(s.sessionHash, s.principal, clientInfo(request));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Who am I: user, organisation, roles, permissions and the CSRF token',
        response: { 200: principalSchema },
      },
    },
    async (request) => {
      const p = principalOf(request);
      return {
        user: { id: p.userId, username: p.username, displayName: p.displayName },
        organisation: { id: p.orgId, name: await orgName(p.orgId) },
        roles: p.roles,
        permissions: p.permissions,
        csrfToken: request.session?.csrfToken,
      };
    },
  );
}
