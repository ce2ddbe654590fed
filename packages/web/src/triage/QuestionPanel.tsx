/** The question being asked now, with the red flags fired so far and the way back. */

import { type AnswerValue, type FiredRedFlag, getDisposition, type PendingQuestion } from '@lantern/core';
import { Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useEffect } from 'react';
import { AnswerControls } from './AnswerControls.js';

interface Props {
  pending: PendingQuestion;
  redFlags: readonly FiredRedFlag[];
  keysActive: boolean;
  onAnswer(value: AnswerValue): void;
  onBack: (() => void) | null;
}

export function QuestionPanel({ pending, redFlags, keysActive, onAnswer, onBack }: Props) {
  const q = pending.question;

  useEffect(() => {
    if (!keysActive || !onBack) return;
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
      {redFlags.length > 0 && <RedFlags flags={redFlags} />}
      <Paper
        withBorder
        p="lg"
        className={`band ${pending.stage === 'sieve' ? 'band-red' : 'band-grey'}`}
        data-testid="question"
        data-stage={pending.stage}
        data-question-id={q.id}
        data-question-type={q.type}
      >
        <Stack gap="md">
          <Group justify="space-between">
            <Group gap="xs">
              <Badge color={pending.stage === 'sieve' ? 'nhsRed.6' : 'nhsBlue.6'} radius="sm" size="md">
                {pending.stage === 'sieve' ? 'Life-threat check' : 'Protocol'}
              </Badge>
              <Text size="sm" c="dimmed">
                Question {pending.number}
              </Text>
            </Group>
            {onBack && (
              <Button variant="subtle" size="xs" onClick={onBack} aria-keyshortcuts="B">
                <span className="answer-key" aria-hidden="true">
                  B
                </span>
                Back
              </Button>
            )}
          </Group>
          <Text className="question-text" id="question-text" data-testid="question-text">
            {q.text}
          </Text>
          {q.help && (
            <Text size="sm" c="dimmed">
              {q.help}
            </Text>
          )}
          <AnswerControls question={q} onAnswer={onAnswer} keysActive={keysActive} />
        </Stack>
      </Paper>
    </Stack>
  );
}

export function RedFlags({ flags }: { flags: readonly FiredRedFlag[] }) {
  return (
    <Paper withBorder p="sm" role="alert" aria-label="Red flags" className="band band-red">
      <Text fw={700} c="nhsRed.7" mb={4}>
        Red flag{flags.length === 1 ? '' : 's'}
      </Text>
      <Stack gap={4}>
        {flags.map((f) => (
          <div key={f.id} className="red-flag" data-testid="red-flag">
            <Text size="sm" fw={700}>
              {f.label}
            </Text>
            <Text size="xs">At least: {getDisposition(f.atLeast).label}</Text>
          </div>
        ))}
      </Stack>
    </Paper>
  );
}
