/**
 * The supervisor's wallboard: at a glance from across the room, how many calls wait, the
 * longest wait, how many cases are past or near breach and which, and ambulance requests
 * still awaiting acknowledgement. Live: any case change reloads it, and it is read again every
 * half minute because breach bands move with the clock, not only with events. It names no
 * patient (GET /api/wallboard).
 */
import { breachBand } from '@lantern/core';
import { Grid, Group, Loader, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../app/ErrorAlert.js';
import { formatLeft, formatWait } from '../cases/time.js';
import { useCaseStream } from '../cases/useCaseStream.js';
import { useNow } from '../cases/useLiveUpdates.js';
import { can } from '../session/principal.js';
import { usePrincipal } from '../session/SessionProvider.js';
import { SKILLSET_LABELS } from '../triage/urgency.js';
import { AmbulancePanel } from './AmbulancePanel.js';
import { getWallboard, type Wallboard } from './wallboardApi.js';
import './wallboard.css';

/** Breach bands move with time, so the counts are read again this often even with no change. */
const REFRESH_MS = 30_000;
/** Many changes in a burst (a rebuild, a busy minute) reload the board once. */
const SETTLE_MS = 1000;

const BAND: Record<string, { band: string; words: string }> = {
  breached: { band: 'red', words: 'Breached' },
  critical: { band: 'red', words: 'Critical' },
  warning: { band: 'amber', words: 'Close' },
  ok: { band: 'green', words: 'In time' },
};

export default function WallboardScreen() {
  const me = usePrincipal();
  const queryClient = useQueryClient();
  const board = useQuery({ queryKey: ['wallboard'], queryFn: getWallboard, refetchInterval: REFRESH_MS });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const reload = () => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      void queryClient.invalidateQueries({ queryKey: ['wallboard'] });
    }, SETTLE_MS);
  };
  const live = useCaseStream(reload, reload);
  const now = useNow(1000);
  const data = board.data;

  return (
    <Stack gap="md" data-testid="wallboard">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h2">
            Wallboard
          </Title>
          <Text c="dimmed" size="sm">
            {me.organisation.name}. No patient is named here.
          </Text>
        </div>
        <Group gap="lg">
          <Text fw={700} fz="xl" className="mono-figures" aria-label="Time now">
            {new Date(now).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}
          </Text>
          <Text size="sm" role="status" data-testid="live-status">
            <span className={`live-dot live-${live}`} aria-hidden="true" />
            {live === 'live' ? 'Live' : live === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
          </Text>
        </Group>
      </Group>
      <ErrorAlert error={board.error} title="The wallboard could not be loaded" />
      {board.isPending && <Loader aria-label="Loading the wallboard" />}
      {data && <Board data={data} now={now} canOpenCases={can(me, 'case:read')} />}
    </Stack>
  );
}

function Board({ data, now, canOpenCases }: { data: Wallboard; now: number; canOpenCases: boolean }) {
  const t = data.totals;
  const longest = t.longestWaitingSince ? now - Date.parse(t.longestWaitingSince) : null;
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm">
        <Tile label="Calls waiting" value={String(t.waiting)} testId="tile-waiting" />
        <Tile
          label="Longest wait"
          value={longest === null ? '—' : formatWait(longest)}
          testId="tile-longest"
        />
        <Tile
          label="Past breach"
          value={String(t.breached)}
          band={t.breached > 0 ? 'red' : 'green'}
          testId="tile-breached"
        />
        <Tile
          label="Near breach"
          value={String(t.nearBreach)}
          band={t.nearBreach > 0 ? 'amber' : 'green'}
          testId="tile-near"
        />
        <Tile label="With a clinician" value={String(t.taken)} testId="tile-taken" />
        <Tile
          label="Calls in triage"
          value={String(data.inProgress.open + data.inProgress.triaged)}
          testId="tile-in-progress"
        />
      </SimpleGrid>
      {data.truncated && (
        <Text size="sm" fw={700}>
          More live cases than the board counts: figures are for the most urgent 5,000.
        </Text>
      )}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="xs">
              Queues
            </Title>
            {data.queues.length === 0 ? (
              <Text size="sm">No case is waiting in any queue.</Text>
            ) : (
              <Table
                className="dense-table wallboard-table"
                verticalSpacing={6}
                data-testid="wallboard-queues"
              >
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Queue</Table.Th>
                    <Table.Th ta="right">Waiting</Table.Th>
                    <Table.Th ta="right">Longest wait</Table.Th>
                    <Table.Th ta="right">Past breach</Table.Th>
                    <Table.Th ta="right">Near breach</Table.Th>
                    <Table.Th ta="right">Taken</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.queues.map((q) => (
                    <Table.Tr key={q.queue} data-testid={`wallboard-queue-${q.queue}`}>
                      <Table.Td fw={700}>{queueName(q.queue)}</Table.Td>
                      <Table.Td ta="right" className="figure">
                        {q.waiting}
                      </Table.Td>
                      <Table.Td ta="right" className="figure">
                        {q.longestWaitingSince ? formatWait(now - Date.parse(q.longestWaitingSince)) : '—'}
                      </Table.Td>
                      <Table.Td ta="right" className={`figure ${q.breached > 0 ? 'figure-red' : ''}`}>
                        {q.breached}
                      </Table.Td>
                      <Table.Td ta="right" className={`figure ${q.nearBreach > 0 ? 'figure-amber' : ''}`}>
                        {q.nearBreach}
                      </Table.Td>
                      <Table.Td ta="right" className="figure">
                        {q.taken}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="xs">
              Most urgent: past and near breach
            </Title>
            {data.worst.length === 0 ? (
              <Text size="sm" data-testid="wallboard-worst-empty">
                Every case is within its time.
              </Text>
            ) : (
              <ol className="worst-list" data-testid="wallboard-worst">
                {data.worst.map((w) => {
                  const band = BAND[breachBand(now, w.breachAt, w.timeframeMinutes)] ?? {
                    band: 'grey',
                    words: '',
                  };
                  return (
                    <li
                      key={w.caseId}
                      className={`worst band band-${band.band}`}
                      data-testid={`worst-${w.reference}`}
                    >
                      <div className="worst-time">
                        <Text fw={700} fz="lg" className="mono-figures">
                          {formatLeft(Date.parse(w.breachAt) - now)}
                        </Text>
                        <Text size="xs" fw={700}>
                          {band.words}
                        </Text>
                      </div>
                      <div className="worst-what">
                        <Text size="sm" fw={700}>
                          {w.disposition.label ?? w.disposition.code}
                        </Text>
                        <Text size="xs">
                          {canOpenCases ? (
                            <Link to={`/cases/${w.caseId}`} className="text-link mono">
                              {w.reference}
                            </Link>
                          ) : (
                            <span className="mono">{w.reference}</span>
                          )}{' '}
                          · {w.queue ? queueName(w.queue) : 'no queue'} ·{' '}
                          {w.status === 'assigned' ? `with ${w.takenBy ?? 'a clinician'}` : 'waiting'}
                        </Text>
                      </div>
                    </li>
                  );
                })}
              </ol>
            )}
          </Paper>
        </Grid.Col>
      </Grid>
      <AmbulancePanel data={data.ambulanceRequests} now={now} />
    </Stack>
  );
}

/** Queues named after a skillset (the default) read as the service. */
function queueName(queue: string): string {
  return SKILLSET_LABELS[queue as keyof typeof SKILLSET_LABELS] ?? queue;
}

function Tile({
  label,
  value,
  band,
  testId,
}: {
  label: string;
  value: string;
  band?: string;
  testId: string;
}) {
  return (
    <Paper withBorder className={`tile ${band ? `band band-${band}` : ''}`} p="sm" data-testid={testId}>
      <Text size="sm" fw={700} c="dimmed">
        {label}
      </Text>
      <Text className="tile-figure mono-figures">{value}</Text>
    </Paper>
  );
}
