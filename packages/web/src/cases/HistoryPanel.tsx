/**
 * The case's history as the record tells it (GET /api/cases/:id/history): every entry in time
 * order with who did it, triage runs among them. Note text is not repeated here (it is in the
 * notes, and a history may be read over a shoulder); entries recorded later than they happened
 * (an offline console catching up) say so.
 */
import { Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { ErrorAlert } from '../app/ErrorAlert.js';
import type { CaseHistory } from './caseViewApi.js';
import { clockTime, dayAndTime } from './time.js';

/** An entry recorded this long after it happened was sent late (an offline console, a retry). */
const LATE_MS = 2 * 60_000;

export function HistoryPanel({ history, error }: { history: CaseHistory | null; error: unknown }) {
  return (
    <Paper
      withBorder
      p="md"
      id="case-history"
      tabIndex={-1}
      data-testid="case-history"
      aria-labelledby="case-history-title"
    >
      <Title order={2} size="h4" id="case-history-title" mb="xs">
        History{' '}
        <span className="key-chip" aria-hidden="true">
          H
        </span>
      </Title>
      <ErrorAlert error={error} title="The history could not be loaded" />
      {!history && !error && <Loader size="sm" aria-label="Loading the history" />}
      {history && (
        <ol className="timeline">
          {history.entries.map((e, i) => {
            const late = e.recordedAt !== null && Date.parse(e.recordedAt) - Date.parse(e.at) > LATE_MS;
            return (
              <li
                key={e.eventId ?? `${e.type}-${e.at}-${i}`}
                className={`timeline-entry timeline-${e.stream}`}
                data-type={e.type}
              >
                <span className="timeline-time mono">{dayAndTime(e.at)}</span>
                <Stack gap={0} className="timeline-body">
                  <Text size="sm">{e.summary}</Text>
                  <Text size="xs" c="dimmed">
                    {e.actor.name ??
                      (e.actor.id?.startsWith('system') ? 'Lantern' : e.actor.id ? 'another system' : '')}
                    {late ? ` · recorded ${clockTime(e.recordedAt as string)}` : ''}
                  </Text>
                </Stack>
              </li>
            );
          })}
        </ol>
      )}
    </Paper>
  );
}
