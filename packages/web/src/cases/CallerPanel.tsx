/** Who called, how to call them back, where the patient is, and the problem in the caller's words. */
import { formatUkPhoneNumber } from '@lantern/core';
import { Paper, Stack, Text, Title } from '@mantine/core';
import type { CaseView } from './caseViewApi.js';
import { dayAndTime } from './time.js';

const RELATIONSHIP: Record<string, string> = {
  self: 'the patient',
  parent: 'parent',
  guardian: 'guardian',
  partner: 'partner',
  relative: 'relative',
  carer: 'carer',
  friend: 'friend',
  'care-home-staff': 'care-home staff',
  'healthcare-professional': 'healthcare professional',
  bystander: 'bystander',
  other: 'someone else',
};
const CHANNEL: Record<string, string> = {
  'phone-111': 'NHS 111 call',
  'online-111': 'NHS 111 online',
  '999-transfer': 'transfer from 999',
  'gp-referral': 'GP referral',
  'walk-in': 'walk-in',
  other: 'another route',
};

export function CallerPanel({ c }: { c: CaseView }) {
  const relation = c.caller.relationshipDetail ?? RELATIONSHIP[c.caller.relationshipToPatient] ?? '';
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <div>
          <Title order={2} size="h5" className="panel-title">
            Presenting complaint
          </Title>
          <Text fz="md" fw={700} data-testid="case-complaint">
            {c.presentingComplaint ? `“${c.presentingComplaint.text}”` : 'Not recorded yet'}
          </Text>
        </div>
        <div>
          <Title order={2} size="h5" className="panel-title">
            Caller
          </Title>
          <Text size="sm">
            <strong>{c.caller.name}</strong> ({relation})
          </Text>
          <Text size="sm">
            Call back on{' '}
            <a className="text-link mono" href={`tel:${c.caller.callBackNumber}`}>
              {formatUkPhoneNumber(c.caller.callBackNumber)}
            </a>
          </Text>
          <Text size="xs" c="dimmed">
            {CHANNEL[c.arrivedVia] ?? c.arrivedVia}, {dayAndTime(c.openedAt)}
          </Text>
        </div>
        <div>
          <Title order={2} size="h5" className="panel-title">
            Where the patient is
          </Title>
          {c.location.addressLines.map((line) => (
            <Text size="sm" key={line}>
              {line}
            </Text>
          ))}
          <Text size="sm" fw={700} className="mono">
            {c.location.postcode}
          </Text>
          {c.location.notes && (
            <Text size="sm" mt={4} className="access-note">
              Access: {c.location.notes}
            </Text>
          )}
        </div>
      </Stack>
    </Paper>
  );
}
