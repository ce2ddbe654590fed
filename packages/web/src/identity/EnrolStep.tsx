/**
 * First sign-in: enrol a second factor. MFA is mandatory, so there is no "skip".
 * The QR code is SVG markup from our own server; it is shown through an <img> data URL,
 * never injected into the page, so even a malformed SVG cannot run script here.
 */
import {
  Alert,
  Button,
  Code,
  Group,
  Image,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../api/client.js';
import { ErrorAlert } from '../app/ErrorAlert.js';
import type { Principal } from '../session/principal.js';
import { describePasskeyError, enrolPasskey, passkeysAvailable } from './passkeys.js';
import type { MfaMethod } from './SignInFlow.js';

interface Props {
  methods: MfaMethod[];
  onDone(principal: Principal): void;
  onExpired(message: string): void;
}

export function EnrolStep({ methods, onDone, onExpired }: Props) {
  const passkeys = methods.includes('webauthn') && passkeysAvailable();
  const [choice, setChoice] = useState<'totp' | null>(passkeys ? null : 'totp');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const passkey = async () => {
    setBusy(true);
    setError(null);
    try {
      onDone(await enrolPasskey());
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return onExpired(err.message);
      setError(err instanceof ApiError ? err : new Error(describePasskeyError(err)));
    } finally {
      setBusy(false);
    }
  };

  if (choice === 'totp') return <TotpEnrol onDone={onDone} onExpired={onExpired} />;
  return (
    <Stack gap="md">
      <Title order={2} size="h3">
        Set up a second way to prove it is you
      </Title>
      <Text>Every Lantern account needs one. Choose what you have with you on shift.</Text>
      <SimpleGrid cols={{ base: 1, xs: 2 }}>
        <Button variant="outline" size="md" h="auto" py="sm" onClick={() => setChoice('totp')} autoFocus>
          <Stack gap={2} align="center">
            <span>Authenticator app</span>
            <Text size="xs" span>
              6-digit codes on your phone
            </Text>
          </Stack>
        </Button>
        <Button variant="outline" size="md" h="auto" py="sm" onClick={passkey} loading={busy}>
          <Stack gap={2} align="center">
            <span>Passkey or security key</span>
            <Text size="xs" span>
              Fingerprint, face, PIN or a USB key
            </Text>
          </Stack>
        </Button>
      </SimpleGrid>
      <ErrorAlert error={error} title="The passkey was not set up" />
    </Stack>
  );
}

interface Enrolment {
  secret: string;
  otpauthUri: string;
  qrSvg: string;
}

function TotpEnrol({ onDone, onExpired }: Omit<Props, 'methods'>) {
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  // Each enrol call makes a new secret: ask once per mount (effects may run twice in dev).
  const started = useRef<Promise<Enrolment> | null>(null);
  const expired = useRef(onExpired);
  expired.current = onExpired;
  useEffect(() => {
    let cancelled = false;
    started.current ??= api.post<Enrolment>('/api/auth/mfa/totp/enrol');
    started.current
      .then((e) => !cancelled && setEnrolment(e))
      .catch((err: unknown) => {
        if (cancelled) return;
        if (err instanceof ApiError && err.status === 401) expired.current(err.message);
        else setError(err);
      });
    return () => {
      cancelled = true;
    };
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onDone(await api.post<Principal>('/api/auth/mfa/totp/verify', { code: code.replace(/\s/g, '') }));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401 && /expired/i.test(err.message))
        return onExpired(err.message);
      setError(err);
      setCode('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} aria-label="Set up an authenticator app">
      <Stack gap="md">
        <Title order={2} size="h3">
          Set up your authenticator app
        </Title>
        <Text>
          Scan the code with an authenticator app (for example Microsoft Authenticator or Google
          Authenticator), then enter the 6-digit code it shows.
        </Text>
        {enrolment ? (
          <Group align="flex-start" gap="lg" wrap="wrap">
            <Paper withBorder p="xs" bg="white">
              <Image
                src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrolment.qrSvg)}`}
                alt="QR code to add Lantern to your authenticator app"
                w={176}
                h={176}
              />
            </Paper>
            <Stack gap={4} style={{ flex: '1 1 14rem' }}>
              <Text size="sm" fw={700}>
                Cannot scan? Enter this key by hand:
              </Text>
              <Code
                block
                fz="md"
                data-testid="totp-secret"
                style={{ letterSpacing: '0.08em', wordBreak: 'break-all' }}
              >
                {enrolment.secret.replace(/(.{4})/g, '$1 ').trim()}
              </Code>
              <Text size="xs" c="dimmed">
                Time-based, 6 digits, every 30 seconds.
              </Text>
            </Stack>
          </Group>
        ) : (
          !error && <Alert color="nhsGrey">Preparing your code…</Alert>
        )}
        <TextInput
          label="6-digit code from the app"
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9 ]{6,7}"
          maxLength={7}
          required
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          autoFocus
          w={200}
        />
        <ErrorAlert error={error} title="That code was not accepted" />
        <Button type="submit" loading={busy} disabled={!enrolment} size="md">
          Verify and continue
        </Button>
      </Stack>
    </form>
  );
}
