/**
 * The case's disposition in its colour band, with the breach countdown: the band is the one the
 * queue shows for the time left (core breachBand: red when breached or critical, amber when
 * close, green in time), always with words beside the colour.
 */
import { breachBand } from '@lantern/core';
import { Button, Group, Paper, SimpleGrid, Text, Title } from '@mantine/core';
import { formatTimeframe, SKILLSET_LABELS } from '../triage/urgency.js';
import type { CaseView } from './caseViewApi.js';
import { clockTime, dayAndTime, formatLeft } from './time.js';
import { useNow } from './useLiveUpdates.js';

const BAND: Record<string, { band: string; words: string }> = {
  breached: { band: 'red', words: 'Breached' },
  critical: { band: 'red', words: 'Critical' },
  warning: { band: 'amber', words: 'Close to breach' },
  ok: { band: 'green', words: 'In time' },
};

function urgencyWords(d: { skillset: string; timeframeMinutes: number | null }): string {
  if (d.skillset === 'ambulance' || (d.timeframeMinutes !== null && d.timeframeMinutes <= 60))
    return 'Emergency';
  if (d.timeframeMinutes !== null && d.timeframeMinutes <= 24 * 60) return 'Urgent';
  return 'Routine';
}

export function DispositionBand({
  c,
  people,
  canOverride,
  onOverride,
}: {
  c: CaseView;
  people: Record<string, string>;
  canOverride: boolean;
  onOverride(): void;
}) {
  const now = useNow(1000);
  const d = c.disposition;
  if (!d)
    return (
      <Paper withBorder className="band band-grey" data-testid="case-disposition" data-band="grey">
        <div className="band-header">
          <Text fw={700}>No disposition yet</Text>
        </div>
        <Text size="sm" p="md">
          The triage has not finished, so there is no breach time and the case cannot join a queue.
        </Text>
      </Paper>
    );
  const closed = c.status === 'closed';
  const key = closed ? null : breachBand(now, c.breachAt, d.timeframeMinutes);
  const band = key === null ? { band: 'grey', words: 'Closed' } : (BAND[key] ?? { band: 'grey', words: '' });
  const left = c.breachAt === null ? null : Date.parse(c.breachAt) - now;
  const by = d.reachedBy ? (people[d.reachedBy] ?? null) : null;
  return (
    <Paper
      withBorder
      className={`band band-${band.band}`}
      data-testid="case-disposition"
      data-band={band.band}
    >
      <div className="band-header">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
          <div>
            <Text fw={700} fz="sm" tt="uppercase" style={{ letterSpacing: '0.06em' }}>
              {urgencyWords(d)} · {band.words}
            </Text>
            <Title order={2} size="h3" c="inherit" mt={2} data-testid="case-disposition-label">
              {d.label}
            </Title>
          </div>
          {!closed && left !== null && (
            <div className="breach-clock" data-testid="breach-countdown">
              <Text fw={700} fz={28} lh={1.1} className="mono-figures">
                {formatLeft(left)}
              </Text>
              <Text fz="xs" fw={700}>
                {left < 0 ? 'since the breach time' : 'left'} · due {clockTime(c.breachAt as string)}
              </Text>
            </div>
          )}
        </Group>
      </div>
      <SimpleGrid cols={{ base: 2, sm: 4 }} px="md" py="sm" spacing="sm">
        <Fact label="Timeframe" value={formatTimeframe(d.timeframeMinutes)} />
        <Fact
          label="Service"
          value={SKILLSET_LABELS[d.skillset as keyof typeof SKILLSET_LABELS] ?? d.skillset}
        />
        <Fact
          label="Code"
          value={`${d.code}${d.ambulanceCategory ? ` (${d.ambulanceCategory})` : ''}`}
          mono
        />
        <Fact label="Reached" value={dayAndTime(d.reachedAt, now)} />
      </SimpleGrid>
      <Group justify="space-between" px="md" pb="sm" gap="sm" wrap="wrap">
        <Text size="sm">
          {d.source === 'clinician-override'
            ? `Set by ${by ?? 'a clinician'}: ${d.reason ?? ''}`
            : d.source === 'inbound-referral'
              ? 'From the referring service'
              : `From triage${d.protocolId ? ` (${d.protocolId} ${d.protocolVersion ?? ''})` : ''}`}
          {c.overrides.length > 0 && d.source !== 'clinician-override' ? ' · overridden before' : ''}
        </Text>
        {canOverride && (
          <Button variant="outline" size="compact-sm" onClick={onOverride} aria-keyshortcuts="D">
            <span className="answer-key" aria-hidden="true">
              D
            </span>
            Override the disposition
          </Button>
        )}
      </Group>
    </Paper>
  );
}

export function Fact({ label, value, mono }: { label: string; value: string; mono?: boolean }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text fw={700} size="sm" className={mono ? 'mono' : undefined}>
        {value}
      </Text>
    </div>
  );
}
