/**
 * Sign-in as the server runs it: password first (which only ever earns a short-lived MFA
 * challenge), then the second factor. At first sign-in the user enrols one (authenticator
 * app or passkey) and is shown their recovery codes once; afterwards they verify with it,
 * or with a recovery code if the device is lost.
 */
import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { ApiError, api } from '../api/client.js';
import { ErrorAlert } from '../app/ErrorAlert.js';
import type { Principal } from '../session/principal.js';
import { EnrolStep } from './EnrolStep.js';
import { RecoveryCodesStep } from './RecoveryCodesStep.js';
import { VerifyStep } from './VerifyStep.js';

export type MfaMethod = 'totp' | 'webauthn' | 'recovery-code';

type Step =
  | { kind: 'password'; notice: string | null }
  | { kind: 'enrol'; methods: MfaMethod[] }
  | { kind: 'verify'; methods: MfaMethod[] }
  | { kind: 'recovery-codes'; principal: Principal & { recoveryCodes: string[] } };

export interface SignInFlowProps {
  onSignedIn(principal: Principal): void;
  /** Pre-filled (and kept) when a session ended and the same person signs back in. */
  username?: string;
  notice?: string | null;
  /** Lets the surrounding page title each step. */
  onStepChange?(step: Step['kind']): void;
}

export function SignInFlow({ onSignedIn, username: knownUsername, notice, onStepChange }: SignInFlowProps) {
  const [step, setStepState] = useState<Step>({ kind: 'password', notice: notice ?? null });
  const setStep = (s: Step) => {
    setStepState(s);
    onStepChange?.(s.kind);
  };

  const finish = (principal: Principal) => {
    if (principal.recoveryCodes && principal.recoveryCodes.length > 0) {
      setStep({
        kind: 'recovery-codes',
        principal: { ...principal, recoveryCodes: principal.recoveryCodes },
      });
    } else onSignedIn(principal);
  };
  // The MFA challenge lives five minutes; when it has gone, start again from the password.
  const restart = (message: string) => setStep({ kind: 'password', notice: message });

  switch (step.kind) {
    case 'password':
      return (
        <PasswordStep
          username={knownUsername}
          notice={step.notice}
          onNext={(next, methods) => setStep({ kind: next, methods })}
        />
      );
    case 'enrol':
      return <EnrolStep methods={step.methods} onDone={finish} onExpired={restart} />;
    case 'verify':
      return <VerifyStep methods={step.methods} onDone={finish} onExpired={restart} />;
    case 'recovery-codes':
      return (
        <RecoveryCodesStep codes={step.principal.recoveryCodes} onDone={() => onSignedIn(step.principal)} />
      );
  }
}

function PasswordStep({
  username: knownUsername,
  notice,
  onNext,
}: {
  username: string | undefined;
  notice: string | null;
  onNext(next: 'enrol' | 'verify', methods: MfaMethod[]): void;
}) {
  const [username, setUsername] = useState(knownUsername ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await api.post<{ next: 'enrol' | 'verify'; methods: MfaMethod[] }>('/api/auth/login', {
        username: username.trim(),
        password,
      });
      onNext(res.next, res.methods);
    } catch (err) {
      setError(err);
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} aria-label="Sign in">
      <Stack gap="md">
        {notice && (
          <Alert color="nhsBlue" variant="outline" role="status">
            {notice}
          </Alert>
        )}
        <TextInput
          label="Username"
          name="username"
          autoComplete="username"
          required
          value={username}
          readOnly={knownUsername !== undefined}
          onChange={(e) => setUsername(e.currentTarget.value)}
          data-autofocus={knownUsername === undefined ? true : undefined}
          autoFocus={knownUsername === undefined}
        />
        <PasswordInput
          label="Password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          autoFocus={knownUsername !== undefined}
          data-autofocus={knownUsername !== undefined ? true : undefined}
        />
        <ErrorAlert
          error={error}
          title={error instanceof ApiError && error.status === 429 ? 'Too many attempts' : 'Sign-in failed'}
        />
        <Button type="submit" loading={busy} fullWidth size="md">
          Continue
        </Button>
      </Stack>
    </form>
  );
}
