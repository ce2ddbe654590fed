/**
 * Call-backs: one press records an attempt to the caller's number, now. Failed attempts are
 * listed with their times, so the next clinician sees at once how hard the patient has been to
 * reach; after three the panel says to follow the no-contact procedure.
 */
import { CALL_BACK_OUTCOMES, formatUkPhoneNumber } from '@lantern/core';
import { Alert, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { CaseView } from './caseViewApi.js';
import { clockTime, dayAndTime } from './time.js';
import type { useCaseCommand } from './useCaseCommand.js';

const OUTCOME: Record<(typeof CALL_BACK_OUTCOMES)[number], string> = {
  answered: 'Answered',
  'no-answer': 'No answer',
  voicemail: 'Voicemail',
  busy: 'Engaged',
  'wrong-number': 'Wrong number',
};
/** Most services escalate after three failed attempts (NHS 111 / CAS no-contact procedures). */
const FAILED_BEFORE_ESCALATION = 3;

export function CallBacksPanel({
  c,
  command,
}: {
  c: CaseView;
  /** Null when the case is only read here (closed, or held by someone else). */
  command: ReturnType<typeof useCaseCommand> | null;
}) {
  const attempts = [...c.callBacks].reverse();
  const failed = c.callBacks.filter((a) => a.outcome !== 'answered');
  const lastAnswered = attempts.find((a) => a.outcome === 'answered');
  const record = (outcome: (typeof CALL_BACK_OUTCOMES)[number]) => {
    const at = new Date().toISOString();
    command?.mutate({
      path: 'call-backs',
      body: { outcome, at },
      optimistic: { type: 'CallBackAttempted', data: { outcome, number: c.caller.callBackNumber, at } },
    });
  };
  return (
    <Paper withBorder p="md" data-testid="call-backs">
      <Stack gap="xs">
        <Group justify="space-between" gap="xs">
          <Title order={2} size="h4">
            {command ? 'Call-back' : 'Call-backs'}{' '}
            {command && (
              <span className="key-chip" aria-hidden="true">
                C
              </span>
            )}
          </Title>
          <Text size="sm">
            to <strong className="mono">{formatUkPhoneNumber(c.caller.callBackNumber)}</strong> (
            {c.caller.name})
          </Text>
        </Group>
        {command && (
          <Group gap="xs" role="group" aria-label="Record a call-back attempt">
            {CALL_BACK_OUTCOMES.map((o, i) => (
              <Button
                key={o}
                id={i === 0 ? 'call-back-first' : undefined}
                size="sm"
                variant={o === 'answered' ? 'filled' : 'outline'}
                color={o === 'answered' ? 'nhsGreen.7' : 'nhsBlue'}
                onClick={() => record(o)}
              >
                {OUTCOME[o]}
              </Button>
            ))}
          </Group>
        )}
        {attempts.length === 0 ? (
          <Text size="sm" c="dimmed">
            No call-back attempts yet.
          </Text>
        ) : (
          <ol
            className="attempts"
            aria-label="Call-back attempts, latest first"
            data-testid="call-back-attempts"
          >
            {attempts.map((a, i) => (
              <li key={a.eventId ?? `${a.at}-${i}`} data-outcome={a.outcome}>
                <span className="mono attempt-time">{dayAndTime(a.at)}</span>
                <Badge
                  size="sm"
                  radius="sm"
                  tt="none"
                  color={a.outcome === 'answered' ? 'nhsGreen.7' : 'nhsGrey.7'}
                  variant={a.outcome === 'answered' ? 'filled' : 'outline'}
                >
                  {OUTCOME[a.outcome]}
                </Badge>
              </li>
            ))}
          </ol>
        )}
        {failed.length > 0 && !lastAnswered && (
          <Text size="sm" fw={700} data-testid="failed-attempts">
            {failed.length} failed attempt{failed.length === 1 ? '' : 's'}, the last at{' '}
            {clockTime((failed.at(-1) as { at: string }).at)}
          </Text>
        )}
        {command && failed.length >= FAILED_BEFORE_ESCALATION && !lastAnswered && (
          <Alert color="nhsAmber" variant="outline" py={6} title="No contact after three attempts">
            Follow your service's no-contact procedure: if the risk is high, send help (an ambulance or a
            welfare check) rather than wait.
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
