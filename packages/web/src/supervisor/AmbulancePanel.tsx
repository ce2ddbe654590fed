/**
 * Ambulance requests the ambulance service has not yet acknowledged. The figures come from the
 * server once it delivers ambulance requests; until then the panel says plainly that there is
 * nothing to show, never a made-up zero.
 */
import { Paper, Stack, Text, Title } from '@mantine/core';
import { formatWait } from '../cases/time.js';
import type { AmbulanceAwaiting } from './wallboardApi.js';

export function AmbulancePanel({ data, now }: { data: AmbulanceAwaiting | null; now: number }) {
  return (
    <Paper withBorder p="md" data-testid="wallboard-ambulance">
      <Title order={2} size="h4" mb="xs">
        Ambulance requests awaiting acknowledgement
      </Title>
      {data === null ? (
        <Text size="sm" c="dimmed" data-testid="wallboard-ambulance-empty">
          Ambulance requests are not delivered by this server yet, so there is nothing to count. Once they
          are, each request the ambulance service has not acknowledged appears here with how long it has
          waited.
        </Text>
      ) : data.awaiting === 0 ? (
        <Text size="sm">Every ambulance request has been acknowledged.</Text>
      ) : (
        <Stack gap={4}>
          <Text fw={700} fz="lg">
            {data.awaiting} awaiting
            {data.oldestRequestedAt ? `, oldest ${formatWait(now - Date.parse(data.oldestRequestedAt))}` : ''}
          </Text>
          {data.requests.map((r) => (
            <Text size="sm" key={r.caseId}>
              <span className="mono">{r.reference}</span> {r.category ?? ''} ·{' '}
              {formatWait(now - Date.parse(r.requestedAt))}
              {r.channel ? ` · ${r.channel}` : ''}
            </Text>
          ))}
        </Stack>
      )}
    </Paper>
  );
}
