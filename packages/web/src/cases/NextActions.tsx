/**
 * What to do with a disposition once it is on the case: queue it for a clinician's call-back
 * (with the time it is due), give the care advice and close, request an ambulance, or find a
 * service and book. The most fitting action for the disposition comes first. Ambulance and
 * booking open their own screens, shown only when this console has them (screens.ts).
 */
import { Alert, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../app/ErrorAlert.js';
import { usePrincipal } from '../session/SessionProvider.js';
import { hasScreen } from '../shell/screens.js';
import { type CaseSummary, queueCase } from './caseApi.js';
import { sendCaseCommand } from './caseViewApi.js';
import { clockTime } from './time.js';

export function NextActions({
  summary,
}: {
  summary: CaseSummary & { disposition: { skillset?: string } | null };
}) {
  const me = usePrincipal();
  const [closing, setClosing] = useState(false);
  const queue = useMutation({ mutationFn: () => queueCase(summary.caseId) });
  const d = summary.disposition;
  const ambulance = d?.skillset === 'ambulance';
  const selfCare = d?.skillset === 'self-care' || d?.timeframeMinutes === null;
  const ambulanceScreen = hasScreen(me, '/cases/:id/ambulance');
  const bookScreen = hasScreen(me, '/cases/:id/book');
  const due = summary.breachAt ? clockTime(summary.breachAt) : null;
  const done = queue.isSuccess ? 'queued' : null;

  const queueButton = (
    <Button
      key="queue"
      variant={!ambulance && !selfCare ? 'filled' : 'outline'}
      onClick={() => queue.mutate()}
      loading={queue.isPending}
      disabled={queue.isSuccess}
      data-testid="next-queue"
    >
      {queue.isSuccess
        ? `Queued${queue.data.case.queue ? ` (${queue.data.case.queue})` : ''}`
        : `Queue for a clinician call-back${due ? `, due by ${due}` : ''}`}
    </Button>
  );
  const adviceButton = (
    <Button
      key="advice"
      variant={selfCare ? 'filled' : 'outline'}
      onClick={() => setClosing(true)}
      disabled={done !== null}
    >
      Care advice given: close the case
    </Button>
  );
  const ambulanceLink = ambulanceScreen && (
    <Button
      key="ambulance"
      component={Link}
      to={`/cases/${summary.caseId}/ambulance`}
      color="nhsRed.7"
      variant={ambulance ? 'filled' : 'outline'}
    >
      Request an ambulance
    </Button>
  );
  const bookLink = bookScreen && (
    <Button key="book" component={Link} to={`/cases/${summary.caseId}/book`} variant="outline">
      Find a service and book
    </Button>
  );
  const actions = ambulance
    ? [ambulanceLink, queueButton, bookLink]
    : selfCare
      ? [adviceButton, bookLink, queueButton]
      : [queueButton, bookLink, adviceButton];

  return (
    <Paper withBorder p="md" data-testid="next-actions">
      <Stack gap="sm">
        <Title order={3} size="h4">
          Next
        </Title>
        <Group gap="sm">{actions.filter(Boolean)}</Group>
        {ambulance && !ambulanceScreen && (
          <Text size="sm">
            Request the ambulance by your service's procedure, then queue the case for a clinician.
          </Text>
        )}
        {queue.isSuccess && due && (
          <Alert color="nhsGreen" variant="outline" py={6} role="status">
            In the queue. A clinician must call back by {due}; the case shows in the queue with its countdown.
          </Alert>
        )}
        <ErrorAlert error={queue.error} title="The case was not queued" />
        {closing && (
          <AdviceAndClose caseId={summary.caseId} label={d?.label ?? ''} onCancel={() => setClosing(false)} />
        )}
        <Text size="sm">
          <Link to={`/cases/${summary.caseId}`} className="link-button">
            Open the case {summary.reference}
          </Link>
        </Text>
      </Stack>
    </Paper>
  );
}

function AdviceAndClose({ caseId, label, onCancel }: { caseId: string; label: string; onCancel(): void }) {
  const [summary, setSummary] = useState(`Care advice and worsening advice given (${label})`);
  const close = useMutation({
    mutationFn: async () => {
      await sendCaseCommand(caseId, {
        path: 'outcome',
        body: { outcome: 'advice-given', summary: summary.trim() },
      });
      return sendCaseCommand(caseId, { path: 'close', body: { reason: 'Care advice given' } });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (summary.trim()) close.mutate();
  };
  if (close.isSuccess)
    return (
      <Alert color="nhsGreen" variant="outline" py={6} role="status" data-testid="advice-closed">
        Outcome recorded and the case closed.
      </Alert>
    );
  return (
    <form onSubmit={submit} aria-label="Care advice given">
      <Stack gap="xs">
        <TextInput
          label="Outcome summary"
          value={summary}
          onChange={(e) => setSummary(e.currentTarget.value)}
          autoFocus
          maxLength={2000}
        />
        <Group gap="sm">
          <Button type="submit" loading={close.isPending} disabled={!summary.trim()}>
            Record and close
          </Button>
          <Button variant="subtle" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
        <ErrorAlert error={close.error} title="The case was not closed" />
      </Stack>
    </form>
  );
}
