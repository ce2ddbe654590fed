/** WebAuthn (passkeys, security keys): phishing-resistant second factor via SimpleWebAuthn. */

import { LanternError } from '@lantern/core';
import {
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type { Config } from '../config/config.js';
import type { Database } from '../storage/database.js';
import type { Challenge } from './authService.js';

export async function registrationOptions(database: Database, config: Config, c: Challenge) {
  const user = await database.db
    .selectFrom('users')
    .select(['username', 'display_name', 'mfa_enrolled'])
    .where('id', '=', c.userId)
    .executeTakeFirstOrThrow();
  if (user.mfa_enrolled)
    throw new LanternError(
      'E_FORBIDDEN',
      'A second factor is already enrolled; an administrator can reset it',
    );
  return generateRegistrationOptions({
    rpName: 'Lantern',
    rpID: config.rpId,
    userName: user.username,
    userDisplayName: user.display_name,
    userID: new TextEncoder().encode(c.userId),
    attestationType: 'none',
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
}

export async function verifyRegistration(
  database: Database,
  config: Config,
  c: Challenge,
  response: RegistrationResponseJSON,
): Promise<void> {
  if (!c.webauthnChallenge) throw new LanternError('E_VALIDATION', 'Ask for registration options first');
  let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verified = await verifyRegistrationResponse({
      response,
      expectedChallenge: c.webauthnChallenge,
      expectedOrigin: config.origin,
      expectedRPID: config.rpId,
    });
  } catch (err) {
    throw new LanternError(
      'E_UNAUTHENTICATED',
      `The security key could not be registered: ${(err as Error).message}`,
    );
  }
  if (!verified.verified || !verified.registrationInfo)
    throw new LanternError('E_UNAUTHENTICATED', 'The security key could not be registered');
  const cred = verified.registrationInfo.credential;
  await database.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('webauthn_credentials')
      .values({
        id: cred.id,
        user_id: c.userId,
        org_id: c.orgId,
        public_key: Buffer.from(cred.publicKey).toString('base64url'),
        counter: cred.counter,
        transports: cred.transports ?? [],
      })
      .execute();
    await tx.updateTable('users').set({ mfa_enrolled: true }).where('id', '=', c.userId).execute();
  });
}

export async function authenticationOptions(database: Database, config: Config, c: Challenge) {
  const creds = await database.db
    .selectFrom('webauthn_credentials')
    .select(['id', 'transports'])
    .where('user_id', '=', c.userId)
    .execute();
  if (creds.length === 0)
    throw new LanternError('E_VALIDATION', 'No security key is registered for this account');
  return generateAuthenticationOptions({
    rpID: config.rpId,
    allowCredentials: creds.map((k) => ({ id: k.id, transports: k.transports as AuthenticatorTransport[] })),
    userVerification: 'preferred',
  });
}

export async function verifyAuthentication(
  database: Database,
  config: Config,
  c: Challenge,
  response: AuthenticationResponseJSON,
): Promise<void> {
  if (!c.webauthnChallenge) throw new LanternError('E_VALIDATION', 'Ask for authentication options first');
  const cred = await database.db
    .selectFrom('webauthn_credentials')
    .selectAll()
    .where('id', '=', response.id)
    .where('user_id', '=', c.userId)
    .executeTakeFirst();
  if (!cred)
    throw new LanternError('E_UNAUTHENTICATED', 'That security key is not registered for this account');
  let result: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
  try {
    result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: c.webauthnChallenge,
      expectedOrigin: config.origin,
      expectedRPID: config.rpId,
      credential: {
        id: cred.id,
        publicKey: new Uint8Array(Buffer.from(cred.public_key, 'base64url')),
        counter: Number(cred.counter),
        transports: cred.transports as AuthenticatorTransport[],
      },
    });
  } catch (err) {
    throw new LanternError('E_UNAUTHENTICATED', `The security key check failed: ${(err as Error).message}`);
  }
  if (!result.verified) throw new LanternError('E_UNAUTHENTICATED', 'The security key check failed');
  await database.db
    .updateTable('webauthn_credentials')
    .set({ counter: result.authenticationInfo.newCounter, last_used_at: new Date() })
    .where('id', '=', cred.id)
    .execute();
}
