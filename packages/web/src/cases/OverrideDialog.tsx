/**
 * A clinician changes the case's disposition, with the reason on the record. The new breach
 * time follows from the new timeframe, except that a more urgent disposition never moves the
 * breach time later (core foldCase). Sent with the disposition seen (`from`) and the version,
 * so an override of a disposition that changed meanwhile is refused and explained.
 */
import { DISPOSITIONS, findDisposition } from '@lantern/core';
import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { usePrincipal } from '../session/SessionProvider.js';
import { formatTimeframe } from '../triage/urgency.js';
import type { CaseView } from './caseViewApi.js';
import type { useCaseCommand } from './useCaseCommand.js';

export function OverrideDialog({
  c,
  command,
  onClose,
}: {
  c: CaseView;
  command: ReturnType<typeof useCaseCommand>;
  onClose(): void;
}) {
  const me = usePrincipal();
  const current = c.disposition;
  const [code, setCode] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const to = code ? findDisposition(code) : undefined;
  if (!current) return null;
  const faster =
    to &&
    current.timeframeMinutes !== null &&
    to.timeframeMinutes !== null &&
    to.timeframeMinutes < current.timeframeMinutes;
  const slower =
    to &&
    (to.timeframeMinutes === null ||
      (current.timeframeMinutes !== null && to.timeframeMinutes > current.timeframeMinutes));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!to || !reason.trim()) return;
    const snapshot = {
      code: to.code,
      label: to.label,
      timeframeMinutes: to.timeframeMinutes,
      skillset: to.skillset,
      ...(to.ambulanceCategory ? { ambulanceCategory: to.ambulanceCategory } : {}),
    };
    command.mutate({
      path: 'disposition-override',
      body: { code: to.code, from: current.code, reason: reason.trim() },
      expectedVersion: c.version,
      optimistic: {
        type: 'DispositionOverridden',
        data: { from: current.code, to: snapshot, reason: reason.trim(), clinicianId: me.user.id },
      },
    });
    onClose();
  };
  return (
    <Modal opened onClose={onClose} title="Override the disposition" size="lg">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Text size="sm">
            Now: <strong>{current.code}</strong> {current.label} ({formatTimeframe(current.timeframeMinutes)})
          </Text>
          <Select
            label="New disposition"
            placeholder="Type a code or words"
            searchable
            // Mantine's focus trap starts on the first element marked so (not on the close button).
            data-autofocus
            required
            value={code}
            onChange={setCode}
            nothingFoundMessage="No disposition matches"
            data={DISPOSITIONS.filter((d) => d.code !== current.code).map((d) => ({
              value: d.code,
              label: `${d.code} · ${d.label} (${formatTimeframe(d.timeframeMinutes)})`,
            }))}
            maxDropdownHeight={280}
          />
          {faster && (
            <Alert color="nhsBlue" variant="outline" py={6}>
              More urgent: the breach time moves earlier, never later.
            </Alert>
          )}
          {slower && (
            <Alert color="nhsAmber" variant="outline" py={6} title="Less urgent than the triage">
              A downgrade is audited. Say what you found that makes it safe.
            </Alert>
          )}
          <Textarea
            label="Clinical reason"
            required
            autosize
            minRows={2}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            maxLength={2000}
          />
          <Group justify="flex-end">
            <Button variant="outline" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={!to || !reason.trim()}>
              Override
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
