/**
 * Time-boxed supplier support access: a read-only system account that expires by itself
 * (1 to 72 hours), never sees patients, and is audited throughout.
 */

import { checkPassword, PASSWORD_PROBLEM_TEXT } from '@lantern/core';
import { Alert, Button, Group, Modal, NumberInput, PasswordInput, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../api/client.js';
import { ErrorAlert } from '../app/ErrorAlert.js';
import type { UserSummary } from './types.js';

const EMPTY = { username: '', displayName: '', password: '', hours: 4 };

export function SupportGrantDialog({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState(EMPTY);
  const problems = form.password ? checkPassword(form.password, form.username) : [];

  const grant = useMutation({
    mutationFn: () =>
      api.post<UserSummary>('/api/admin/support-grants', {
        username: form.username.trim(),
        displayName: form.displayName.trim(),
        password: form.password,
        hours: form.hours,
      }),
    onSuccess: (user) => {
      void queryClient.invalidateQueries({ queryKey: ['admin', 'users'] });
      notifications.show({
        color: 'nhsGreen',
        title: 'Support access granted',
        message: `${user.username} can sign in until ${new Date(user.expiresAt ?? '').toLocaleString('en-GB')}.`,
      });
      setForm(EMPTY);
      onClose();
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (problems.length === 0) grant.mutate();
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Grant supplier support access" size="lg">
      <form onSubmit={submit} aria-label="Grant supplier support access">
        <Stack gap="sm">
          <Alert color="nhsBlue" variant="outline">
            The account can read system state to diagnose a problem. It cannot see patients or change users,
            it ends by itself when the time is up, and everything it does is in the audit log.
          </Alert>
          <TextInput
            label="Support engineer's name"
            required
            data-autofocus
            value={form.displayName}
            onChange={(e) => setForm({ ...form, displayName: e.currentTarget.value })}
          />
          <TextInput
            label="Username"
            required
            minLength={3}
            autoComplete="off"
            value={form.username}
            onChange={(e) => setForm({ ...form, username: e.currentTarget.value })}
          />
          <PasswordInput
            label="Temporary password"
            required
            autoComplete="new-password"
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.currentTarget.value })}
            error={
              problems.length > 0
                ? `The password ${problems.map((p) => PASSWORD_PROBLEM_TEXT[p]).join('; ')}`
                : null
            }
          />
          <NumberInput
            label="Hours of access"
            description="From 1 to 72 hours"
            required
            min={1}
            max={72}
            allowDecimal={false}
            value={form.hours}
            onChange={(v) => setForm({ ...form, hours: typeof v === 'number' ? v : Number(v) || 1 })}
            w={200}
          />
          <ErrorAlert error={grant.error} title="Support access was not granted" />
          <Group justify="flex-end" mt="sm">
            <Button variant="subtle" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={grant.isPending}>
              Grant access
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
