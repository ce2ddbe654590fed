/**
 * Special patient notes in force, in full, most safety-critical first: safeguarding, then
 * DNACPR/ReSPECT, access, care plans. Each in its own colour with its label in words.
 */
import type { SpecialNote } from '@lantern/core';
import { Stack, Text } from '@mantine/core';
import { dayAndTime } from '../cases/time.js';
import './patients.css';

const ORDER: SpecialNote['kind'][] = ['safeguarding', 'dnacpr-respect', 'access', 'care-plan', 'other'];

export function SpecialNotes({ notes }: { notes: readonly SpecialNote[] }) {
  if (notes.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid="special-notes">
        No special notes.
      </Text>
    );
  const sorted = [...notes].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
  return (
    <Stack gap={6} data-testid="special-notes" aria-label="Special notes">
      {sorted.map((n) => (
        <div key={n.id} className={`special-note special-note-${n.kind}`} data-kind={n.kind}>
          <Text size="xs" fw={700} tt="uppercase" className="special-note-label">
            {n.label}
            <span className="special-note-date"> · added {dayAndTime(n.addedAt)}</span>
          </Text>
          <Text size="sm">{n.text}</Text>
        </div>
      ))}
    </Stack>
  );
}
