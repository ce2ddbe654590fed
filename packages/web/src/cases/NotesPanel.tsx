/**
 * Consultation, handover and safeguarding notes: written here (Ctrl+Enter saves), shown at
 * once (optimistic), newest first with who wrote them. A safeguarding note stands out.
 */
import { NOTE_KINDS } from '@lantern/core';
import { Badge, Button, Group, Paper, SegmentedControl, Stack, Text, Textarea, Title } from '@mantine/core';
import { type FormEvent, type KeyboardEvent, useState } from 'react';
import { usePrincipal } from '../session/SessionProvider.js';
import type { CaseView } from './caseViewApi.js';
import { dayAndTime } from './time.js';
import type { useCaseCommand } from './useCaseCommand.js';

const KIND: Record<(typeof NOTE_KINDS)[number], string> = {
  consultation: 'Consultation',
  handover: 'Handover',
  safeguarding: 'Safeguarding',
};

export function NotesPanel({
  c,
  command,
  people,
}: {
  c: CaseView;
  command: ReturnType<typeof useCaseCommand> | null;
  people: Record<string, string>;
}) {
  const me = usePrincipal();
  const [text, setText] = useState('');
  const [kind, setKind] = useState<(typeof NOTE_KINDS)[number]>('consultation');
  const save = (e?: FormEvent) => {
    e?.preventDefault();
    const body = text.trim();
    if (!command || body === '') return;
    const typedKind = kind;
    // Cleared at once (the note shows in the list); put back if the server refuses it, so
    // nothing typed is ever lost.
    command.mutate(
      {
        path: 'notes',
        body: { text: body, kind },
        optimistic: { type: 'ConsultationNoteAdded', data: { text: body, kind, authorId: me.user.id } },
      },
      {
        onError: () => {
          setText((current) => (current.trim() === '' ? body : `${body}\n\n${current}`));
          setKind(typedKind);
        },
      },
    );
    setText('');
    setKind('consultation');
  };
  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) save();
  };
  const notes = [...c.notes].reverse();
  return (
    <Paper withBorder p="md" data-testid="notes">
      <Stack gap="xs">
        <Title order={2} size="h4">
          Notes{' '}
          {command && (
            <span className="key-chip" aria-hidden="true">
              N
            </span>
          )}
        </Title>
        {command && (
          <form onSubmit={save} aria-label="Add a note">
            <Stack gap="xs">
              <SegmentedControl
                aria-label="Kind of note"
                size="xs"
                value={kind}
                onChange={(v) => setKind(v as typeof kind)}
                data={NOTE_KINDS.map((k) => ({ value: k, label: KIND[k] }))}
                w="fit-content"
              />
              <Textarea
                id="case-note-text"
                label="Note"
                description="Ctrl+Enter saves"
                autosize
                minRows={3}
                maxRows={12}
                value={text}
                onChange={(e) => setText(e.currentTarget.value)}
                onKeyDown={onKey}
                maxLength={20_000}
              />
              <Group>
                <Button type="submit" size="sm" disabled={text.trim() === ''}>
                  Save the note
                </Button>
              </Group>
            </Stack>
          </form>
        )}
        {notes.length === 0 ? (
          <Text size="sm" c="dimmed">
            No notes yet.
          </Text>
        ) : (
          <Stack gap={6} data-testid="note-list">
            {notes.map((n, i) => (
              <div key={n.eventId ?? `${n.at}-${i}`} className={`case-note case-note-${n.kind}`}>
                <Group gap={6} justify="space-between" wrap="wrap">
                  <Badge
                    size="sm"
                    radius="sm"
                    tt="none"
                    variant="outline"
                    color={n.kind === 'safeguarding' ? 'nhsRed.7' : 'nhsBlue.7'}
                  >
                    {KIND[n.kind]}
                  </Badge>
                  <Text size="xs" c="dimmed">
                    {people[n.authorId] ?? (n.authorId === me.user.id ? me.user.displayName : 'a colleague')},{' '}
                    {dayAndTime(n.at)}
                  </Text>
                </Group>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} mt={2}>
                  {n.text}
                </Text>
              </div>
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
