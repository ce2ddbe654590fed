/**
 * Finishing a case: what happened for the patient (the outcome, needed before closing), then
 * close it, or transfer it to another service (which closes it); a closed case can be reopened
 * with a reason. Decisions are sent with the version seen, so a case changed meanwhile is
 * refused and explained rather than closed on a stale view.
 */
import { CASE_OUTCOMES, TRANSFER_METHODS } from '@lantern/core';
import {
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type { CaseView } from './caseViewApi.js';
import { dayAndTime } from './time.js';
import type { useCaseCommand } from './useCaseCommand.js';

export const OUTCOME_LABELS: Record<(typeof CASE_OUTCOMES)[number], string> = {
  'advice-given': 'Advice given',
  referred: 'Referred to another service',
  'ambulance-dispatched': 'Ambulance dispatched',
  'appointment-booked': 'Appointment booked',
  'prescription-issued': 'Prescription issued',
  'no-contact': 'No contact made',
  other: 'Other',
};
const METHOD: Record<(typeof TRANSFER_METHODS)[number], string> = {
  bars: 'BaRS (electronic)',
  itk: 'ITK (electronic)',
  'warm-transfer': 'Warm transfer (call)',
  phone: 'Phone',
  'secure-email': 'Secure email',
  other: 'Other',
};

type Command = ReturnType<typeof useCaseCommand>;

export function CaseOutcomePanel({ c, command }: { c: CaseView; command: Command }) {
  const [mode, setMode] = useState<'close' | 'transfer'>('close');
  if (c.status === 'closed') return <Reopen c={c} command={command} />;
  return (
    <Paper withBorder p="md" data-testid="case-outcome">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Outcome{' '}
          <span className="key-chip" aria-hidden="true">
            O
          </span>
        </Title>
        <RecordOutcome c={c} command={command} />
        <SegmentedControl
          aria-label="Then"
          size="xs"
          w="fit-content"
          value={mode}
          onChange={(v) => setMode(v as typeof mode)}
          data={[
            { value: 'close', label: 'Close the case' },
            { value: 'transfer', label: 'Transfer to another service' },
          ]}
        />
        {mode === 'close' ? <Close c={c} command={command} /> : <Transfer c={c} command={command} />}
      </Stack>
    </Paper>
  );
}

function RecordOutcome({ c, command }: { c: CaseView; command: Command }) {
  const [outcome, setOutcome] = useState<string | null>(null);
  const [summary, setSummary] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!outcome || !summary.trim()) return;
    const data = { outcome, summary: summary.trim() };
    command.mutate(
      { path: 'outcome', body: data, optimistic: { type: 'CaseOutcomeRecorded', data } },
      { onError: () => setSummary(data.summary) },
    );
    setSummary('');
  };
  return (
    <form onSubmit={submit} aria-label="Record the outcome">
      <Stack gap="xs">
        {c.outcome && (
          <Text size="sm" data-testid="current-outcome">
            Recorded {dayAndTime(c.outcome.at)}: <strong>{OUTCOME_LABELS[c.outcome.outcome]}</strong>,{' '}
            {c.outcome.summary}
          </Text>
        )}
        <Group align="flex-end" gap="xs" wrap="wrap">
          <Select
            id="case-outcome-first"
            label={c.outcome ? 'Change the outcome' : 'What happened for the patient'}
            placeholder="Type or choose"
            searchable
            w={260}
            value={outcome}
            onChange={setOutcome}
            data={CASE_OUTCOMES.map((o) => ({ value: o, label: OUTCOME_LABELS[o] }))}
          />
          <TextInput
            label="Summary"
            style={{ flex: 1, minWidth: 200 }}
            value={summary}
            onChange={(e) => setSummary(e.currentTarget.value)}
            maxLength={2000}
          />
          <Button type="submit" size="sm" disabled={!outcome || !summary.trim()}>
            Record outcome
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Close({ c, command }: { c: CaseView; command: Command }) {
  const [reason, setReason] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const r = reason.trim() || (c.outcome ? OUTCOME_LABELS[c.outcome.outcome] : '');
    if (!c.outcome || !r) return;
    command.mutate({
      path: 'close',
      body: { reason: r },
      expectedVersion: c.version,
      optimistic: { type: 'CaseClosed', data: { reason: r } },
    });
  };
  return (
    <form onSubmit={submit} aria-label="Close the case">
      <Group align="flex-end" gap="xs" wrap="wrap">
        <TextInput
          label="Reason for closing"
          description={c.outcome ? 'Default: the outcome' : 'Record an outcome first'}
          style={{ flex: 1, minWidth: 200 }}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          disabled={!c.outcome}
          maxLength={2000}
        />
        <Button type="submit" size="sm" color="nhsGreen.7" disabled={!c.outcome}>
          Close the case
        </Button>
      </Group>
    </form>
  );
}

function Transfer({ c, command }: { c: CaseView; command: Command }) {
  const [form, setForm] = useState({ toService: '', toServiceName: '', method: 'bars', reason: '' });
  const ready = form.toService.trim() && form.reason.trim();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    const data = {
      toService: form.toService.trim(),
      ...(form.toServiceName.trim() ? { toServiceName: form.toServiceName.trim() } : {}),
      method: form.method,
      reason: form.reason.trim(),
    };
    command.mutate({
      path: 'transfer',
      body: data,
      expectedVersion: c.version,
      optimistic: { type: 'CaseTransferred', data },
    });
  };
  return (
    <form onSubmit={submit} aria-label="Transfer the case">
      <Stack gap="xs">
        <Group gap="xs" wrap="wrap" grow>
          <TextInput
            label="Service (ODS or directory id)"
            value={form.toService}
            onChange={(e) => setForm({ ...form, toService: e.currentTarget.value })}
            maxLength={200}
          />
          <TextInput
            label="Service name"
            value={form.toServiceName}
            onChange={(e) => setForm({ ...form, toServiceName: e.currentTarget.value })}
            maxLength={200}
          />
          <Select
            label="How"
            allowDeselect={false}
            value={form.method}
            onChange={(v) => setForm({ ...form, method: v ?? 'bars' })}
            data={TRANSFER_METHODS.map((m) => ({ value: m, label: METHOD[m] }))}
          />
        </Group>
        <Textarea
          label="Reason"
          autosize
          minRows={1}
          value={form.reason}
          onChange={(e) => setForm({ ...form, reason: e.currentTarget.value })}
          maxLength={2000}
        />
        <Group>
          <Button type="submit" size="sm" disabled={!ready}>
            Transfer and close
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Reopen({ c, command }: { c: CaseView; command: Command }) {
  const [reason, setReason] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) return;
    command.mutate({
      path: 'reopen',
      body: { reason: reason.trim() },
      expectedVersion: c.version,
      optimistic: { type: 'CaseReopened', data: { reason: reason.trim() } },
    });
    setReason('');
  };
  const closure = c.closure;
  return (
    <Paper withBorder p="md" data-testid="case-outcome">
      <form onSubmit={submit} aria-label="Reopen the case">
        <Stack gap="xs">
          <Title order={2} size="h4">
            {closure?.kind === 'transferred' ? 'Transferred' : 'Closed'}
          </Title>
          {closure && (
            <Text size="sm" data-testid="closure">
              {dayAndTime(closure.at)}: {closure.reason}
              {closure.transfer
                ? ` (to ${closure.transfer.toServiceName ?? closure.transfer.toService})`
                : ''}
            </Text>
          )}
          {c.outcome && (
            <Text size="sm">
              Outcome: <strong>{OUTCOME_LABELS[c.outcome.outcome]}</strong>, {c.outcome.summary}
            </Text>
          )}
          <Group align="flex-end" gap="xs" wrap="wrap">
            <TextInput
              id="case-outcome-first"
              label="Reason to reopen"
              style={{ flex: 1, minWidth: 200 }}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              maxLength={2000}
            />
            <Button type="submit" size="sm" variant="outline" disabled={!reason.trim()}>
              Reopen the case
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
