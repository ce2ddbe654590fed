/**
 * Sign-in: password, then a second factor, then a session. Constraints that shaped it:
 * 1) MFA is mandatory with no way round it: the password step yields only an MFA challenge
 *    (five minutes, MFA routes only); a session exists only after TOTP, WebAuthn or a one-time
 *    recovery code is verified. An account without a second factor must enrol one first.
 * 2) 5 consecutive failures (wrong password or wrong code) lock the account for the lockout
 *    period; an admin can unlock sooner. Errors never say whether a username exists, and an
 *    unknown username costs the same argon2 time as a known one.
 * 3) Tokens are 256-bit random values; only their SHA-256 is stored.
 * 4) Every step is audited, success or not.
 */
import { LanternError, newId } from '@lantern/core';
import type { AuditLog } from '../audit/auditLog.js';
import type { Config } from '../config/config.js';
import type { Database } from '../storage/database.js';
import { burnPasswordCheck, verifyPassword } from './passwords.js';
import { hashRecoveryCode, newRecoveryCodes } from './recoveryCodes.js';
import { csrfTokenFor, hashToken, newToken } from './secrets.js';
import { newTotpSecret, totpUri, verifyTotp } from './totp.js';
import { getUser, normaliseUsername, type Principal, principalOf } from './users.js';

export const MAX_FAILED_ATTEMPTS = 5;
const CHALLENGE_MINUTES = 5;
// Sliding idle expiry is written at most this often, not on every request.
const TOUCH_INTERVAL_MS = 30_000;

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
  requestId: string;
}

export type MfaMethod = 'totp' | 'webauthn' | 'recovery-code';

export interface LoginStep {
  challengeToken: string;
  next: 'enrol' | 'verify';
  methods: MfaMethod[];
}

export interface SessionGrant {
  sessionToken: string;
  csrfToken: string;
  principal: Principal;
  recoveryCodes?: string[];
  absoluteExpiresAt: string;
}

export interface Challenge {
  idHash: string;
  userId: string;
  orgId: string;
  pendingTotpSecret: string | null;
  webauthnChallenge: string | null;
}

export interface AuthenticatedSession {
  principal: Principal;
  sessionHash: string;
  csrfToken: string;
}

const signInFailed = () =>
  new LanternError(
    'E_UNAUTHENTICATED',
    'Sign-in failed. Check your username and password; if it keeps failing, ask your administrator.',
  );

export class AuthService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditLog,
    private readonly config: Config,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async login(usernameInput: string, password: string, client: ClientInfo): Promise<LoginStep> {
    const username = normaliseUsername(usernameInput);
    const db = this.database.db;
    const user = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    const base = {
      category: 'authentication' as const,
      action: 'login',
      sourceIp: client.ip,
      userAgent: client.userAgent,
      requestId: client.requestId,
    };
    if (!user) {
      await burnPasswordCheck(password);
      await this.audit.record({
        ...base,
        orgId: null,
        outcome: 'failure',
        username,
        detail: { reason: 'unknown-user' },
      });
      throw signInFailed();
    }
    const who = { ...base, orgId: user.org_id, userId: user.id, username };
    const now = this.now();
    const locked = user.locked_until && new Date(user.locked_until) > now;
    const unusable = user.status !== 'active' || (user.expires_at && new Date(user.expires_at) <= now);
    const passwordOk = await verifyPassword(user.password_hash, password);
    if (locked || unusable) {
      await this.audit.record({
        ...who,
        outcome: 'denied',
        detail: { reason: locked ? 'locked' : 'account-unusable' },
      });
      throw signInFailed();
    }
    if (!passwordOk) {
      await this.recordFailure(user.id, who, 'wrong-password');
      throw signInFailed();
    }
    const challengeToken = newToken();
    await db
      .insertInto('mfa_challenges')
      .values({
        id_hash: hashToken(challengeToken),
        user_id: user.id,
        org_id: user.org_id,
        expires_at: new Date(now.getTime() + CHALLENGE_MINUTES * 60_000),
      })
      .execute();
    const webauthnCount = await db
      .selectFrom('webauthn_credentials')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    const methods: MfaMethod[] = user.mfa_enrolled
      ? [
          ...(user.totp_secret ? (['totp'] as const) : []),
          ...(Number(webauthnCount.n) > 0 ? (['webauthn'] as const) : []),
          'recovery-code',
        ]
      : ['totp', 'webauthn'];
    await this.audit.record({
      ...who,
      outcome: 'success',
      detail: { step: 'password', next: user.mfa_enrolled ? 'verify' : 'enrol' },
    });
    return { challengeToken, next: user.mfa_enrolled ? 'verify' : 'enrol', methods };
  }

  /** The live challenge behind an MFA-step cookie, or null. */
  async challenge(token: string | undefined): Promise<Challenge | null> {
    if (!token) return null;
    const row = await this.database.db
      .selectFrom('mfa_challenges')
      .selectAll()
      .where('id_hash', '=', hashToken(token))
      .executeTakeFirst();
    if (!row || new Date(row.expires_at) <= this.now()) return null;
    return {
      idHash: row.id_hash,
      userId: row.user_id,
      orgId: row.org_id,
      pendingTotpSecret: row.pending_totp_secret,
      webauthnChallenge: row.webauthn_challenge,
    };
  }

  async setWebauthnChallenge(c: Challenge, challenge: string): Promise<void> {
    await this.database.db
      .updateTable('mfa_challenges')
      .set({ webauthn_challenge: challenge })
      .where('id_hash', '=', c.idHash)
      .execute();
  }

  async startTotpEnrolment(c: Challenge): Promise<{ secret: string; otpauthUri: string }> {
    const user = await this.database.db
      .selectFrom('users')
      .select(['username', 'mfa_enrolled'])
      .where('id', '=', c.userId)
      .executeTakeFirstOrThrow();
    if (user.mfa_enrolled)
      throw new LanternError(
        'E_FORBIDDEN',
        'A second factor is already enrolled; an administrator can reset it',
      );
    const secret = newTotpSecret();
    await this.database.db
      .updateTable('mfa_challenges')
      .set({ pending_totp_secret: secret })
      .where('id_hash', '=', c.idHash)
      .execute();
    return { secret, otpauthUri: totpUri(secret, user.username) };
  }

  async verifyTotp(c: Challenge, code: string, client: ClientInfo): Promise<SessionGrant> {
    const user = await this.database.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', c.userId)
      .executeTakeFirstOrThrow();
    const who = this.who(user.org_id, user.id, user.username, client, 'mfa-verify');
    const enrolling = !user.mfa_enrolled;
    const secret = enrolling ? c.pendingTotpSecret : user.totp_secret;
    if (!secret)
      throw new LanternError(
        'E_VALIDATION',
        enrolling ? 'Start TOTP enrolment first' : 'TOTP is not set up for this account',
        [{ path: 'code', message: 'no authenticator' }],
      );
    const step = verifyTotp(
      secret,
      code.trim(),
      enrolling ? null : user.totp_last_step === null ? null : Number(user.totp_last_step),
      this.now().getTime(),
    );
    if (step === null) {
      await this.recordFailure(user.id, { ...who, orgId: user.org_id }, 'wrong-code', c);
      throw new LanternError(
        'E_UNAUTHENTICATED',
        'That code is not right. Codes change every 30 seconds and each works once.',
      );
    }
    let recoveryCodes: string[] | undefined;
    await this.database.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('users')
        .set({ totp_secret: secret, totp_last_step: step, mfa_enrolled: true })
        .where('id', '=', user.id)
        .execute();
      if (enrolling) recoveryCodes = await this.issueRecoveryCodes(tx, user.id, user.org_id);
    });
    return this.finish(c, 'totp', client, recoveryCodes);
  }

  async verifyRecoveryCode(c: Challenge, code: string, client: ClientInfo): Promise<SessionGrant> {
    const user = await this.database.db
      .selectFrom('users')
      .select(['id', 'org_id', 'username', 'mfa_enrolled'])
      .where('id', '=', c.userId)
      .executeTakeFirstOrThrow();
    const who = this.who(user.org_id, user.id, user.username, client, 'mfa-verify');
    const used = user.mfa_enrolled
      ? await this.database.db
          .updateTable('recovery_codes')
          .set({ used_at: this.now() })
          .where('user_id', '=', user.id)
          .where('code_hash', '=', hashRecoveryCode(code))
          .where('used_at', 'is', null)
          .executeTakeFirst()
      : null;
    if (!used || Number(used.numUpdatedRows) !== 1) {
      await this.recordFailure(user.id, who, 'wrong-recovery-code', c);
      throw new LanternError('E_UNAUTHENTICATED', 'That recovery code is not valid or was already used.');
    }
    return this.finish(c, 'recovery-code', client);
  }

  /** Completes sign-in after a verified second factor (TOTP, WebAuthn or recovery code). */
  async finish(
    c: Challenge,
    method: MfaMethod,
    client: ClientInfo,
    recoveryCodes?: string[],
  ): Promise<SessionGrant> {
    const now = this.now();
    const sessionToken = newToken();
    const csrfToken = csrfTokenFor(sessionToken);
    const absoluteExpiresAt = new Date(now.getTime() + this.config.sessionAbsoluteHours * 3_600_000);
    await this.database.db.transaction().execute(async (tx) => {
      const gone = await tx.deleteFrom('mfa_challenges').where('id_hash', '=', c.idHash).executeTakeFirst();
      if (Number(gone.numDeletedRows) !== 1)
        throw new LanternError('E_UNAUTHENTICATED', 'The sign-in step expired; start again');
      await tx
        .updateTable('users')
        .set({ failed_attempts: 0, locked_until: null })
        .where('id', '=', c.userId)
        .execute();
      await tx
        .insertInto('sessions')
        .values({
          id_hash: hashToken(sessionToken),
          user_id: c.userId,
          org_id: c.orgId,
          csrf_hash: hashToken(csrfToken),
          mfa_method: method,
          created_at: now,
          last_seen_at: now,
          absolute_expires_at: absoluteExpiresAt,
          ip: client.ip,
          user_agent: client.userAgent?.slice(0, 400) ?? null,
        })
        .execute();
    });
    const user = await getUser(this.database, c.userId);
    if (!user) throw new LanternError('E_UNAUTHENTICATED');
    await this.audit.record({
      ...this.who(c.orgId, c.userId, user.username, client, 'session-start'),
      outcome: 'success',
      role: user.roles.join(','),
      detail: { method },
    });
    return {
      sessionToken,
      csrfToken,
      principal: principalOf(user),
      recoveryCodes,
      absoluteExpiresAt: absoluteExpiresAt.toISOString(),
    };
  }

  async issueRecoveryCodes(tx: Database['db'], userId: string, orgId: string): Promise<string[]> {
    const codes = newRecoveryCodes();
    await tx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
    await tx
      .insertInto('recovery_codes')
      .values(codes.map((code) => ({ user_id: userId, org_id: orgId, code_hash: hashRecoveryCode(code) })))
      .execute();
    return codes;
  }

  /**
   * The signed-in user behind a session cookie, or why not. Enforces revocation, the idle
   * timeout, the absolute lifetime, and a user who was disabled, locked or expired since.
   */
  async authenticate(sessionToken: string | undefined): Promise<AuthenticatedSession | { reason: string }> {
    if (!sessionToken || sessionToken.length > 100) return { reason: 'no-session' };
    const idHash = hashToken(sessionToken);
    const row = await this.database.db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select([
        's.id_hash',
        's.user_id',
        's.org_id',
        's.last_seen_at',
        's.absolute_expires_at',
        's.revoked_at',
        'u.status',
        'u.expires_at',
        'u.locked_until',
      ])
      .where('s.id_hash', '=', idHash)
      .executeTakeFirst();
    if (!row) return { reason: 'unknown-session' };
    const now = this.now();
    if (row.revoked_at) return { reason: 'revoked' };
    if (new Date(row.absolute_expires_at) <= now) return { reason: 'absolute-timeout' };
    if (now.getTime() - new Date(row.last_seen_at).getTime() > this.config.sessionIdleMinutes * 60_000)
      return { reason: 'idle-timeout' };
    if (
      row.status !== 'active' ||
      (row.expires_at && new Date(row.expires_at) <= now) ||
      (row.locked_until && new Date(row.locked_until) > now)
    ) {
      return { reason: 'account-unusable' };
    }
    if (now.getTime() - new Date(row.last_seen_at).getTime() > TOUCH_INTERVAL_MS) {
      await this.database.db
        .updateTable('sessions')
        .set({ last_seen_at: now })
        .where('id_hash', '=', idHash)
        .execute();
    }
    const user = await getUser(this.database, row.user_id);
    if (!user) return { reason: 'unknown-user' };
    return { principal: principalOf(user), sessionHash: idHash, csrfToken: csrfTokenFor(sessionToken) };
  }

  async logout(sessionHash: string, principal: Principal, client: ClientInfo): Promise<void> {
    await this.database.db
      .updateTable('sessions')
      .set({ revoked_at: this.now() })
      .where('id_hash', '=', sessionHash)
      .execute();
    await this.audit.record({
      ...this.who(principal.orgId, principal.userId, principal.username, client, 'logout'),
      outcome: 'success',
    });
  }

  private who(orgId: string, userId: string, username: string, client: ClientInfo, action: string) {
    return {
      category: 'authentication' as const,
      action,
      orgId,
      userId,
      username,
      sourceIp: client.ip,
      userAgent: client.userAgent,
      requestId: client.requestId,
    };
  }

  /** Counts a failure toward the lockout and records it; the 5th locks the account. */
  private async recordFailure(
    userId: string,
    who: {
      orgId: string;
      userId: string;
      username: string;
      category: 'authentication';
      action: string;
      sourceIp: string | null;
      userAgent: string | null;
      requestId: string;
    },
    reason: string,
    challenge?: Challenge,
  ): Promise<void> {
    const lockUntil = new Date(this.now().getTime() + this.config.lockoutMinutes * 60_000);
    const row = await this.database.db
      .updateTable('users')
      .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
      .where('id', '=', userId)
      .returning('failed_attempts')
      .executeTakeFirstOrThrow();
    const lockedNow = row.failed_attempts >= MAX_FAILED_ATTEMPTS;
    if (lockedNow) {
      await this.database.db
        .updateTable('users')
        .set({ locked_until: lockUntil, failed_attempts: 0 })
        .where('id', '=', userId)
        .execute();
      if (challenge)
        await this.database.db.deleteFrom('mfa_challenges').where('user_id', '=', userId).execute();
      await this.database.db
        .insertInto('privacy_alerts')
        .values({
          id: newId(),
          org_id: who.orgId,
          kind: 'account-locked',
          user_id: userId,
          patient_id: null,
          reason: `${MAX_FAILED_ATTEMPTS} consecutive sign-in failures`,
          created_at: this.now(),
        })
        .execute();
    }
    await this.audit.record({
      ...who,
      outcome: 'failure',
      detail: { reason, failedAttempts: row.failed_attempts, locked: lockedNow },
    });
  }
}
