/**
 * Deny by default. Every route declares `config.access`:
 *   'public'          no sign-in (health, API reference, sign-in itself)
 *   'mfa-challenge'   only the second-factor step, with the short-lived challenge cookie
 *   'authenticated'   any signed-in user (their own profile, sign-out)
 *   a Permission      a signed-in user whose roles grant it
 * A route without a declaration stops the server from starting. Sessions come only from the
 * HttpOnly cookie (never a URL or header token); unsafe methods also need the CSRF header.
 * Every decision on a protected route is audited, and the entry is committed before the
 * response is sent (onSend), so no answer ever leaves without its audit record.
 */
import cookie from '@fastify/cookie';
import { hasPermission, isPermission, LanternError, type Permission } from '@lantern/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AuditLog } from '../audit/auditLog.js';
import type { AuthenticatedSession, AuthService, Challenge, ClientInfo } from './authService.js';
import { safeEqual } from './secrets.js';

export type Access = 'public' | 'mfa-challenge' | 'authenticated' | Permission;

export const SESSION_COOKIE = 'lantern_session';
export const MFA_COOKIE = 'lantern_mfa';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** What a handler tells the audit about the record it touched. */
export interface AuditNote {
  action?: string;
  patientId?: string | null;
  entityType?: string;
  entityId?: string;
  detail?: Record<string, string | number | boolean | null>;
}

export interface RouteAccess {
  method: string;
  url: string;
  access: Access;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with its declared access, for tests and the security documentation. */
    routeAccess: RouteAccess[];
  }
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    session: AuthenticatedSession | null;
    mfaChallenge: Challenge | null;
    auditNote: AuditNote | null;
    auditDone: boolean;
  }
}

export function clientInfo(request: FastifyRequest): ClientInfo {
  const ua = request.headers['user-agent'];
  return {
    ip: request.ip ?? null,
    userAgent: typeof ua === 'string' ? ua.slice(0, 400) : null,
    requestId: String(request.id),
  };
}

/** The signed-in user of a protected route (the access hook guarantees there is one). */
export function principalOf(request: FastifyRequest): AuthenticatedSession['principal'] {
  if (!request.session) throw new LanternError('E_UNAUTHENTICATED');
  return request.session.principal;
}

export interface AccessOptions {
  auth: AuthService;
  audit: AuditLog;
}

async function accessPlugin(app: FastifyInstance, { auth, audit }: AccessOptions): Promise<void> {
  await app.register(cookie);
  app.decorateRequest('session', null);
  app.decorateRequest('mfaChallenge', null);
  app.decorateRequest('auditNote', null);
  app.decorateRequest('auditDone', false);
  const registry: RouteAccess[] = [];
  app.decorate('routeAccess', registry);

  app.addHook('onRoute', (route) => {
    route.config ??= {};
    const config = route.config as { access?: Access };
    // The browsable API reference is public documentation.
    if (config.access === undefined && route.url.startsWith('/api/docs')) config.access = 'public';
    const access = config.access;
    if (access === undefined)
      throw new Error(
        `route ${route.method} ${route.url} declares no access: every route must (deny by default)`,
      );
    if (!['public', 'mfa-challenge', 'authenticated'].includes(access) && !isPermission(access)) {
      throw new Error(`route ${route.method} ${route.url} declares unknown access '${access}'`);
    }
    for (const method of [route.method].flat()) registry.push({ method, url: route.url, access });
  });

  app.addHook('onRequest', async (request, reply) => {
    const access = request.routeOptions.config.access;
    if (access === undefined) return; // 404s: no route matched
    if (access === 'public') return;
    if (access === 'mfa-challenge') {
      request.mfaChallenge = await auth.challenge(request.cookies[MFA_COOKIE]);
      if (!request.mfaChallenge)
        throw new LanternError('E_UNAUTHENTICATED', 'Your sign-in step has expired. Sign in again.');
      return;
    }
    const result = await auth.authenticate(request.cookies[SESSION_COOKIE]);
    if ('reason' in result) {
      if (request.cookies[SESSION_COOKIE]) reply.clearCookie(SESSION_COOKIE, { path: '/' });
      await audit.record({
        orgId: null,
        category: 'authorisation',
        action: routeKey(request),
        outcome: 'denied',
        ...fromClient(request),
        detail: { reason: result.reason },
      });
      throw new LanternError(
        'E_UNAUTHENTICATED',
        result.reason.endsWith('timeout') ? 'Your session has ended. Sign in again.' : 'Sign in is required',
      );
    }
    request.session = result;
    if (UNSAFE.has(request.method)) {
      const given = request.headers['x-csrf-token'];
      if (typeof given !== 'string' || !safeEqual(given, result.csrfToken)) {
        await auditDecision(audit, request, 'denied', { reason: 'csrf' });
        throw new LanternError('E_FORBIDDEN', 'This request is missing its CSRF token (x-csrf-token)');
      }
    }
    if (access !== 'authenticated' && !hasPermission(result.principal.roles, access)) {
      await auditDecision(audit, request, 'denied', { reason: 'permission', permission: access });
      throw new LanternError('E_FORBIDDEN', `Your role does not allow this (${access})`);
    }
  });

  // Committed before the answer goes out; a killed process cannot lose it.
  app.addHook('onSend', async (request, reply) => {
    if (!request.session) return;
    const outcome =
      reply.statusCode < 400
        ? 'success'
        : reply.statusCode === 403 || reply.statusCode === 401
          ? 'denied'
          : 'failure';
    await auditDecision(audit, request, outcome, { status: reply.statusCode });
  });
}

function routeKey(request: FastifyRequest): string {
  return `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`;
}

function fromClient(request: FastifyRequest) {
  const c = clientInfo(request);
  return { sourceIp: c.ip, userAgent: c.userAgent, requestId: c.requestId };
}

async function auditDecision(
  audit: AuditLog,
  request: FastifyRequest,
  outcome: 'success' | 'denied' | 'failure',
  detail: Record<string, string | number>,
): Promise<void> {
  const s = request.session;
  if (!s) return;
  const note = request.auditNote;
  // One entry per request: a denial recorded in onRequest is not recorded again on send.
  if (request.auditDone) return;
  request.auditDone = true;
  await audit.record({
    orgId: s.principal.orgId,
    category: note?.patientId ? 'patient-record' : 'authorisation',
    action: note?.action ?? routeKey(request),
    outcome,
    userId: s.principal.userId,
    username: s.principal.username,
    role: s.principal.roles.join(','),
    patientId: note?.patientId ?? null,
    entityType: note?.entityType ?? null,
    entityId: note?.entityId ?? null,
    ...fromClient(request),
    detail: { ...detail, ...(note?.detail ?? {}) },
  });
}

export const accessControl = fp(accessPlugin, { name: 'lantern-access' });

export function setSessionCookie(reply: FastifyReply, token: string, expires: Date): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    secure: true,
    sameSite: 'strict',
    path: '/',
    expires,
  });
}

export function setChallengeCookie(reply: FastifyReply, token: string): void {
  reply.setCookie(MFA_COOKIE, token, {
    httpOnly: true,
    secure: true,
    sameSite: 'strict',
    path: '/api/auth/mfa',
    maxAge: 300,
  });
}

export function clearChallengeCookie(reply: FastifyReply): void {
  reply.clearCookie(MFA_COOKIE, { path: '/api/auth/mfa' });
}
