/**
 * Puts the triage done in this console on its case: the server replays it through the same
 * engine and records the disposition, which starts the breach timer; then the case can go to
 * the clinical queue. If the two engines ever disagreed the console says so and stops.
 */

import type { TriageSession } from '@lantern/core';
import { Alert, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../app/ErrorAlert.js';
import type { BoundCase } from '../triage/TriageDraft.js';
import { recordTriageOnCase } from './caseApi.js';
import { NextActions } from './NextActions.js';

export function RecordOnCase({
  boundCase,
  session,
  dispositionCode,
}: {
  boundCase: BoundCase;
  session: TriageSession;
  dispositionCode: string;
}) {
  // A changed answer after recording is a new triage on the same case: it can be recorded again.
  const [recordedSession, setRecordedSession] = useState<TriageSession | null>(null);
  const record = useMutation({
    mutationFn: (s: TriageSession) => recordTriageOnCase(boundCase.caseId, s),
    onSuccess: (_result, s) => setRecordedSession(s),
  });
  const recorded = record.data;
  const recordedThis = recordedSession === session && recorded !== undefined;
  const mismatch = recordedThis && recorded.dispositionCode !== dispositionCode;

  return (
    <Paper withBorder p="md" data-testid="record-on-case">
      <Stack gap="sm">
        <Text fw={700}>Case {boundCase.reference}</Text>
        {!recordedThis && (
          <Group>
            <Button onClick={() => record.mutate(session)} loading={record.isPending}>
              Record this disposition on the case
            </Button>
          </Group>
        )}
        <ErrorAlert error={record.error} title="The triage was not recorded on the case" />
        {recordedThis && !mismatch && (
          <Alert color="nhsGreen" variant="outline" title="Recorded on the case" role="status">
            {recorded.case?.breachAt
              ? `The breach timer is running: act by ${new Date(recorded.case.breachAt).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}.`
              : 'This disposition has no breach time.'}
          </Alert>
        )}
        {mismatch && (
          <Alert
            color="nhsRed"
            variant="outline"
            title="The server reached a different disposition"
            role="alert"
          >
            The server recorded {recorded?.dispositionCode ?? 'nothing'}, this console shows {dispositionCode}
            . Escalate to a clinician and report this as a clinical safety incident.
          </Alert>
        )}
        {recordedThis && !mismatch && recorded.case && <NextActions summary={recorded.case} />}
      </Stack>
    </Paper>
  );
}
