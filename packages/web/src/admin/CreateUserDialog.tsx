/**
 * A new account: name, username, a temporary password (checked against the same policy the
 * server applies, so a refusal is explained before the round trip) and roles. The form keeps
 * what was typed if the session ends while it is open.
 */

import { checkPassword, PASSWORD_PROBLEM_TEXT, ROLE_LABELS, ROLES, type Role } from '@lantern/core';
import { Button, Group, Modal, MultiSelect, PasswordInput, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../api/client.js';
import { ErrorAlert } from '../app/ErrorAlert.js';
import type { UserSummary } from './types.js';

const ASSIGNABLE = ROLES.filter((r) => r !== 'supplier-support');
const EMPTY = { username: '', displayName: '', password: '', roles: [] as Role[] };

export function CreateUserDialog({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState(EMPTY);
  const [touched, setTouched] = useState(false);
  const problems = form.password ? checkPassword(form.password, form.username) : [];

  const create = useMutation({
    mutationFn: () =>
      api.post<UserSummary>('/api/admin/users', {
        username: form.username.trim(),
        displayName: form.displayName.trim(),
        password: form.password,
        roles: form.roles,
      }),
    onSuccess: (user) => {
      void queryClient.invalidateQueries({ queryKey: ['admin', 'users'] });
      notifications.show({
        color: 'nhsGreen',
        title: 'User created',
        message: `${user.displayName} can sign in as ${user.username} and will set up a second factor.`,
      });
      setForm(EMPTY);
      setTouched(false);
      onClose();
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (problems.length === 0 && form.roles.length > 0) create.mutate();
  };

  return (
    <Modal opened={opened} onClose={onClose} title="New user" size="lg">
      <form onSubmit={submit} aria-label="New user">
        <Stack gap="sm">
          <TextInput
            label="Full name"
            required
            data-autofocus
            value={form.displayName}
            onChange={(e) => setForm({ ...form, displayName: e.currentTarget.value })}
          />
          <TextInput
            label="Username"
            description="Usually their work email address"
            required
            minLength={3}
            autoComplete="off"
            spellCheck={false}
            value={form.username}
            onChange={(e) => setForm({ ...form, username: e.currentTarget.value })}
          />
          <PasswordInput
            label="Temporary password"
            description="At least 12 characters; a few unrelated words work well. Give it to them in person or by phone."
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
          <MultiSelect
            label="Roles"
            description="Only what their job on shift needs"
            required
            data={ASSIGNABLE.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
            value={form.roles}
            onChange={(v) => setForm({ ...form, roles: v as Role[] })}
            error={touched && form.roles.length === 0 ? 'Choose at least one role' : null}
            searchable
            hidePickedOptions
            comboboxProps={{ withinPortal: true }}
          />
          <ErrorAlert error={create.error} title="The user was not created" />
          <Group justify="flex-end" mt="sm">
            <Button variant="subtle" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create user
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
