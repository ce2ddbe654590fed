/**
 * What has been asked and answered so far, in order, each answer changeable. Changing an
 * earlier answer re-walks the protocol from there (core's changeAnswer): later answers still
 * on the new path are kept, the rest are dropped, as if the call had gone that way.
 */

import type { AnswerValue, Question, TranscriptEntry, TriageSession } from '@lantern/core';
import { Button, Group, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { AnswerControls } from './AnswerControls.js';

interface Props {
  session: TriageSession;
  transcript: readonly TranscriptEntry[];
  editing: string | null;
  onEdit(questionId: string | null): void;
  onChange(questionId: string, value: AnswerValue): void;
}

function questionOf(session: TriageSession, id: string): Question | undefined {
  return (
    session.sieve.questions.find((q) => q.id === id) ?? session.protocol.questions.find((q) => q.id === id)
  );
}

export function TranscriptPanel({ session, transcript, editing, onEdit, onChange }: Props) {
  const editingQuestion = editing ? questionOf(session, editing) : undefined;
  const current = session.answers.find((a) => a.questionId === editing)?.value;
  // A sieve passed with no red flag is one line, so the protocol's answers stay in view.
  const [showSieve, setShowSieve] = useState(false);
  const sieve = transcript.filter((t) => t.stage === 'sieve');
  const sieveCount = sieve.length;
  const folded = !showSieve && sieveCount < transcript.length && sieve.every((t) => t.redFlags.length === 0);
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="xs">
        Answers so far
      </Title>
      {transcript.length === 0 ? (
        <Text size="sm" c="dimmed">
          None yet.
        </Text>
      ) : (
        <Stack
          gap={0}
          component="ol"
          className="transcript"
          aria-label="Answers so far"
          data-testid="transcript"
        >
          {folded && (
            <li className="transcript-row">
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Text size="sm">
                  <strong>Life-threat check:</strong> no life threat found ({sieveCount} questions)
                </Text>
                <Button
                  size="compact-sm"
                  variant="subtle"
                  style={{ flexShrink: 0 }}
                  onClick={() => setShowSieve(true)}
                  aria-expanded={false}
                >
                  Show
                </Button>
              </Group>
            </li>
          )}
          {transcript.map((t, i) =>
            folded && t.stage === 'sieve' ? null : (
              <TranscriptRow
                key={t.questionId}
                entry={t}
                number={i + 1}
                protocolTitle={session.protocol.title}
                onEdit={() => onEdit(t.questionId)}
              />
            ),
          )}
        </Stack>
      )}
      <Modal
        opened={editingQuestion !== undefined}
        onClose={() => onEdit(null)}
        title="Change an answer"
        size="lg"
      >
        {editingQuestion && (
          <Stack gap="md">
            <Text className="question-text">{editingQuestion.text}</Text>
            <Text size="sm" c="dimmed">
              Later answers that no longer apply will be dropped, and the questions that follow asked again.
            </Text>
            <AnswerControls
              question={editingQuestion}
              current={current}
              keysActive
              onAnswer={(value) => {
                onChange(editingQuestion.id, value);
                onEdit(null);
              }}
            />
          </Stack>
        )}
      </Modal>
    </Paper>
  );
}

function TranscriptRow({
  entry: t,
  number,
  protocolTitle,
  onEdit,
}: {
  entry: TranscriptEntry;
  number: number;
  protocolTitle: string;
  onEdit(): void;
}) {
  return (
    <li className="transcript-row" data-redflag={t.redFlags.length > 0 ? 'true' : 'false'}>
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
        <div>
          <Text size="xs" c="dimmed">
            {number}. {t.stage === 'sieve' ? 'Life-threat check' : protocolTitle}
          </Text>
          <Text size="sm">{t.questionText}</Text>
          <Text size="sm" fw={700}>
            {t.answerText}
            {t.redFlags.length > 0 && (
              <Text span c="nhsRed.7" fw={700} size="sm">
                {' '}
                · red flag
              </Text>
            )}
          </Text>
        </div>
        <Button
          size="compact-sm"
          variant="subtle"
          style={{ flexShrink: 0 }}
          onClick={onEdit}
          aria-label={`Change the answer to question ${number}`}
        >
          Change
        </Button>
      </Group>
    </li>
  );
}
