/**
 * NEWS2 on the case: the readings as the caller or clinician gives them, scored as they are
 * typed (core's calculateNews2 in the browser: no keystroke waits on the network), the band in
 * its colour with the clinical response, then recorded as observations the server scores again.
 * Earlier sets are listed so a deterioration between call-backs is plain to see.
 */
import {
  buildObservationsRecorded,
  CONSCIOUSNESS_LEVELS,
  calculateNews2,
  type News2Readings,
  type News2Result,
  news2Applicability,
  news2ClinicalResponse,
  OBSERVATION_SOURCES,
} from '@lantern/core';
import {
  Alert,
  Button,
  Group,
  NumberInput,
  Paper,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import type { CaseView } from './caseViewApi.js';
import { ageOf, dayAndTime } from './time.js';
import type { useCaseCommand } from './useCaseCommand.js';

type NumericKey =
  | 'respiratoryRate'
  | 'oxygenSaturation'
  | 'systolicBloodPressure'
  | 'pulseRate'
  | 'temperature';
const NUMERIC: { key: NumericKey; label: string; unit: string; decimals?: number }[] = [
  { key: 'respiratoryRate', label: 'Resp. rate', unit: '/min' },
  { key: 'oxygenSaturation', label: 'SpO2', unit: '%' },
  { key: 'systolicBloodPressure', label: 'Systolic BP', unit: 'mmHg' },
  { key: 'pulseRate', label: 'Pulse', unit: '/min' },
  { key: 'temperature', label: 'Temp.', unit: '°C', decimals: 1 },
];
const CONSCIOUSNESS: Record<(typeof CONSCIOUSNESS_LEVELS)[number], string> = {
  alert: 'Alert',
  'new-confusion': 'New confusion',
  voice: 'Responds to voice',
  pain: 'Responds to pain',
  unresponsive: 'Unresponsive',
};
const SOURCE: Record<(typeof OBSERVATION_SOURCES)[number], string> = {
  clinician: 'Taken by me',
  'patient-or-carer': 'Patient or carer (home kit)',
  'care-home': 'Care home staff',
  'ambulance-crew': 'Ambulance crew',
  other: 'Someone else',
};
export const NEWS2_BAND: Record<News2Result['band'], { band: string; words: string }> = {
  high: { band: 'red', words: 'High' },
  medium: { band: 'amber', words: 'Medium' },
  'low-medium': { band: 'amber', words: 'Low–medium (a single 3)' },
  low: { band: 'green', words: 'Low' },
};

interface Draft {
  /** As typed: a number, or the text of one being typed ("38." on the way to 38.6). */
  numbers: Record<NumericKey, number | string>;
  spo2Scale: '1' | '2';
  supplementalOxygen: 'air' | 'oxygen';
  consciousness: (typeof CONSCIOUSNESS_LEVELS)[number];
  source: (typeof OBSERVATION_SOURCES)[number];
}
const EMPTY: Draft = {
  numbers: {
    respiratoryRate: '',
    oxygenSaturation: '',
    systolicBloodPressure: '',
    pulseRate: '',
    temperature: '',
  },
  spo2Scale: '1',
  supplementalOxygen: 'air',
  consciousness: 'alert',
  source: 'patient-or-carer',
};

function readingsOf(d: Draft): News2Readings | null {
  const numbers = {} as Record<NumericKey, number>;
  for (const [key, value] of Object.entries(d.numbers) as [NumericKey, number | string][]) {
    const n = typeof value === 'number' ? value : value.trim() === '' ? Number.NaN : Number(value);
    if (!Number.isFinite(n)) return null;
    numbers[key] = n;
  }
  return {
    ...numbers,
    spo2Scale: d.spo2Scale === '2' ? 2 : 1,
    supplementalOxygen: d.supplementalOxygen === 'oxygen',
    consciousness: d.consciousness,
  };
}

function score(readings: News2Readings | null): { result: News2Result | null; problem: string | null } {
  if (!readings) return { result: null, problem: null };
  try {
    return { result: calculateNews2(readings), problem: null };
  } catch (err) {
    const details = (err as { details?: { path?: string; message: string }[] }).details ?? [];
    return { result: null, problem: details.map((x) => `${x.path}: ${x.message}`).join('; ') || String(err) };
  }
}

export function News2Panel({
  c,
  command,
  open,
  onOpen,
}: {
  c: CaseView;
  /** Null when the case is only read here: the readings recorded are listed. */
  command: ReturnType<typeof useCaseCommand> | null;
  /** The readings form is folded away until asked for (W), so the case screen stays short. */
  open: boolean;
  onOpen(open: boolean): void;
}) {
  const [draft, setDraft] = useState<Draft>(EMPTY);
  useEffect(() => {
    if (open) document.getElementById('news2-first')?.focus();
  }, [open]);
  const readings = readingsOf(draft);
  const { result, problem } = score(readings);
  const dob = c.patient?.dateOfBirth ?? null;
  const applicable = dob ? news2Applicability({ ageYears: ageOf(dob).years }) : null;
  const setNumber = (key: NumericKey, value: number | string) =>
    setDraft({ ...draft, numbers: { ...draft.numbers, [key]: value } });

  const record = (e: FormEvent) => {
    e.preventDefault();
    if (!command || !readings || !result) return;
    const takenAt = new Date().toISOString();
    const typed = draft;
    command.mutate(
      {
        path: 'observations',
        body: { observations: readings, takenAt, source: draft.source },
        optimistic: {
          type: 'ObservationsRecorded',
          data: buildObservationsRecorded({ observations: readings, takenAt, source: draft.source }),
        },
      },
      // Refused: the readings come back into the form, so none has to be asked for again.
      {
        onError: () => {
          setDraft(typed);
          onOpen(true);
        },
      },
    );
    setDraft({ ...EMPTY, source: draft.source });
    onOpen(false);
  };
  const band = result ? NEWS2_BAND[result.band] : null;
  const response = result ? news2ClinicalResponse(result.band) : null;

  return (
    <Paper withBorder p="md" data-testid="news2">
      <form onSubmit={record} aria-label="NEWS2 observations">
        <Stack gap="xs">
          <Group justify="space-between" gap="xs">
            <Title order={2} size="h4">
              NEWS2 observations{' '}
              {command && (
                <span className="key-chip" aria-hidden="true">
                  W
                </span>
              )}
            </Title>
            {command && !open && (
              <Button size="compact-sm" variant="outline" onClick={() => onOpen(true)} aria-keyshortcuts="W">
                Enter readings
              </Button>
            )}
            {open && (
              <Select
                aria-label="Who took the readings"
                size="xs"
                w={230}
                allowDeselect={false}
                value={draft.source}
                onChange={(v) => setDraft({ ...draft, source: (v ?? 'clinician') as Draft['source'] })}
                data={OBSERVATION_SOURCES.map((s) => ({ value: s, label: SOURCE[s] }))}
              />
            )}
          </Group>
          {command && open && (
            <>
              {applicable && !applicable.applicable && (
                <Alert color="nhsAmber" variant="outline" py={6}>
                  {applicable.reason}: use clinical judgement and the single-reading red flags.
                </Alert>
              )}
              <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="xs" verticalSpacing="xs">
                {NUMERIC.map((f, i) => (
                  <NumberInput
                    key={f.key}
                    id={i === 0 ? 'news2-first' : undefined}
                    label={`${f.label} ${f.unit}`}
                    value={draft.numbers[f.key]}
                    onChange={(v) => setNumber(f.key, v)}
                    decimalScale={f.decimals ?? 0}
                    hideControls
                    inputMode="decimal"
                    rightSection={result ? <SubScore value={result.subscores[f.key]} /> : null}
                  />
                ))}
                <Select
                  label="ACVPU"
                  allowDeselect={false}
                  value={draft.consciousness}
                  onChange={(v) =>
                    setDraft({ ...draft, consciousness: (v ?? 'alert') as Draft['consciousness'] })
                  }
                  data={CONSCIOUSNESS_LEVELS.map((l) => ({ value: l, label: CONSCIOUSNESS[l] }))}
                />
              </SimpleGrid>
              <Group gap="xl" wrap="wrap">
                <Radio.Group
                  label="Breathing"
                  value={draft.supplementalOxygen}
                  onChange={(v) =>
                    setDraft({ ...draft, supplementalOxygen: v as Draft['supplementalOxygen'] })
                  }
                >
                  <Group gap="md" mt={4}>
                    <Radio value="air" label="Air" />
                    <Radio value="oxygen" label="Oxygen" />
                  </Group>
                </Radio.Group>
                <Radio.Group
                  label="SpO2 scale"
                  value={draft.spo2Scale}
                  onChange={(v) => setDraft({ ...draft, spo2Scale: v as Draft['spo2Scale'] })}
                >
                  <Group gap="md" mt={4}>
                    <Radio value="1" label="Scale 1" />
                    <Radio value="2" label="Scale 2 (target 88–92%)" />
                  </Group>
                </Radio.Group>
              </Group>
              {problem && (
                <Text size="sm" c="nhsRed.7" role="alert">
                  {problem}
                </Text>
              )}
              {result && band && response && (
                <div
                  className={`news2-result band band-${band.band}`}
                  data-testid="news2-result"
                  data-band={band.band}
                  role="status"
                >
                  <Text fw={700} fz="lg">
                    NEWS2 {result.total} · {band.words}
                  </Text>
                  <Text size="sm" fw={700}>
                    {response.trigger}
                  </Text>
                  <Text size="sm">{response.action}</Text>
                </div>
              )}
              <Group>
                <Button type="submit" size="sm" disabled={!result}>
                  Record the observations
                </Button>
                <Button size="sm" variant="subtle" onClick={() => onOpen(false)}>
                  Cancel
                </Button>
                {!readings && (
                  <Text size="xs" c="dimmed">
                    Enter all five readings to score.
                  </Text>
                )}
              </Group>
            </>
          )}
          <EarlierSets c={c} />
        </Stack>
      </form>
    </Paper>
  );
}

function SubScore({ value }: { value: number }) {
  return (
    <span className={`subscore subscore-${value}`} title={`scores ${value}`}>
      {value}
      <span className="visually-hidden"> points</span>
    </span>
  );
}

function EarlierSets({ c }: { c: CaseView }) {
  if (c.observations.length === 0) return null;
  const sets = [...c.observations].reverse();
  return (
    <Stack gap={2} data-testid="news2-history" aria-label="Observations recorded, latest first">
      {sets.map((o, i) => {
        const b = NEWS2_BAND[o.news2.band];
        const r = o.observations;
        return (
          <Text
            size="sm"
            key={o.eventId ?? `${o.recordedAt}-${i}`}
            className={`obs-line band band-${b.band}`}
          >
            <strong>
              {dayAndTime(o.takenAt)} NEWS2 {o.news2.total} ({b.words.toLowerCase()})
            </strong>{' '}
            RR {r.respiratoryRate}, SpO2 {r.oxygenSaturation}%{r.supplementalOxygen ? ' on O2' : ''}, BP{' '}
            {r.systolicBloodPressure}, HR {r.pulseRate}, {CONSCIOUSNESS[r.consciousness].toLowerCase()},{' '}
            {r.temperature}°C
          </Text>
        );
      })}
    </Stack>
  );
}
