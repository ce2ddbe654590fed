/**
 * A refused case command in plain words. Conflicts are the usual ones on a busy queue: a
 * colleague took the case a moment before, or changed it since it was opened. Each says what
 * happened, names the colleague, and offers to refresh the case and decide again.
 */
import { Alert, Button, Group, Text } from '@mantine/core';
import { ApiError } from '../api/client.js';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

export function explainCaseError(
  err: unknown,
  people: Record<string, string>,
): { title: string; body: string; conflict: boolean } {
  const named = (text: string) => text.replace(UUID, (id) => people[id.toLowerCase()] ?? 'a colleague');
  if (!(err instanceof ApiError)) return { title: 'That did not work', body: String(err), conflict: false };
  if (err.code === 'E_STREAM_VERSION_CONFLICT')
    return {
      title: 'This case changed while you were looking at it',
      body: 'Someone else recorded something on it first. Refresh to see what changed, then decide again.',
      conflict: true,
    };
  if (err.code === 'E_INVALID_TRANSITION') {
    const taken = /already assigned to/i.test(err.message);
    return {
      title: taken ? 'A colleague has already taken this case' : 'Not possible in the case’s current state',
      body: named(err.message),
      conflict: true,
    };
  }
  if (err.status === 0)
    return { title: 'Not sent: the server cannot be reached', body: err.message, conflict: false };
  const details = err.details.filter((d) => d.message && d.message !== err.message).map((d) => d.message);
  return { title: 'Not recorded', body: named([err.message, ...details].join(' ')), conflict: false };
}

export function CaseProblem({
  error,
  people,
  onRefresh,
}: {
  error: unknown;
  people: Record<string, string>;
  onRefresh(): void;
}) {
  if (!error || (error instanceof ApiError && error.handledBySession)) return null;
  const { title, body, conflict } = explainCaseError(error, people);
  return (
    <Alert
      color={conflict ? 'nhsAmber' : 'nhsRed'}
      variant="outline"
      title={title}
      role="alert"
      data-testid="case-problem"
    >
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Text size="sm">{body}</Text>
        {conflict && (
          <Button size="compact-sm" variant="outline" onClick={onRefresh}>
            Refresh the case
          </Button>
        )}
      </Group>
    </Alert>
  );
}
