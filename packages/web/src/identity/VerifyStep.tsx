/** Second factor at sign-in: authenticator code, passkey, or a one-time recovery code. */
import { Button, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { ApiError, api } from '../api/client.js';
import { ErrorAlert } from '../app/ErrorAlert.js';
import type { Principal } from '../session/principal.js';
import { describePasskeyError, passkeysAvailable, signInWithPasskey } from './passkeys.js';
import type { MfaMethod } from './SignInFlow.js';

interface Props {
  methods: MfaMethod[];
  onDone(principal: Principal): void;
  onExpired(message: string): void;
}

const LABELS: Record<MfaMethod, string> = {
  totp: 'Authenticator code',
  webauthn: 'Passkey',
  'recovery-code': 'Recovery code',
};

export function VerifyStep({ methods, onDone, onExpired }: Props) {
  const usable = methods.filter((m) => m !== 'webauthn' || passkeysAvailable());
  const [method, setMethod] = useState<MfaMethod>(usable[0] ?? 'recovery-code');
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const attempt = async (run: () => Promise<Principal>) => {
    setBusy(true);
    setError(null);
    try {
      onDone(await run());
    } catch (err) {
      if (err instanceof ApiError && err.status === 401 && /expired|again/i.test(err.message))
        return onExpired(err.message);
      setError(err instanceof ApiError ? err : new Error(describePasskeyError(err)));
      setCode('');
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (method === 'webauthn') return attempt(signInWithPasskey);
    const url = method === 'totp' ? '/api/auth/mfa/totp/verify' : '/api/auth/mfa/recovery';
    const value = method === 'totp' ? code.replace(/\s/g, '') : code.trim();
    return attempt(() => api.post<Principal>(url, { code: value }));
  };

  return (
    <form onSubmit={submit} aria-label="Second factor">
      <Stack gap="md">
        <Title order={2} size="h3">
          Confirm it is you
        </Title>
        {usable.length > 1 && (
          <SegmentedControl
            aria-label="Second factor method"
            value={method}
            onChange={(v) => {
              setMethod(v as MfaMethod);
              setError(null);
              setCode('');
            }}
            data={usable.map((m) => ({ value: m, label: LABELS[m] }))}
            fullWidth
          />
        )}
        {method === 'webauthn' ? (
          <Text>Use your passkey or security key when your browser asks.</Text>
        ) : method === 'totp' ? (
          <TextInput
            key="totp"
            label="6-digit code from your authenticator app"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={7}
            required
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            autoFocus
            w={240}
          />
        ) : (
          <TextInput
            key="recovery"
            label="One of your recovery codes"
            description="Each code works once. Ask your administrator to reset your second factor if you have none left."
            name="recovery-code"
            autoComplete="off"
            spellCheck={false}
            maxLength={32}
            required
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            autoFocus
            placeholder="xxxx-xxxx-xxxx"
          />
        )}
        <ErrorAlert error={error} title="Not signed in" />
        <Button type="submit" loading={busy} size="md" autoFocus={method === 'webauthn'}>
          {method === 'webauthn' ? 'Use my passkey' : 'Sign in'}
        </Button>
      </Stack>
    </form>
  );
}
