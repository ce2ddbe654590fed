/** The privacy officer's list: break-glass access to records and locked accounts, newest first. */
import { Alert, Badge, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../api/client.js';
import { ErrorAlert } from '../app/ErrorAlert.js';

interface PrivacyAlert {
  id: string;
  kind: string;
  userId: string | null;
  patientId: string | null;
  reason: string;
  createdAt: string;
}

const KIND_LABEL: Record<string, string> = {
  'account-locked': 'Account locked',
  'break-glass': 'Break-glass access',
};

export default function PrivacyAlertsScreen() {
  const alerts = useQuery({
    queryKey: ['privacy-alerts'],
    queryFn: () => api.get<PrivacyAlert[]>('/api/privacy-alerts'),
    refetchInterval: 60_000,
  });
  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">
          Privacy alerts
        </Title>
        <Text c="dimmed" size="sm">
          Access that needs a privacy officer's review: records opened without a care relationship
          (break-glass, with the reason given) and accounts locked after repeated failed sign-ins.
        </Text>
      </div>
      <ErrorAlert error={alerts.error} title="Privacy alerts could not be loaded" />
      {alerts.isPending && <Loader aria-label="Loading privacy alerts" />}
      {alerts.data?.length === 0 && (
        <Alert color="nhsGreen" variant="outline" title="Nothing to review">
          No break-glass access and no locked accounts.
        </Alert>
      )}
      {alerts.data && alerts.data.length > 0 && (
        <Table className="dense-table" striped withTableBorder verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>Alert</Table.Th>
              <Table.Th>User</Table.Th>
              <Table.Th>Patient</Table.Th>
              <Table.Th>Reason</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {alerts.data.map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td className="mono" style={{ whiteSpace: 'nowrap' }}>
                  {new Date(a.createdAt).toLocaleString('en-GB')}
                </Table.Td>
                <Table.Td>
                  <Badge color={a.kind === 'break-glass' ? 'nhsRed.6' : 'nhsGrey.6'} radius="sm">
                    {KIND_LABEL[a.kind] ?? a.kind}
                  </Badge>
                </Table.Td>
                <Table.Td className="mono">
                  {a.userId && (
                    <Link to={`/audit?user=${a.userId}`} title="This user's audit trail">
                      {a.userId}
                    </Link>
                  )}
                </Table.Td>
                <Table.Td className="mono">
                  {a.patientId && (
                    <Link to={`/audit?patient=${a.patientId}`} title="This patient's audit trail">
                      {a.patientId}
                    </Link>
                  )}
                </Table.Td>
                <Table.Td>{a.reason}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
