/**
 * Organisation administration: the organisation's accounts and what an administrator may do
 * to them. Every action is the server's (and audited there); this screen asks before the
 * ones that lock someone out of their shift.
 */

import { isRole, ROLE_LABELS } from '@lantern/core';
import {
  Alert,
  Badge,
  Button,
  Group,
  Kbd,
  Loader,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client.js';
import { ErrorAlert } from '../app/ErrorAlert.js';
import { can } from '../session/principal.js';
import { usePrincipal } from '../session/SessionProvider.js';
import { ConfirmAction, type PendingAction } from './ConfirmAction.js';
import { CreateUserDialog } from './CreateUserDialog.js';
import { SupportGrantDialog } from './SupportGrantDialog.js';
import type { UserSummary } from './types.js';

export default function UsersScreen() {
  const principal = usePrincipal();
  const queryClient = useQueryClient();
  const users = useQuery({
    queryKey: ['admin', 'users'],
    queryFn: () => api.get<UserSummary[]>('/api/admin/users'),
  });
  const [creating, setCreating] = useState(false);
  const [granting, setGranting] = useState(false);
  const [pending, setPending] = useState<PendingAction | null>(null);
  const canGrant = can(principal, 'support-grant:manage');

  useHotkeys([
    ['N', () => setCreating(true)],
    ...(canGrant ? ([['G', () => setGranting(true)]] as [string, () => void][]) : []),
  ]);

  const act = useMutation({
    mutationFn: ({ user, action }: PendingAction) =>
      api.post<unknown>(`/api/admin/users/${user.id}/${action}`),
    onSuccess: (result, { user, action }) => {
      void queryClient.invalidateQueries({ queryKey: ['admin', 'users'] });
      const revoked = (result as { revoked?: number }).revoked;
      notifications.show({
        color: 'nhsGreen',
        title:
          action === 'unlock'
            ? 'Account unlocked'
            : action === 'reset-mfa'
              ? 'Second factor reset'
              : 'Sessions ended',
        message:
          action === 'unlock'
            ? `${user.displayName} is unlocked.`
            : action === 'reset-mfa'
              ? `${user.displayName} will set up a new second factor at their next sign-in.`
              : `${revoked ?? 0} session${revoked === 1 ? '' : 's'} of ${user.displayName} ended.`,
      });
      setPending(null);
    },
  });

  const now = Date.now();
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h2">
            Users
          </Title>
          <Text c="dimmed" size="sm">
            Accounts in {principal.organisation.name}. Everyone sets up a second factor at first sign-in.
          </Text>
        </div>
        <Group gap="sm">
          {canGrant && (
            <Button variant="outline" onClick={() => setGranting(true)} rightSection={<Kbd size="xs">G</Kbd>}>
              Grant support access
            </Button>
          )}
          <Button onClick={() => setCreating(true)} rightSection={<Kbd size="xs">N</Kbd>}>
            New user
          </Button>
        </Group>
      </Group>
      <ErrorAlert error={users.error} title="Users could not be loaded" />
      {users.isPending && <Loader aria-label="Loading users" />}
      {users.data && (
        <Table
          className="dense-table"
          striped
          highlightOnHover
          withTableBorder
          verticalSpacing={6}
          stickyHeader
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Username</Table.Th>
              <Table.Th>Roles</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Second factor</Table.Th>
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {users.data.map((u) => {
              const locked = u.lockedUntil !== null && Date.parse(u.lockedUntil) > now;
              const expired = u.expiresAt !== null && Date.parse(u.expiresAt) <= now;
              return (
                <Table.Tr key={u.id} data-testid={`user-row-${u.username}`}>
                  <Table.Td fw={700}>{u.displayName}</Table.Td>
                  <Table.Td className="mono">{u.username}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {u.roles.map((r) => (
                        <Tooltip key={r} label={isRole(r) ? ROLE_LABELS[r] : r}>
                          <Badge variant="outline" color="nhsBlue.8" radius="sm" tt="none">
                            {r}
                          </Badge>
                        </Tooltip>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <UserStatus status={u.status} locked={locked} expired={expired} user={u} />
                  </Table.Td>
                  <Table.Td>
                    {u.mfaEnrolled ? (
                      'Set up'
                    ) : (
                      <Text span c="dimmed" inherit>
                        Not yet
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      {locked && (
                        <Button size="compact-sm" onClick={() => setPending({ user: u, action: 'unlock' })}>
                          Unlock
                        </Button>
                      )}
                      <Button
                        size="compact-sm"
                        variant="outline"
                        onClick={() => setPending({ user: u, action: 'revoke-sessions' })}
                        disabled={u.id === principal.user.id}
                      >
                        End sessions
                      </Button>
                      <Button
                        size="compact-sm"
                        variant="outline"
                        color="nhsRed"
                        onClick={() => setPending({ user: u, action: 'reset-mfa' })}
                        disabled={!u.mfaEnrolled || u.id === principal.user.id}
                      >
                        Reset MFA
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      {users.data?.length === 0 && <Alert color="nhsGrey">No users yet.</Alert>}
      <CreateUserDialog opened={creating} onClose={() => setCreating(false)} />
      {canGrant && <SupportGrantDialog opened={granting} onClose={() => setGranting(false)} />}
      <ConfirmAction
        pending={pending}
        busy={act.isPending}
        error={act.error}
        onConfirm={() => pending && act.mutate(pending)}
        onCancel={() => {
          setPending(null);
          act.reset();
        }}
      />
    </Stack>
  );
}

function UserStatus({
  status,
  locked,
  expired,
  user,
}: {
  status: string;
  locked: boolean;
  expired: boolean;
  user: UserSummary;
}) {
  if (status !== 'active') return <Badge color="nhsGrey.6">Disabled</Badge>;
  if (expired) return <Badge color="nhsGrey.6">Expired</Badge>;
  if (locked)
    return (
      <Badge
        color="nhsRed.6"
        title={`Locked until ${new Date(user.lockedUntil ?? '').toLocaleTimeString('en-GB')}`}
      >
        Locked
      </Badge>
    );
  return (
    <Stack gap={0}>
      <Badge color="nhsGreen.6">Active</Badge>
      {user.expiresAt && (
        <Text size="xs" c="dimmed">
          until {new Date(user.expiresAt).toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'short' })}
        </Text>
      )}
    </Stack>
  );
}
