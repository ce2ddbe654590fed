/** Asks before an action that changes how someone can sign in. */
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { ErrorAlert } from '../app/ErrorAlert.js';
import type { UserSummary } from './types.js';

export type UserAction = 'unlock' | 'revoke-sessions' | 'reset-mfa';
export interface PendingAction {
  user: UserSummary;
  action: UserAction;
}

const WORDS: Record<UserAction, { title: string; body: string; confirm: string; danger: boolean }> = {
  unlock: {
    title: 'Unlock this account?',
    body: 'They can sign in again straight away. Check first that it was them who got their password wrong.',
    confirm: 'Unlock',
    danger: false,
  },
  'revoke-sessions': {
    title: 'End all their sessions?',
    body: 'Every console they are signed in to is signed out now. Unsaved work on those screens asks them to sign in again.',
    confirm: 'End sessions',
    danger: true,
  },
  'reset-mfa': {
    title: 'Reset their second factor?',
    body: 'Their authenticator app, passkeys and recovery codes stop working. They set up a new one at their next sign-in. Confirm who they are (in person or by a call back) before you do this.',
    confirm: 'Reset second factor',
    danger: true,
  },
};

export function ConfirmAction({
  pending,
  busy,
  error,
  onConfirm,
  onCancel,
}: {
  pending: PendingAction | null;
  busy: boolean;
  error: unknown;
  onConfirm(): void;
  onCancel(): void;
}) {
  const words = pending ? WORDS[pending.action] : null;
  return (
    <Modal opened={pending !== null} onClose={onCancel} title={words?.title ?? ''} size="md">
      {pending && words && (
        <Stack gap="md">
          <Text>
            <strong>{pending.user.displayName}</strong> ({pending.user.username})
          </Text>
          <Text size="sm">{words.body}</Text>
          <ErrorAlert error={error} />
          <Group justify="flex-end">
            <Button variant="subtle" onClick={onCancel}>
              Cancel
            </Button>
            <Button
              color={words.danger ? 'nhsRed' : 'nhsBlue'}
              loading={busy}
              onClick={onConfirm}
              data-autofocus
            >
              {words.confirm}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
