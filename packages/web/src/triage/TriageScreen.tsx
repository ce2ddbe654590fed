/**
 * The call handler's triage runner, entirely on core's engine in the browser: no server is
 * needed once the protocols are loaded, so a triage in progress survives a network outage or
 * a session timeout. Every step goes through core (answer, back, changeAnswer, outcome), and
 * an answer the engine refuses is shown with its reason, never coerced.
 */

import {
  type AnswerValue,
  answer,
  back,
  changeAnswer,
  type Protocol,
  startTriage,
  type TriagePatient,
  type TriageSession,
  triageState,
} from '@lantern/core';
import { Alert, Badge, Button, Grid, Group, Loader, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '../app/ErrorAlert.js';
import { CallBanner } from '../cases/CallBanner.js';
import { RecordOnCase } from '../cases/RecordOnCase.js';
import { OutcomePanel } from './OutcomePanel.js';
import { QuestionPanel } from './QuestionPanel.js';
import { StartTriageForm } from './StartTriageForm.js';
import { TranscriptPanel } from './TranscriptPanel.js';
import { EMPTY_START, useTriageDraft } from './TriageDraft.js';
import { useProtocolLibrary } from './useProtocolLibrary.js';

export default function TriageScreen() {
  const library = useProtocolLibrary();
  const { start, setStart, session, setSession, boundCase, setBoundCase } = useTriageDraft();
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState<string | null>(null);

  // Every engine call is pure; a refusal leaves the session exactly as it was.
  const apply = (step: () => TriageSession) => {
    try {
      setSession(step());
      setError(null);
    } catch (err) {
      setError(err);
    }
  };

  if (library.isPending) return <Loader m="xl" aria-label="Loading the protocol library" />;
  if (library.error)
    return <ErrorAlert error={library.error} title="The protocol library could not be loaded" />;

  if (!session) {
    return (
      <Stack gap="md">
        {boundCase && <CallBanner caseId={boundCase.caseId} />}
        <StartTriageForm
          library={library.data}
          draft={start}
          onChange={setStart}
          onStart={(protocol: Protocol, patient: TriagePatient, complaint: string) =>
            apply(() =>
              startTriage({
                protocol,
                sieve: library.data.sieve,
                patient,
                presentingComplaint: complaint,
                asOf: new Date().toISOString().slice(0, 10),
              }),
            )
          }
        />
        <ErrorAlert error={error} title="The triage could not start" />
      </Stack>
    );
  }

  const state = triageState(session);
  const restart = () => {
    setSession(null);
    setStart(EMPTY_START);
    setBoundCase(null);
    setError(null);
  };
  const transcript = state.status === 'finished' ? state.outcome.transcript : state.transcript;

  return (
    <Stack gap="md">
      {boundCase && <CallBanner caseId={boundCase.caseId} />}
      <PatientBar session={session} caseReference={boundCase?.reference ?? null} onRestart={restart} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            {state.status === 'in-progress' ? (
              <QuestionPanel
                key={state.question.question.id}
                pending={state.question}
                redFlags={state.redFlags}
                keysActive={editing === null}
                onAnswer={(value: AnswerValue) =>
                  apply(() => answer(session, state.question.question.id, value))
                }
                onBack={session.answers.length > 0 ? () => apply(() => back(session)) : null}
              />
            ) : (
              <OutcomePanel
                outcome={state.outcome}
                keysActive={editing === null}
                onBack={() => apply(() => back(session))}
                onNewTriage={restart}
              >
                {boundCase && (
                  <RecordOnCase
                    boundCase={boundCase}
                    session={session}
                    dispositionCode={state.outcome.disposition.code}
                  />
                )}
              </OutcomePanel>
            )}
            <ErrorAlert error={error} title="That answer was not accepted" />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <TranscriptPanel
            session={session}
            transcript={transcript}
            editing={editing}
            onEdit={setEditing}
            onChange={(questionId, value) => apply(() => changeAnswer(session, questionId, value))}
          />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function PatientBar({
  session,
  caseReference,
  onRestart,
}: {
  session: TriageSession;
  caseReference: string | null;
  onRestart(): void;
}) {
  const p = session.patient;
  const age = p.ageYears < 2 ? `${Math.round(p.ageYears * 12)} months` : `${Math.floor(p.ageYears)} years`;
  const sex = { female: 'Female', male: 'Male', other: 'Other', unknown: 'Sex not known' }[p.sex];
  return (
    <Paper withBorder px="md" py="xs">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="lg" wrap="wrap">
          {caseReference && (
            <Badge variant="outline" color="nhsBlue.8" radius="sm" size="lg" tt="none" className="mono">
              {caseReference}
            </Badge>
          )}
          <Text fw={700} data-testid="triage-patient">
            {sex}, {age}
            {p.pregnant ? ', pregnant' : ''}
          </Text>
          <Text>“{session.presentingComplaint}”</Text>
          <Text c="dimmed" size="sm">
            {session.protocol.title} v{session.protocol.version}
          </Text>
        </Group>
        <Button variant="outline" size="xs" onClick={onRestart}>
          New triage
        </Button>
      </Group>
      {session.protocol.status === 'draft' && (
        <Alert color="nhsAmber" variant="outline" mt="xs" py={6}>
          This protocol is a draft awaiting clinical safety sign-off. Use clinical judgement and escalate to a
          clinician if in doubt.
        </Alert>
      )}
    </Paper>
  );
}
