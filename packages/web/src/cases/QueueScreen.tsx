/**
 * The clinician's queue: most urgent first (the server's order: breach time, priority, time
 * opened), each case's breach timer counting down from its disposition's timeframe, live.
 * Taking a case sends the version seen, so two clinicians can never both take it: the second
 * is told someone else has it.
 */

import { breachBand } from '@lantern/core';
import { Badge, Button, Group, Loader, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ErrorAlert } from '../app/ErrorAlert.js';
import { usePrincipal } from '../session/SessionProvider.js';
import { getQueue, takeCase } from './caseApi.js';
import { useLiveUpdates, useNow } from './useLiveUpdates.js';

const BAND: Record<string, { band: string; words: string }> = {
  breached: { band: 'red', words: 'Breached' },
  critical: { band: 'red', words: 'Critical' },
  warning: { band: 'amber', words: 'Warning' },
  ok: { band: 'green', words: 'In time' },
};

/** "7:54" under an hour, "3h 39m" under a day, "7d 0h" beyond; "20:05 over" once breached. */
function formatLeft(ms: number): string {
  const s = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const text =
    d > 0
      ? `${d}d ${h}h`
      : h > 0
        ? `${h}h ${String(m).padStart(2, '0')}m`
        : `${m}:${String(sec).padStart(2, '0')}`;
  return ms < 0 ? `${text} over` : text;
}

export default function QueueScreen() {
  const me = usePrincipal();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [view, setView] = useState<'waiting' | 'mine'>('waiting');
  const queryKey = ['queue', view] as const;
  const queue = useQuery({ queryKey, queryFn: () => getQueue(view === 'mine') });
  const live = useLiveUpdates(['queue']);
  const now = useNow(1000);

  const take = useMutation({
    mutationFn: takeCase,
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: ['queue'] });
      notifications.show({
        color: 'nhsGreen',
        title: 'Case taken',
        message: `${result.case.reference} is yours.`,
      });
      navigate(`/cases/${result.case.caseId}`);
    },
    onError: () => void queryClient.invalidateQueries({ queryKey: ['queue'] }),
  });

  const entries = queue.data?.entries ?? [];
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h2">
            Queue
          </Title>
          <Text c="dimmed" size="sm">
            Most urgent first. Timers count down to each case's breach time.
          </Text>
        </div>
        <Group gap="md">
          <Text size="sm" role="status" data-testid="live-status">
            <span className={`live-dot live-${live}`} aria-hidden="true" />
            {live === 'live' ? 'Live' : live === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
          </Text>
          <SegmentedControl
            aria-label="Which cases"
            value={view}
            onChange={(v) => setView(v as 'waiting' | 'mine')}
            data={[
              { value: 'waiting', label: 'Waiting' },
              { value: 'mine', label: 'Mine' },
            ]}
          />
        </Group>
      </Group>
      <ErrorAlert error={queue.error} title="The queue could not be loaded" />
      <ErrorAlert error={take.error} title="The case was not taken" />
      {queue.isPending && <Loader aria-label="Loading the queue" />}
      {queue.data && entries.length === 0 && (
        <Text size="sm">{view === 'mine' ? 'You hold no cases.' : 'No cases are waiting.'}</Text>
      )}
      {entries.length > 0 && (
        <Table className="dense-table" withTableBorder verticalSpacing={6} stickyHeader data-testid="queue">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Breach</Table.Th>
              <Table.Th>Disposition</Table.Th>
              <Table.Th>Patient and problem</Table.Th>
              <Table.Th>Postcode</Table.Th>
              <Table.Th>Case</Table.Th>
              <Table.Th>
                <span className="visually-hidden">Action</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entries.map((e) => {
              const band = e.breachAt
                ? BAND[breachBand(now, e.breachAt, e.disposition?.timeframeMinutes ?? null)]
                : null;
              const left = e.breachAt ? Date.parse(e.breachAt) - now : null;
              return (
                <Table.Tr
                  key={e.caseId}
                  className={`band band-${band?.band ?? 'grey'}`}
                  data-testid={`queue-row-${e.reference}`}
                >
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Text fw={700} className="mono" fz="md">
                      {left === null ? '—' : formatLeft(left)}
                    </Text>
                    <Text size="xs">{band?.words ?? 'No timeframe'}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text fw={700} size="sm">
                      {e.disposition?.label ?? 'Not yet triaged'}
                    </Text>
                    {e.disposition && (
                      <Text size="xs" c="dimmed" className="mono">
                        {e.disposition.code}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={700}>
                      {e.patient?.name ?? 'Patient not identified'}
                    </Text>
                    <Text size="sm">{e.presentingComplaint ?? ''}</Text>
                    {e.repeatCaller && (
                      <Badge color="nhsAmber.9" radius="sm" size="sm" mt={2}>
                        Repeat caller
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td className="mono">{e.postcode ?? ''}</Table.Td>
                  <Table.Td className="mono" style={{ whiteSpace: 'nowrap' }}>
                    <Link
                      to={`/cases/${e.caseId}`}
                      className="link-button"
                      aria-label={`Open case ${e.reference}`}
                    >
                      {e.reference}
                    </Link>
                  </Table.Td>
                  <Table.Td>
                    {e.assignedTo === me.user.id ? (
                      <Badge color="nhsGreen.6" radius="sm">
                        Yours
                      </Badge>
                    ) : e.status === 'queued' ? (
                      <Button
                        size="compact-sm"
                        onClick={() => take.mutate(e)}
                        loading={take.isPending && take.variables?.caseId === e.caseId}
                        aria-label={`Take case ${e.reference}`}
                      >
                        Take
                      </Button>
                    ) : (
                      <Text size="sm">{e.status}</Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
