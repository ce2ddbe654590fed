/** The case's top line: back to the queue, reference, status, who holds it, take and release, live state. */
import { Badge, Button, Group, Modal, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { SKILLSET_LABELS } from '../triage/urgency.js';
import type { CaseView } from './caseViewApi.js';
import type { LiveStatus } from './useLiveUpdates.js';

const STATUS: Record<string, { label: string; color: string }> = {
  open: { label: 'Call in progress', color: 'nhsBlue.7' },
  triaged: { label: 'Triaged', color: 'nhsBlue.7' },
  queued: { label: 'Waiting in queue', color: 'nhsAmber.9' },
  assigned: { label: 'Taken', color: 'nhsGreen.7' },
  closed: { label: 'Closed', color: 'nhsGrey.7' },
};

export function CaseHeader({
  c,
  people,
  live,
  canAssign,
  mine,
  pending,
  onTake,
  onRelease,
  onBack,
}: {
  c: CaseView;
  people: Record<string, string>;
  live: LiveStatus;
  canAssign: boolean;
  mine: boolean;
  pending: boolean;
  onTake(): void;
  onRelease(reason?: string): void;
  onBack(): void;
}) {
  const [askingReason, setAskingReason] = useState(false);
  const status = STATUS[c.status] ?? { label: c.status, color: 'nhsGrey.7' };
  const holder = c.assignedTo === null ? null : mine ? 'you' : (people[c.assignedTo] ?? 'a colleague');
  const closedAs = c.closure?.kind === 'transferred' ? 'Transferred' : 'Closed';
  return (
    <Paper withBorder px="md" py={8}>
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="md" wrap="wrap">
          <Button variant="subtle" size="compact-sm" onClick={onBack}>
            ← Queue
          </Button>
          <Title order={1} size="h3" className="mono case-reference" data-testid="case-reference">
            {c.reference}
          </Title>
          <Badge color={status.color} radius="sm" size="lg" tt="none" data-testid="case-status">
            {c.status === 'closed' ? closedAs : status.label}
          </Badge>
          {holder && (
            <Text size="sm" fw={700} data-testid="case-holder">
              Held by {holder}
            </Text>
          )}
          {c.queue && c.status === 'queued' && (
            <Text size="sm" c="dimmed">
              Queue: {SKILLSET_LABELS[c.queue as keyof typeof SKILLSET_LABELS] ?? c.queue}
            </Text>
          )}
        </Group>
        <Group gap="sm" wrap="wrap">
          <Text size="sm" role="status" data-testid="live-status">
            <span className={`live-dot live-${live}`} aria-hidden="true" />
            {live === 'live' ? 'Live' : live === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
          </Text>
          {canAssign && c.status === 'queued' && (
            <Button onClick={onTake} loading={pending} aria-keyshortcuts="T">
              <span className="answer-key" aria-hidden="true">
                T
              </span>
              Take
            </Button>
          )}
          {canAssign && c.status === 'assigned' && (
            <Button
              variant="outline"
              onClick={() => (mine ? onRelease() : setAskingReason(true))}
              loading={pending}
              aria-keyshortcuts={mine ? 'R' : undefined}
            >
              {mine && (
                <span className="answer-key" aria-hidden="true">
                  R
                </span>
              )}
              Release to the queue
            </Button>
          )}
        </Group>
      </Group>
      {askingReason && (
        <ReleaseReason
          holder={holder ?? 'a colleague'}
          onCancel={() => setAskingReason(false)}
          onRelease={(reason) => {
            setAskingReason(false);
            onRelease(reason);
          }}
        />
      )}
    </Paper>
  );
}

function ReleaseReason({
  holder,
  onCancel,
  onRelease,
}: {
  holder: string;
  onCancel(): void;
  onRelease(reason: string): void;
}) {
  const [reason, setReason] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim()) onRelease(reason.trim());
  };
  return (
    <Modal opened onClose={onCancel} title="Release a colleague’s case">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Text size="sm">
            {holder} holds this case. It goes back to its queue for anyone to take. Say why, for the record.
          </Text>
          <Textarea
            label="Reason"
            required
            data-autofocus
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            maxLength={2000}
          />
          <Group justify="flex-end">
            <Button variant="outline" onClick={onCancel}>
              Cancel
            </Button>
            <Button type="submit" disabled={!reason.trim()}>
              Release
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
