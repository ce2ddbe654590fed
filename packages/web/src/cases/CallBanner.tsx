/**
 * Above a triage bound to a case: the call timer (from when the call was answered), who the
 * patient is, and what must be read before going on: special notes in full, safeguarding and
 * access flags, the repeat-caller warning. A patient not yet identified can be traced here.
 */
import { formatNhsNumber } from '@lantern/core';
import { Alert, Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../app/ErrorAlert.js';
import { PatientTrace } from '../patients/PatientTrace.js';
import { getPatientRecord, identifyPatientOnCase } from '../patients/patientApi.js';
import { SpecialNotes } from '../patients/SpecialNotes.js';
import { CallTimer } from './CallTimer.js';
import { getCase } from './caseViewApi.js';
import { ageOf, formatDate } from './time.js';
import { caseKey } from './useCaseCommand.js';
import './call.css';

export function CallBanner({ caseId }: { caseId: string }) {
  const queryClient = useQueryClient();
  const c = useQuery({ queryKey: caseKey(caseId), queryFn: () => getCase(caseId) });
  const patientId = c.data?.patient?.patientId;
  const record = useQuery({
    queryKey: ['patient', patientId],
    queryFn: () => getPatientRecord(patientId as string),
    enabled: patientId !== undefined,
  });
  const [tracing, setTracing] = useState(false);
  const identify = useMutation({
    mutationFn: (p: Parameters<typeof identifyPatientOnCase>[1]) => identifyPatientOnCase(caseId, p),
    onSuccess: () => {
      setTracing(false);
      void queryClient.invalidateQueries({ queryKey: caseKey(caseId) });
    },
  });
  if (!c.data) return null;
  const p = c.data.patient;
  const flag = c.data.flags.repeatCaller;
  return (
    <Paper withBorder px="md" py="xs" className="call-banner" data-testid="call-banner">
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="sm">
          <Group gap="md" wrap="wrap">
            <CallTimer since={Date.parse(c.data.openedAt)} />
            {p ? (
              <Text size="sm" data-testid="banner-patient">
                <strong>{p.displayName}</strong>
                {p.dateOfBirth ? `, ${formatDate(p.dateOfBirth)} (${ageOf(p.dateOfBirth).words})` : ''}
                {p.nhsNumber ? (
                  <>
                    {' · NHS '}
                    <span className="mono">{formatNhsNumber(p.nhsNumber)}</span>
                  </>
                ) : null}
              </Text>
            ) : (
              <Text size="sm" fw={700}>
                Patient not identified yet
              </Text>
            )}
            {flag && (
              <Badge color="nhsAmber.9" radius="sm" tt="none" size="lg" data-testid="banner-repeat-caller">
                Repeat caller: contact {flag.priorCaseIds.length + 1} in {flag.windowHours} hours
              </Badge>
            )}
          </Group>
          {!p && !tracing && (
            <Button size="compact-sm" variant="outline" onClick={() => setTracing(true)}>
              Find the patient
            </Button>
          )}
        </Group>
        {tracing && <PatientTrace onChoose={(chosen) => identify.mutate(chosen)} />}
        <ErrorAlert error={identify.error} title="The patient was not recorded on the case" />
        {record.data && record.data.activeSpecialNotes.length > 0 && (
          <SpecialNotes notes={record.data.activeSpecialNotes} />
        )}
        {flag && (
          <Alert color="nhsAmber" variant="outline" py={6}>
            This patient has called {flag.priorCaseIds.length} time{flag.priorCaseIds.length === 1 ? '' : 's'}{' '}
            before in {flag.windowHours} hours. Consider a clinician's review whatever the triage gives.
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
