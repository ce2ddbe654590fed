/**
 * Starting a triage: the caller's words, the patient's age and sex, and the protocol. Core
 * suggests protocols from the words; the call handler confirms one (choosing the wrong
 * protocol is a logged hazard, so the suggestion is never applied silently out of sight).
 * The life-threat sieve always runs first, whatever is chosen.
 */

import { type Protocol, suggestProtocols, type TriagePatient } from '@lantern/core';
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  Radio,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { KeyHint } from './AnswerControls.js';
import type { StartDraft } from './TriageDraft.js';
import type { ProtocolLibrary } from './useProtocolLibrary.js';

interface Props {
  library: ProtocolLibrary;
  draft: StartDraft;
  onChange(d: StartDraft): void;
  onStart(protocol: Protocol, patient: TriagePatient, complaint: string): void;
}

export function patientOf(d: StartDraft): TriagePatient | null {
  if (d.age === '' || d.sex === '') return null;
  const ageYears = d.ageUnit === 'months' ? d.age / 12 : d.age;
  if (!(ageYears >= 0 && ageYears <= 130)) return null;
  return { ageYears, sex: d.sex, ...(d.pregnant ? { pregnant: true } : {}) };
}

function applies(p: Protocol, patient: TriagePatient | null): boolean {
  if (!patient) return true;
  const { from, below } = p.applicability.ageYears;
  const sexes = p.applicability.sex;
  return (
    patient.ageYears >= from &&
    (below === undefined || patient.ageYears < below) &&
    (sexes === 'any' || sexes.includes(patient.sex))
  );
}

export function StartTriageForm({ library, draft, onChange, onStart }: Props) {
  const [tried, setTried] = useState(false);
  const patient = patientOf(draft);
  const suggestions = suggestProtocols(library.protocols, draft.complaint, patient ?? undefined).slice(0, 5);
  const applicable = library.protocols.filter((p) => applies(p, patient));
  const chosenId = draft.protocolId ?? suggestions[0]?.protocolId ?? null;
  const chosen = applicable.find((p) => p.id === chosenId) ?? null;
  const mayBePregnant =
    draft.sex !== 'male' &&
    draft.sex !== '' &&
    patient !== null &&
    patient.ageYears >= 10 &&
    patient.ageYears < 60;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (patient && chosen && draft.complaint.trim()) onStart(chosen, patient, draft.complaint.trim());
  };
  const set = (patch: Partial<StartDraft>) => onChange({ ...draft, ...patch });

  return (
    <form onSubmit={submit} aria-label="Start a triage">
      <Stack gap="md" maw={900}>
        <div>
          <Title order={1} size="h2">
            Triage
          </Title>
          <Text c="dimmed" size="sm">
            Life-threat check first, then the presenting-complaint protocol, one question at a time.
          </Text>
        </div>
        <Paper withBorder p="md">
          <Stack gap="md">
            <TextInput
              label="What is the main problem?"
              description="In the caller's own words"
              placeholder="e.g. crushing chest pain since this morning"
              size="md"
              required
              autoFocus
              value={draft.complaint}
              onChange={(e) => set({ complaint: e.currentTarget.value, protocolId: null })}
              error={tried && !draft.complaint.trim() ? 'Enter the main problem' : null}
              maxLength={500}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <Group align="flex-end" gap="xs" wrap="nowrap">
                <NumberInput
                  label="Patient's age"
                  required
                  min={0}
                  max={draft.ageUnit === 'months' ? 36 : 130}
                  allowNegative={false}
                  allowDecimal={false}
                  value={draft.age}
                  onChange={(v) => set({ age: typeof v === 'number' ? v : '' })}
                  error={tried && draft.age === '' ? 'Enter an age' : null}
                  w={140}
                />
                <SegmentedControl
                  aria-label="Age unit"
                  value={draft.ageUnit}
                  onChange={(v) => set({ ageUnit: v as StartDraft['ageUnit'] })}
                  data={[
                    { value: 'years', label: 'Years' },
                    { value: 'months', label: 'Months' },
                  ]}
                />
              </Group>
              <Radio.Group
                label="Sex"
                required
                value={draft.sex}
                onChange={(v) => set({ sex: v as StartDraft['sex'], pregnant: false })}
                error={tried && draft.sex === '' ? 'Choose one' : null}
              >
                <Group gap="md" mt={6}>
                  <Radio value="female" label="Female" />
                  <Radio value="male" label="Male" />
                  <Radio value="other" label="Other" />
                  <Radio value="unknown" label="Not known" />
                </Group>
              </Radio.Group>
            </SimpleGrid>
            {mayBePregnant && (
              <Checkbox
                label="Pregnant, or gave birth in the last 6 weeks"
                checked={draft.pregnant}
                onChange={(e) => set({ pregnant: e.currentTarget.checked })}
              />
            )}
          </Stack>
        </Paper>
        <Paper withBorder p="md">
          <Stack gap="sm">
            <Text fw={700}>Protocol</Text>
            {suggestions.length > 0 ? (
              <Radio.Group
                aria-label="Suggested protocols"
                value={chosenId ?? ''}
                onChange={(v) => set({ protocolId: v })}
              >
                <Stack gap={6}>
                  {suggestions.map((s, i) => (
                    <Radio
                      key={s.protocolId}
                      value={s.protocolId}
                      label={
                        <Group gap="xs">
                          <span>{s.title}</span>
                          {i === 0 && (
                            <Badge size="sm" color="nhsBlue.6" radius="sm">
                              Best match
                            </Badge>
                          )}
                          <Text span size="xs" c="dimmed">
                            matched: {s.matchedKeywords.join(', ')}
                          </Text>
                        </Group>
                      }
                    />
                  ))}
                </Stack>
              </Radio.Group>
            ) : (
              <Text size="sm" c="dimmed">
                {draft.complaint.trim()
                  ? 'No protocol matches those words. Choose one from the list.'
                  : 'Suggestions appear as you type the problem.'}
              </Text>
            )}
            <Select
              label="Or choose any protocol"
              placeholder="Search protocols"
              searchable
              data={applicable.map((p) => ({ value: p.id, label: p.title }))}
              value={
                draft.protocolId && !suggestions.some((s) => s.protocolId === draft.protocolId)
                  ? draft.protocolId
                  : null
              }
              onChange={(v) => set({ protocolId: v })}
              nothingFoundMessage="No protocol of that name applies to this patient"
              maw={420}
              clearable
            />
            {tried && !chosen && (
              <Alert color="nhsRed" variant="outline" role="alert">
                Choose the protocol for this call.
              </Alert>
            )}
          </Stack>
        </Paper>
        <Group>
          <Button type="submit" size="md" rightSection={<KeyHint k="Enter" />}>
            {chosen ? `Start triage: ${chosen.title}` : 'Start triage'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
