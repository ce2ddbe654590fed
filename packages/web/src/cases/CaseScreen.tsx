/**
 * The clinician's case screen (/cases/:id): the whole case at once, for working it on a
 * call-back. Left, who the patient is and what must not be missed (special notes, safeguarding
 * and access flags, repeat caller), the caller and where the patient is; middle, the
 * disposition with its breach countdown and the work (call-backs, notes, NEWS2, outcome);
 * right, the history as the record tells it.
 *
 * Keyboard first: T take, R release, C call-back, N note, W NEWS2 observations, O outcome,
 * D override the disposition, H history (letters act when not typing). Commands are optimistic
 * (useCaseCommand) and a conflict is explained with a refresh (CaseProblem). The case reloads
 * live when a colleague changes it.
 */
import { Alert, Button, Grid, Group, Loader, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ApiError } from '../api/client.js';
import { ErrorAlert } from '../app/ErrorAlert.js';
import { PatientPanel } from '../patients/PatientPanel.js';
import { can } from '../session/principal.js';
import { usePrincipal } from '../session/SessionProvider.js';
import { CallBacksPanel } from './CallBacksPanel.js';
import { CallerPanel } from './CallerPanel.js';
import { CaseHeader } from './CaseHeader.js';
import { CaseOutcomePanel } from './CaseOutcomePanel.js';
import { CaseProblem } from './CaseProblem.js';
import { getCase, getCaseHistory } from './caseViewApi.js';
import { DispositionBand } from './DispositionBand.js';
import { HistoryPanel } from './HistoryPanel.js';
import { News2Panel } from './News2Panel.js';
import { NotesPanel } from './NotesPanel.js';
import { OverrideDialog } from './OverrideDialog.js';
import { caseKey, historyKey, useCaseCommand } from './useCaseCommand.js';
import { useCaseStream } from './useCaseStream.js';
import { focusById, useScreenKeys } from './useScreenKeys.js';
import './case.css';

export default function CaseScreen() {
  const { id = '' } = useParams();
  const me = usePrincipal();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const caseQuery = useQuery({ queryKey: caseKey(id), queryFn: () => getCase(id) });
  const historyQuery = useQuery({ queryKey: historyKey(id), queryFn: () => getCaseHistory(id) });
  const command = useCaseCommand(id);
  const [overriding, setOverriding] = useState(false);
  const [news2Open, setNews2Open] = useState(false);

  const reload = () => {
    void queryClient.invalidateQueries({ queryKey: caseKey(id) });
    void queryClient.invalidateQueries({ queryKey: historyKey(id) });
  };
  const live = useCaseStream((change) => {
    if (change.caseId === id && change.version > (caseQuery.data?.version ?? 0)) reload();
  }, reload);

  const c = caseQuery.data;
  const people = historyQuery.data?.people ?? {};
  const mine = c?.assignedTo === me.user.id;
  const canUpdate = can(me, 'case:update');
  const canAssign = can(me, 'case:assign');
  const closed = c?.status === 'closed';
  // Work on a case in a queue starts by taking it, so two clinicians never work one case.
  const working =
    c !== undefined && canUpdate && !closed && (mine || c.status === 'open' || c.status === 'triaged');

  const take = () => {
    if (!c || !canAssign || c.status !== 'queued') return;
    // No pinned version: the server checks the rule on the case as it is, so a colleague who took
    // it a moment before is named ("already assigned to …") rather than a bare version conflict.
    command.mutate({
      path: 'take',
      body: {},
      optimistic: { type: 'CaseAssigned', data: { clinicianId: me.user.id } },
    });
  };
  const release = (reason?: string) => {
    if (!c || !canAssign || c.status !== 'assigned') return;
    command.mutate({
      path: 'release',
      body: reason ? { reason } : {},
      expectedVersion: c.version,
      optimistic: {
        type: 'CaseReleased',
        data: { clinicianId: c.assignedTo, ...(reason ? { reason } : {}) },
      },
    });
  };

  useScreenKeys(
    {
      t: take,
      r: () => mine && release(),
      c: () => focusById('call-back-first'),
      n: () => focusById('case-note-text'),
      w: () => (news2Open ? focusById('news2-first') : setNews2Open(true)),
      o: () => focusById('case-outcome-first'),
      d: () => working && can(me, 'disposition:override') && c?.disposition && setOverriding(true),
      h: () => focusById('case-history'),
    },
    c !== undefined,
  );

  if (caseQuery.isPending) return <Loader m="xl" aria-label="Loading the case" />;
  if (caseQuery.error || !c) {
    const missing = caseQuery.error instanceof ApiError && caseQuery.error.status === 404;
    return missing ? (
      <Alert color="nhsGrey" variant="outline" title="No such case here" maw={640}>
        It may belong to another organisation, or the address is mistyped. Open cases from the queue.
      </Alert>
    ) : (
      <ErrorAlert error={caseQuery.error} title="The case could not be loaded" />
    );
  }

  return (
    <Stack gap="sm" data-testid="case-screen" data-case-status={c.status}>
      <CaseHeader
        c={c}
        people={people}
        live={live}
        canAssign={canAssign}
        mine={mine}
        pending={command.isPending}
        onTake={take}
        onRelease={release}
        onBack={() => navigate('/queue')}
      />
      <CaseProblem
        error={command.error}
        people={people}
        onRefresh={() => {
          command.reset();
          reload();
        }}
      />
      <Grid gap="sm">
        <Grid.Col span={{ base: 12, md: 6, xl: 4 }}>
          <Stack gap="sm">
            <PatientPanel c={c} history={historyQuery.data ?? null} canIdentify={working} />
            <CallerPanel c={c} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6, xl: 5 }}>
          <Stack gap="sm">
            <DispositionBand
              c={c}
              people={people}
              canOverride={can(me, 'disposition:override') && working}
              onOverride={() => setOverriding(true)}
            />
            {!working && (
              <ReadOnlyReason
                c={c}
                mine={mine}
                canUpdate={canUpdate}
                canAssign={canAssign}
                people={people}
                onTake={take}
              />
            )}
            {working && (
              <>
                <CallBacksPanel c={c} command={command} />
                <NotesPanel c={c} command={command} people={people} />
                <News2Panel c={c} command={command} open={news2Open} onOpen={setNews2Open} />
              </>
            )}
            {(working || (closed && canUpdate)) && <CaseOutcomePanel c={c} command={command} />}
            {!working && c.callBacks.length > 0 && <CallBacksPanel c={c} command={null} />}
            {!working && c.observations.length > 0 && (
              <News2Panel c={c} command={null} open={false} onOpen={() => undefined} />
            )}
            {!working && c.notes.length > 0 && <NotesPanel c={c} command={null} people={people} />}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, xl: 3 }}>
          <HistoryPanel history={historyQuery.data ?? null} error={historyQuery.error} />
        </Grid.Col>
      </Grid>
      {overriding && c.disposition && (
        <OverrideDialog c={c} command={command} onClose={() => setOverriding(false)} />
      )}
    </Stack>
  );
}

function ReadOnlyReason({
  c,
  mine,
  canUpdate,
  canAssign,
  people,
  onTake,
}: {
  c: { status: string; assignedTo: string | null };
  mine: boolean;
  canUpdate: boolean;
  canAssign: boolean;
  people: Record<string, string>;
  onTake(): void;
}) {
  if (c.status === 'closed' || mine) return null;
  if (c.status === 'queued')
    return (
      <Alert color="nhsBlue" variant="outline" title="Waiting in the queue" data-testid="take-prompt">
        <Group justify="space-between" gap="sm">
          <Text size="sm">Take the case to work it: call-backs, notes, observations and the outcome.</Text>
          {canAssign && (
            <Button size="sm" onClick={onTake} aria-keyshortcuts="T">
              <span className="answer-key" aria-hidden="true">
                T
              </span>
              Take this case
            </Button>
          )}
        </Group>
      </Alert>
    );
  if (c.status === 'assigned')
    return (
      <Alert
        color="nhsGrey"
        variant="outline"
        title={`Held by ${people[c.assignedTo ?? ''] ?? 'a colleague'}`}
      >
        <Text size="sm">
          Only the clinician holding a case works it, so nothing is done twice.
          {canAssign ? ' You can release it back to the queue, with a reason.' : ''}
        </Text>
      </Alert>
    );
  return canUpdate ? null : (
    <Alert color="nhsGrey" variant="outline" title="Read only">
      <Text size="sm">Your role can read this case but not work it.</Text>
    </Alert>
  );
}
