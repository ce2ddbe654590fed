/**
 * Who the patient is, and what nobody may miss: special notes (safeguarding, DNACPR/ReSPECT,
 * access, care plans) first and in full, communication needs, and the repeat-caller warning.
 * The record comes from the patient index (GET /api/patients/:id, open while the case is open);
 * the case's own snapshot is shown when the record is closed to the user.
 */
import { formatNhsNumber, formatUkPhoneNumber, type SpecialNote } from '@lantern/core';
import { Alert, Badge, Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../api/client.js';
import { ErrorAlert } from '../app/ErrorAlert.js';
import type { CaseHistory, CaseView } from '../cases/caseViewApi.js';
import { ageOf, dayAndTime, formatDate } from '../cases/time.js';
import { PatientTrace } from './PatientTrace.js';
import {
  type ChosenPatient,
  getPatientRecord,
  identifyPatientOnCase,
  type PatientRecord,
} from './patientApi.js';
import { SpecialNotes } from './SpecialNotes.js';
import './patients.css';

const SEX: Record<string, string> = {
  female: 'Female',
  male: 'Male',
  other: 'Other',
  unknown: 'Sex not known',
};

export function PatientPanel({
  c,
  history,
  canIdentify,
}: {
  c: CaseView;
  history: CaseHistory | null;
  /** The user works this case and may name its patient (a call-back that finds out who it is). */
  canIdentify: boolean;
}) {
  const patient = c.patient;
  const record = useQuery({
    queryKey: ['patient', patient?.patientId],
    queryFn: () => getPatientRecord(patient?.patientId as string),
    enabled: patient !== null,
  });
  if (!patient)
    return (
      <Paper withBorder p="md" data-testid="case-patient">
        <Title order={2} size="h5" className="panel-title">
          Patient
        </Title>
        <Text fw={700}>Not identified {c.status === 'closed' ? 'on this case' : 'yet'}</Text>
        {canIdentify && <IdentifyHere caseId={c.caseId} />}
        <RepeatCaller c={c} history={history} />
      </Paper>
    );
  const r: PatientRecord | undefined = record.data;
  const dob = r?.demographics.birthDate ?? patient.dateOfBirth;
  const closedToMe = record.error instanceof ApiError && record.error.status === 403;
  const needs = r ? communicationNeeds(r) : [];
  return (
    <Paper withBorder p="md" data-testid="case-patient">
      <Stack gap="sm">
        <div>
          <Group justify="space-between" align="flex-start" gap="xs">
            <Title order={2} size="h3" data-testid="case-patient-name">
              {patient.displayName}
            </Title>
            <Badge
              color={patient.verified ? 'nhsGreen.7' : 'nhsGrey.7'}
              variant="outline"
              radius="sm"
              tt="none"
            >
              {patient.verified ? 'Verified on PDS' : 'Not PDS-verified'}
            </Badge>
          </Group>
          <Text size="sm">
            {dob ? `${formatDate(dob)} (${ageOf(dob).words})` : 'Date of birth not known'}
            {' · '}
            {SEX[r?.demographics.gender ?? patient.sex ?? 'unknown']}
          </Text>
          <Text size="sm">
            NHS number{' '}
            <strong className="mono">
              {patient.nhsNumber ? formatNhsNumber(patient.nhsNumber) : 'not known'}
            </strong>
          </Text>
          {r?.demographics.gpPracticeOds && (
            <Text size="sm" c="dimmed">
              GP practice {r.demographics.gpPracticeOds}
            </Text>
          )}
        </div>
        <Flags notes={r?.activeSpecialNotes ?? []} needs={needs} interpreter={r ? interpreter(r) : null} />
        {record.isPending && <Loader size="sm" aria-label="Loading the patient record" />}
        {closedToMe && (
          <Alert color="nhsGrey" variant="outline" py={6}>
            The patient's full record is closed to you now (no open case for them). The case's snapshot is
            shown.
          </Alert>
        )}
        {r && <SpecialNotes notes={r.activeSpecialNotes} />}
        {r && r.demographics.phones.length > 0 && (
          <Text size="sm">
            Patient's phone{r.demographics.phones.length > 1 ? 's' : ''}:{' '}
            {r.demographics.phones.map((p) => `${phoneText(p.number)} (${p.use})`).join(', ')}
          </Text>
        )}
        <RepeatCaller c={c} history={history} />
      </Stack>
    </Paper>
  );
}

function phoneText(number: string): string {
  return number.startsWith('+44')
    ? formatUkPhoneNumber(number as Parameters<typeof formatUkPhoneNumber>[0])
    : number;
}

function interpreter(r: PatientRecord): string | null {
  if (!r.demographics.interpreterRequired) return null;
  return `Interpreter: ${r.demographics.language ?? 'language not recorded'}`;
}

function communicationNeeds(r: PatientRecord): string[] {
  return r.demographics.communicationNeeds.map((n) =>
    n.kind === 'other' && n.detail ? n.detail : n.kind.replaceAll('-', ' '),
  );
}

const FLAG_ORDER: SpecialNote['kind'][] = ['safeguarding', 'dnacpr-respect', 'access', 'care-plan', 'other'];

function Flags({
  notes,
  needs,
  interpreter,
}: {
  notes: readonly SpecialNote[];
  needs: string[];
  interpreter: string | null;
}) {
  const kinds = FLAG_ORDER.filter((k) => notes.some((n) => n.kind === k));
  if (kinds.length === 0 && needs.length === 0 && !interpreter) return null;
  return (
    <Group gap={6} aria-label="Flags" data-testid="patient-flags">
      {kinds.map((k) => (
        <span key={k} className={`flag flag-${k}`}>
          {notes.find((n) => n.kind === k)?.label}
        </span>
      ))}
      {interpreter && <span className="flag flag-need">{interpreter}</span>}
      {needs.map((n) => (
        <span key={n} className="flag flag-need">
          {n}
        </span>
      ))}
    </Group>
  );
}

function RepeatCaller({ c, history }: { c: CaseView; history: CaseHistory | null }) {
  const flag = c.flags.repeatCaller;
  const prior = history?.priorCases ?? [];
  if (!flag && prior.length === 0) return null;
  return (
    <Alert
      color={flag ? 'nhsAmber' : 'nhsBlue'}
      variant="outline"
      py={8}
      title={
        flag
          ? `Repeat caller: contact ${flag.priorCaseIds.length + 1} in ${flag.windowHours} hours`
          : 'Earlier contacts'
      }
      data-testid="repeat-caller"
    >
      {flag && (
        <Text size="sm" mb={4}>
          Three contacts in four days is a warning sign on its own: review the earlier calls before deciding.
        </Text>
      )}
      <Stack gap={2}>
        {prior.slice(0, 5).map((p) => (
          <Text size="sm" key={p.caseId}>
            <Link to={`/cases/${p.caseId}`} className="text-link mono">
              {p.reference}
            </Link>{' '}
            {dayAndTime(p.openedAt)}: {p.presentingComplaint ?? 'no complaint recorded'}
            {p.dispositionCode ? ` → ${p.dispositionCode}` : ''}
            {p.outcome ? ` (${p.outcome.replaceAll('-', ' ')})` : ''}
          </Text>
        ))}
      </Stack>
    </Alert>
  );
}

/** Tracing the patient from the case screen; their special notes show as soon as they are named. */
function IdentifyHere({ caseId }: { caseId: string }) {
  const queryClient = useQueryClient();
  const [tracing, setTracing] = useState(false);
  const identify = useMutation({
    mutationFn: (p: ChosenPatient) => identifyPatientOnCase(caseId, p),
    onSuccess: () => {
      setTracing(false);
      void queryClient.invalidateQueries({ queryKey: ['case', caseId] });
      void queryClient.invalidateQueries({ queryKey: ['case-history', caseId] });
    },
  });
  return (
    <Stack gap="xs" mt="xs">
      {tracing ? (
        <PatientTrace onChoose={(p) => identify.mutate(p)} />
      ) : (
        <Button size="compact-sm" variant="outline" w="fit-content" onClick={() => setTracing(true)}>
          Find the patient
        </Button>
      )}
      <ErrorAlert error={identify.error} title="The patient was not recorded on the case" />
    </Stack>
  );
}
