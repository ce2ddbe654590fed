/**
 * The disposition: what happens next and how fast, in the urgency colour and in words, with
 * the care advice to read to the caller and what to do if things get worse.
 */

import type { TriageOutcome } from '@lantern/core';
import { Alert, Button, Group, List, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { type ReactNode, useEffect } from 'react';
import { RedFlags } from './QuestionPanel.js';
import { formatTimeframe, SKILLSET_LABELS, urgencyOf } from './urgency.js';

export function OutcomePanel({
  outcome,
  keysActive,
  onBack,
  onNewTriage,
  children,
}: {
  outcome: TriageOutcome;
  keysActive: boolean;
  /** What to do with the outcome (record it on the case), shown under the disposition. */
  children?: ReactNode;
  onBack(): void;
  onNewTriage(): void;
}) {
  const d = outcome.disposition;
  const urgency = urgencyOf(d);
  const advice = [...outcome.protocolAdvice, ...d.careAdvice];

  useEffect(() => {
    if (!keysActive) return;
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (e.altKey || e.ctrlKey || e.metaKey || (t && ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName)))
        return;
      if (e.key.toLowerCase() === 'b') {
        e.preventDefault();
        onBack();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [keysActive, onBack]);

  return (
    <Stack gap="md">
      <Paper
        withBorder
        className={`band band-${urgency.band}`}
        data-testid="disposition"
        data-band={urgency.band}
      >
        <div className="band-header">
          <Text fw={700} fz="sm" tt="uppercase" style={{ letterSpacing: '0.06em' }}>
            {urgency.words} · Disposition reached
          </Text>
          <Title order={2} size="h2" mt={2} c="inherit" data-testid="disposition-label">
            {d.label}
          </Title>
        </div>
        <SimpleGrid cols={{ base: 1, sm: 3 }} p="md" spacing="md">
          <Fact
            label="Timeframe"
            value={formatTimeframe(d.timeframeMinutes)}
            testId="disposition-timeframe"
          />
          <Fact label="Skillset" value={SKILLSET_LABELS[d.skillset]} />
          <Fact
            label="Code"
            value={`${d.code}${d.ambulanceCategory ? ` (${d.ambulanceCategory})` : ''}`}
            mono
          />
        </SimpleGrid>
        {outcome.raisedByRedFlags.length > 0 && (
          <Text size="sm" px="md" pb="md">
            Raised by a red flag above what the answers alone gave ({outcome.pathwayDispositionCode}).
          </Text>
        )}
      </Paper>
      {children}
      {outcome.redFlags.length > 0 && <RedFlags flags={outcome.redFlags} />}
      {outcome.warnings.length > 0 && (
        <Alert color="nhsAmber" variant="outline" py={6} title="Check before acting">
          <List size="sm" spacing={2}>
            {outcome.warnings.map((w) => (
              <List.Item key={`${w.code}:${w.message}`}>{w.message}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      <Paper withBorder p="md">
        <Title order={3} size="h4" mb="xs">
          Care advice to give the caller
        </Title>
        <List spacing={4} size="md" data-testid="care-advice">
          {advice.map((a) => (
            <List.Item key={a}>{a}</List.Item>
          ))}
        </List>
      </Paper>
      <Paper withBorder p="md" className="band band-red">
        <Title order={3} size="h4" mb="xs">
          If things get worse
        </Title>
        <List spacing={4} size="md" data-testid="worsening-advice">
          {d.worseningAdvice.map((a) => (
            <List.Item key={a}>{a}</List.Item>
          ))}
        </List>
      </Paper>
      {outcome.scores.news2 && (
        <Text size="sm">
          NEWS2 score {outcome.scores.news2.total} ({outcome.scores.news2.band})
        </Text>
      )}
      <Group gap="sm">
        <Button variant="outline" onClick={onBack} aria-keyshortcuts="B">
          <span className="answer-key" aria-hidden="true">
            B
          </span>
          Back to the last question
        </Button>
        <Button onClick={onNewTriage}>New triage</Button>
      </Group>
    </Stack>
  );
}

function Fact({
  label,
  value,
  mono,
  testId,
}: {
  label: string;
  value: string;
  mono?: boolean;
  testId?: string;
}) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text fw={700} fz="lg" className={mono ? 'mono' : undefined} data-testid={testId}>
        {value}
      </Text>
    </div>
  );
}
