/**
 * Call intake: who is calling, how to call them back, where the patient is, and what the
 * problem is, in that order (the order a call handler asks). The case is opened on the server
 * and the triage starts at once with the presenting complaint carried over. The call-back
 * number is checked by core before anything is sent: a wrong number is a missed call-back.
 */

import { CALLER_RELATIONSHIPS, CASE_CHANNELS, parseUkPhoneNumber } from '@lantern/core';
import {
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { ErrorAlert } from '../app/ErrorAlert.js';
import { ChosenPatientCard } from '../patients/ChosenPatientCard.js';
import { PatientTrace } from '../patients/PatientTrace.js';
import { type ChosenPatient, identifyPatientOnCase } from '../patients/patientApi.js';
import { KeyHint } from '../triage/AnswerControls.js';
import { EMPTY_START, useTriageDraft } from '../triage/TriageDraft.js';
import { CallTimer } from './CallTimer.js';
import { openCase } from './caseApi.js';
import { ageOf } from './time.js';

const RELATIONSHIP_LABELS: Record<(typeof CALLER_RELATIONSHIPS)[number], string> = {
  self: 'The patient',
  parent: 'Parent',
  guardian: 'Guardian',
  partner: 'Partner',
  relative: 'Relative',
  carer: 'Carer',
  friend: 'Friend',
  'care-home-staff': 'Care-home staff',
  'healthcare-professional': 'Healthcare professional',
  bystander: 'Bystander',
  other: 'Someone else',
};
const CHANNEL_LABELS: Record<(typeof CASE_CHANNELS)[number], string> = {
  'phone-111': 'NHS 111 call',
  'online-111': 'NHS 111 online',
  '999-transfer': 'Transferred from 999',
  'gp-referral': 'GP referral',
  'walk-in': 'Walk-in',
  other: 'Other',
};
// The service a call centre answers for rarely changes: remember it on this device.
const SERVICE_KEY = 'lantern.serviceId';

interface Form {
  callerName: string;
  relationship: string;
  relationshipDetail: string;
  callBackNumber: string;
  postcode: string;
  address: string;
  arrivedVia: string;
  serviceId: string;
  complaint: string;
}

export default function NewCallScreen() {
  const navigate = useNavigate();
  const { setStart, setSession, setBoundCase } = useTriageDraft();
  const [form, setForm] = useState<Form>(() => ({
    callerName: '',
    relationship: 'self',
    relationshipDetail: '',
    callBackNumber: '',
    postcode: '',
    address: '',
    arrivedVia: 'phone-111',
    serviceId: localStorage.getItem(SERVICE_KEY) ?? '',
    complaint: '',
  }));
  const [tried, setTried] = useState(false);
  // The call is answered when this screen opens; the case records that time (CaseOpened occurredAt).
  const [callStartedAt] = useState(() => Date.now());
  const [patient, setPatient] = useState<ChosenPatient | null>(null);
  const set = (patch: Partial<Form>) => setForm({ ...form, ...patch });
  const phone = form.callBackNumber.trim() ? parseUkPhoneNumber(form.callBackNumber) : null;
  const phoneError = phone && !phone.ok ? phone.message : null;

  const open = useMutation({
    mutationFn: () =>
      openCase({
        call: {
          callerName: form.callerName.trim(),
          relationshipToPatient: form.relationship,
          ...(form.relationship === 'other' && form.relationshipDetail.trim()
            ? { relationshipDetail: form.relationshipDetail.trim() }
            : {}),
          callBackNumber: form.callBackNumber.trim(),
        },
        location: {
          postcode: form.postcode.trim().toUpperCase(),
          ...(form.address.trim() ? { addressLines: form.address.trim().split(/\n+/).slice(0, 6) } : {}),
        },
        arrivedVia: form.arrivedVia,
        serviceId: form.serviceId.trim(),
        presentingComplaint: form.complaint.trim(),
        occurredAt: new Date(callStartedAt).toISOString(),
      }),
    onSuccess: async (result) => {
      localStorage.setItem(SERVICE_KEY, form.serviceId.trim());
      // Named on the case at once: its special notes and any repeat-caller flag show from here on.
      // If this fails the triage screen says so and offers the trace again.
      if (patient)
        await identifyPatientOnCase(result.case.caseId, patient).catch((err: unknown) =>
          notifications.show({
            color: 'nhsRed',
            title: 'The patient is not on the case yet',
            message: `${err instanceof Error ? err.message : String(err)} Find them again from the triage.`,
            autoClose: false,
          }),
        );
      setSession(null);
      setStart({ ...EMPTY_START, complaint: form.complaint.trim(), ...startFromPatient(patient) });
      setBoundCase({ caseId: result.case.caseId, reference: result.case.reference });
      navigate('/triage');
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    const missing =
      !form.callerName.trim() || !form.postcode.trim() || !form.serviceId.trim() || !form.complaint.trim();
    if (!missing && phone?.ok) open.mutate();
  };
  const required = (value: string, message: string) => (tried && !value.trim() ? message : null);

  return (
    <form onSubmit={submit} aria-label="New call">
      <Stack gap="md" maw={900}>
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <div>
            <Title order={1} size="h2">
              New call
            </Title>
            <Text c="dimmed" size="sm">
              Take the caller's details, find the patient, then go straight to triage. The case is recorded as
              soon as you continue.
            </Text>
          </div>
          <CallTimer since={callStartedAt} />
        </Group>
        <Paper withBorder p="md">
          <Stack gap="sm">
            <Text fw={700}>Caller</Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <TextInput
                label="Caller's name"
                required
                autoFocus
                value={form.callerName}
                onChange={(e) => set({ callerName: e.currentTarget.value })}
                error={required(form.callerName, "Enter the caller's name")}
                maxLength={200}
              />
              <Select
                label="Caller is"
                required
                data={CALLER_RELATIONSHIPS.map((r) => ({ value: r, label: RELATIONSHIP_LABELS[r] }))}
                value={form.relationship}
                onChange={(v) => set({ relationship: v ?? 'self' })}
                allowDeselect={false}
              />
              <TextInput
                label="Call-back number"
                description="Read it back to the caller"
                required
                inputMode="tel"
                autoComplete="off"
                value={form.callBackNumber}
                onChange={(e) => set({ callBackNumber: e.currentTarget.value })}
                error={phoneError ?? required(form.callBackNumber, 'Enter a call-back number')}
                maxLength={40}
              />
              {form.relationship === 'other' && (
                <TextInput
                  label="Relationship to the patient"
                  value={form.relationshipDetail}
                  onChange={(e) => set({ relationshipDetail: e.currentTarget.value })}
                  maxLength={200}
                />
              )}
            </SimpleGrid>
          </Stack>
        </Paper>
        <Paper withBorder p="md">
          <Stack gap="sm">
            <Text fw={700}>Patient</Text>
            {patient ? (
              <ChosenPatientCard patient={patient} onChange={() => setPatient(null)} />
            ) : (
              <PatientTrace
                onChoose={(p) => {
                  setPatient(p);
                  if (!form.postcode.trim() && p.postcode) set({ postcode: p.postcode });
                }}
              />
            )}
          </Stack>
        </Paper>
        <Paper withBorder p="md">
          <Stack gap="sm">
            <Text fw={700}>Where the patient is now</Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <Textarea
                label="Address"
                description="One line per row"
                autosize
                minRows={2}
                value={form.address}
                onChange={(e) => set({ address: e.currentTarget.value })}
              />
              <TextInput
                label="Postcode"
                required
                value={form.postcode}
                onChange={(e) => set({ postcode: e.currentTarget.value })}
                error={required(form.postcode, 'Enter the postcode')}
                maxLength={12}
                w={180}
              />
            </SimpleGrid>
          </Stack>
        </Paper>
        <Paper withBorder p="md">
          <Stack gap="sm">
            <TextInput
              label="What is the main problem?"
              description="In the caller's own words"
              required
              size="md"
              value={form.complaint}
              onChange={(e) => set({ complaint: e.currentTarget.value })}
              error={required(form.complaint, 'Enter the main problem')}
              maxLength={500}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <Select
                label="How the call came in"
                data={CASE_CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABELS[c] }))}
                value={form.arrivedVia}
                onChange={(v) => set({ arrivedVia: v ?? 'phone-111' })}
                allowDeselect={false}
              />
              <TextInput
                label="Service"
                description="The service this call is for (remembered on this computer)"
                required
                value={form.serviceId}
                onChange={(e) => set({ serviceId: e.currentTarget.value })}
                error={required(form.serviceId, 'Enter the service')}
                maxLength={200}
              />
            </SimpleGrid>
          </Stack>
        </Paper>
        <ErrorAlert error={open.error} title="The case was not opened" />
        <Group>
          <Button type="submit" size="md" loading={open.isPending} rightSection={<KeyHint k="Enter" />}>
            Open case and start triage
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The triage's age and sex from the patient chosen, so the call handler does not ask twice. */
function startFromPatient(p: ChosenPatient | null): Partial<typeof EMPTY_START> {
  if (!p) return {};
  const age = ageOf(p.birthDate);
  const sex =
    p.gender && ['female', 'male', 'other', 'unknown'].includes(p.gender)
      ? { sex: p.gender as 'female' }
      : {};
  return age.years >= 2
    ? { age: age.years, ageUnit: 'years', ...sex }
    : { age: Number.parseInt(age.words, 10), ageUnit: 'months', ...sex };
}
