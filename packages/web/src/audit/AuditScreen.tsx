/**
 * The audit log, read as FHIR AuditEvent resources (GET /fhir/R4/AuditEvent). Filters live
 * in the address, so a search can be bookmarked or handed to a colleague; the log itself can
 * never be changed from here or anywhere else.
 */
import {
  Badge,
  Button,
  Group,
  Loader,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, query } from '../api/client.js';
import { ErrorAlert } from '../app/ErrorAlert.js';
import { type AuditBundle, describeAuditEvent } from './auditEvent.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Midnight at the start of a calendar day in the browser's time zone (UK time on shift). */
function startOfDay(date: string, plusDays = 0): string {
  const d = new Date(`${date}T00:00:00`);
  d.setDate(d.getDate() + plusDays);
  return d.toISOString();
}

export default function AuditScreen() {
  const [params, setParams] = useSearchParams();
  const applied = {
    patient: params.get('patient') ?? '',
    user: params.get('user') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
  };

  const url = `/fhir/R4/AuditEvent${query({
    patient: applied.patient || undefined,
    agent: applied.user || undefined,
    date: [
      applied.from ? `ge${startOfDay(applied.from)}` : '',
      applied.to ? `lt${startOfDay(applied.to, 1)}` : '',
    ],
    _count: '200',
  })}`;
  const events = useQuery({ queryKey: ['audit', url], queryFn: () => api.get<AuditBundle>(url) });
  const rows = (events.data?.entry ?? []).map((e) => describeAuditEvent(e.resource));

  const apply = (next: Filters) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(next)) if (v) p.set(k, v);
    setParams(p);
  };

  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">
          Audit log
        </Title>
        <Text c="dimmed" size="sm">
          Every sign-in, every record opened and every change, newest first. Entries are hash-chained and
          cannot be edited.
        </Text>
      </div>
      <AuditFilters key={params.toString()} applied={applied} onApply={apply} />
      <ErrorAlert error={events.error} title="The audit log could not be searched" />
      {events.isPending ? (
        <Loader aria-label="Searching the audit log" />
      ) : (
        <Text size="sm" aria-live="polite" data-testid="audit-count">
          {rows.length === 0
            ? 'No entries match.'
            : `${rows.length} entr${rows.length === 1 ? 'y' : 'ies'}${rows.length === 200 ? ' (the newest 200; narrow the search for older ones)' : ''}`}
        </Text>
      )}
      {rows.length > 0 && (
        <Table
          className="dense-table"
          striped
          highlightOnHover
          withTableBorder
          verticalSpacing={4}
          stickyHeader
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>Who</Table.Th>
              <Table.Th>Action</Table.Th>
              <Table.Th>Outcome</Table.Th>
              <Table.Th>Patient</Table.Th>
              <Table.Th>Record</Table.Th>
              <Table.Th>From</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td className="mono" style={{ whiteSpace: 'nowrap' }}>
                  {r.recorded}
                </Table.Td>
                <Table.Td>
                  {r.userId ? (
                    <UnstyledButton
                      className="link-button"
                      onClick={() => apply({ ...applied, user: r.userId ?? '' })}
                      title="Show only this user's entries"
                    >
                      {r.who}
                    </UnstyledButton>
                  ) : (
                    r.who
                  )}
                  {r.role && (
                    <Text size="xs" c="dimmed">
                      {r.role}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td className="mono">{r.action}</Table.Td>
                <Table.Td>
                  <Badge
                    color={
                      r.outcome === 'success'
                        ? 'nhsGreen.6'
                        : r.outcome === 'denied'
                          ? 'nhsRed.6'
                          : 'nhsGrey.6'
                    }
                    radius="sm"
                  >
                    {r.outcome}
                  </Badge>
                </Table.Td>
                <Table.Td className="mono">
                  {r.patientId ? (
                    <UnstyledButton
                      className="link-button"
                      onClick={() => apply({ ...applied, patient: r.patientId ?? '' })}
                      title="Show only this patient's entries"
                    >
                      {r.patientId.slice(0, 8)}…
                    </UnstyledButton>
                  ) : (
                    ''
                  )}
                </Table.Td>
                <Table.Td className="mono">{r.record}</Table.Td>
                <Table.Td className="mono">{r.sourceIp}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

interface Filters {
  patient: string;
  user: string;
  from: string;
  to: string;
}

/** The filter form; remounted (by key) whenever the address changes, so it always shows it. */
function AuditFilters({ applied, onApply }: { applied: Filters; onApply(f: Filters): void }) {
  const [draft, setDraft] = useState(applied);
  const invalid = {
    patient:
      draft.patient && !UUID.test(draft.patient.replace(/^Patient\//, '')) ? 'A patient id (UUID)' : null,
    user:
      draft.user && !UUID.test(draft.user)
        ? 'A user id (UUID): choose a user in the results to fill it'
        : null,
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!invalid.patient && !invalid.user) onApply(draft);
  };
  return (
    <Paper withBorder p="sm">
      <form onSubmit={submit} aria-label="Filter the audit log">
        <Group align="flex-end" gap="sm">
          <TextInput
            label="Patient id"
            value={draft.patient}
            onChange={(e) => setDraft({ ...draft, patient: e.currentTarget.value })}
            error={invalid.patient}
            w={300}
            spellCheck={false}
          />
          <TextInput
            label="User id"
            value={draft.user}
            onChange={(e) => setDraft({ ...draft, user: e.currentTarget.value })}
            error={invalid.user}
            w={300}
            spellCheck={false}
          />
          <TextInput
            type="date"
            label="From"
            value={draft.from}
            onChange={(e) => setDraft({ ...draft, from: e.currentTarget.value })}
          />
          <TextInput
            type="date"
            label="To"
            value={draft.to}
            onChange={(e) => setDraft({ ...draft, to: e.currentTarget.value })}
          />
          <Button type="submit">Search</Button>
          <Button variant="subtle" onClick={() => onApply({ patient: '', user: '', from: '', to: '' })}>
            Clear
          </Button>
        </Group>
      </form>
    </Paper>
  );
}
