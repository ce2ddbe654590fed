/**
 * Passkeys and security keys (WebAuthn) through @simplewebauthn/browser, matched to the
 * server's @simplewebauthn/server 14. The browser's own dialog does the work; we only relay
 * the server's options and the authenticator's answer.
 */
import {
  browserSupportsWebAuthn,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  startAuthentication,
  startRegistration,
} from '@simplewebauthn/browser';
import { api } from '../api/client.js';
import type { Principal } from '../session/principal.js';

export function passkeysAvailable(): boolean {
  return browserSupportsWebAuthn();
}

export async function enrolPasskey(): Promise<Principal> {
  const optionsJSON = await api.post<PublicKeyCredentialCreationOptionsJSON>(
    '/api/auth/mfa/webauthn/register/options',
  );
  const credential = await startRegistration({ optionsJSON });
  return api.post<Principal>('/api/auth/mfa/webauthn/register/verify', credential);
}

export async function signInWithPasskey(): Promise<Principal> {
  const optionsJSON = await api.post<PublicKeyCredentialRequestOptionsJSON>(
    '/api/auth/mfa/webauthn/authenticate/options',
  );
  const assertion = await startAuthentication({ optionsJSON });
  return api.post<Principal>('/api/auth/mfa/webauthn/authenticate/verify', assertion);
}

/** The browser's words for a cancelled or refused ceremony are technical; ours are not. */
export function describePasskeyError(err: unknown): string {
  const name = err instanceof Error ? err.name : '';
  if (name === 'NotAllowedError' || name === 'AbortError')
    return 'The passkey request was cancelled or timed out. Try again, or use another method.';
  if (name === 'InvalidStateError') return 'This passkey is already registered. Use it to sign in instead.';
  return err instanceof Error ? err.message : 'The passkey did not work.';
}
