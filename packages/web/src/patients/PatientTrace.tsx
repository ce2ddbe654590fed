/**
 * Finding the patient during the call: by NHS number (checked as it is typed, with the reason
 * when it is not a valid one, by core's parseNhsNumber), or by family name with date of birth,
 * given name or postcode. Matches show what tells two people apart (date of birth, postcode,
 * NHS number) and how many special notes they have; a patient the trace does not find can be
 * registered from what was typed. Choosing one is what lets the case name them.
 */
import { formatNhsNumber, type NhsNumber, parseDateOfBirth, parseNhsNumber, ukToday } from '@lantern/core';
import { Badge, Button, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type KeyboardEvent, useState } from 'react';
import { ErrorAlert } from '../app/ErrorAlert.js';
import { ageOf, formatDate } from '../cases/time.js';
import {
  type ChosenPatient,
  registerPatient,
  type TraceMatch,
  type TraceQuery,
  tracePatients,
} from './patientApi.js';

interface SearchForm {
  nhsNumber: string;
  family: string;
  given: string;
  birthDate: string;
  postcode: string;
  gender: string;
}
const EMPTY: SearchForm = { nhsNumber: '', family: '', given: '', birthDate: '', postcode: '', gender: '' };

/** "14/03/1954" or "14-03-1954" as people say it, to the ISO date the API takes. */
function isoDate(typed: string): string {
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(typed.trim());
  return m
    ? `${m[3]}-${(m[2] as string).padStart(2, '0')}-${(m[1] as string).padStart(2, '0')}`
    : typed.trim();
}

/** The live verdict on an NHS number as typed: nothing until it could be complete. */
export function nhsNumberVerdict(typed: string): { ok: boolean; message: string } | null {
  const digits = typed.replace(/[\s-]/g, '');
  if (digits === '') return null;
  const result = parseNhsNumber(typed);
  if (result.ok) return { ok: true, message: `Valid NHS number: ${formatNhsNumber(result.value)}` };
  // While fewer than ten digits are typed, a length complaint is noise, not help.
  if (result.reason === 'length' && /^\d+$/.test(digits) && digits.length < 10) return null;
  return { ok: false, message: result.message };
}

export function matchToChosen(m: TraceMatch & { patientId: string }): ChosenPatient {
  return {
    patientId: m.patientId,
    nhsNumber: m.nhsNumber,
    givenName: m.name.given[0] ?? null,
    familyName: m.name.family,
    birthDate: m.birthDate,
    postcode: m.postcode,
    specialNoteCount: m.specialNoteCount,
  };
}

export function PatientTrace({ onChoose }: { onChoose(p: ChosenPatient): void }) {
  const [form, setForm] = useState<SearchForm>(EMPTY);
  const set = (patch: Partial<SearchForm>) => setForm({ ...form, ...patch });
  const nhs = nhsNumberVerdict(form.nhsNumber);
  const byNumber = form.nhsNumber.trim() !== '';
  const dob = form.birthDate.trim() ? parseDateOfBirth(isoDate(form.birthDate), ukToday(new Date())) : null;

  const query = (): TraceQuery =>
    byNumber
      ? { nhsNumber: form.nhsNumber.trim() }
      : {
          family: form.family.trim(),
          given: form.given.trim(),
          birthDate: form.birthDate.trim() ? isoDate(form.birthDate) : '',
          postcode: form.postcode.trim(),
        };
  const trace = useMutation({ mutationFn: () => tracePatients(query()) });
  const register = useMutation({
    mutationFn: () =>
      registerPatient({
        name: { given: form.given.trim() ? [form.given.trim()] : [], family: form.family.trim() },
        birthDate: isoDate(form.birthDate),
        gender: form.gender as 'female' | 'male' | 'other' | 'unknown',
        ...(form.postcode.trim() ? { address: { postcode: form.postcode.trim() } } : {}),
      }),
    onSuccess: (r) =>
      onChoose({
        patientId: r.patientId,
        nhsNumber: r.demographics.nhsNumber ?? null,
        givenName: r.demographics.name.given[0] ?? null,
        familyName: r.demographics.name.family,
        birthDate: r.demographics.birthDate,
        gender: r.demographics.gender,
        postcode: r.demographics.address?.postcode ?? null,
        specialNoteCount: 0,
      }),
  });
  const canSearch = byNumber
    ? nhs?.ok === true
    : form.family.trim() !== '' && (dob?.ok || form.given.trim() || form.postcode.trim());
  const search = () => {
    if (canSearch) trace.mutate();
  };
  const onEnter = (e: KeyboardEvent) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      search();
    }
  };
  const matches = trace.data?.matches ?? [];
  const canRegister = !byNumber && form.family.trim() !== '' && dob?.ok === true && form.gender !== '';

  return (
    <Stack gap="sm" data-testid="patient-trace">
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <TextInput
          label="NHS number"
          description="10 digits; checked as you type"
          inputMode="numeric"
          autoComplete="off"
          value={form.nhsNumber}
          onChange={(e) => set({ nhsNumber: e.currentTarget.value })}
          onKeyDown={onEnter}
          error={nhs && !nhs.ok ? nhs.message : null}
          maxLength={20}
          data-testid="nhs-number"
        />
        <Text
          size="sm"
          pt={28}
          c={nhs?.ok ? 'nhsGreen.8' : 'dimmed'}
          fw={nhs?.ok ? 700 : 400}
          role="status"
          data-testid="nhs-number-verdict"
        >
          {nhs?.ok ? `✓ ${nhs.message}` : byNumber ? '' : 'Or search by name and date of birth:'}
        </Text>
      </SimpleGrid>
      {!byNumber && (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
          <TextInput
            label="Family name"
            value={form.family}
            onChange={(e) => set({ family: e.currentTarget.value })}
            onKeyDown={onEnter}
            maxLength={100}
          />
          <TextInput
            label="Given name"
            value={form.given}
            onChange={(e) => set({ given: e.currentTarget.value })}
            onKeyDown={onEnter}
            maxLength={100}
          />
          <TextInput
            label="Date of birth"
            placeholder="DD/MM/YYYY"
            value={form.birthDate}
            onChange={(e) => set({ birthDate: e.currentTarget.value })}
            onKeyDown={onEnter}
            error={dob && !dob.ok && form.birthDate.trim().length >= 8 ? dob.message : null}
            maxLength={12}
          />
          <TextInput
            label="Home postcode"
            value={form.postcode}
            onChange={(e) => set({ postcode: e.currentTarget.value })}
            onKeyDown={onEnter}
            maxLength={12}
          />
        </SimpleGrid>
      )}
      <Group gap="sm">
        <Button variant="outline" onClick={search} disabled={!canSearch} loading={trace.isPending}>
          Find the patient
        </Button>
        {trace.data && (
          <Text size="sm" role="status">
            {matches.length === 0
              ? 'No match in the patient index.'
              : `${matches.length} match${matches.length === 1 ? '' : 'es'}, best first`}
          </Text>
        )}
      </Group>
      <ErrorAlert error={trace.error} title="The search did not run" />
      {matches.length > 0 && (
        <Stack gap={6} role="list" aria-label="Matches">
          {matches.slice(0, 8).map((m) => (
            <Paper
              key={m.patientId ?? `${m.nhsNumber}-${m.birthDate}`}
              withBorder
              px="sm"
              py={6}
              role="listitem"
              className="trace-match"
            >
              <Group justify="space-between" wrap="wrap" gap="xs">
                <div>
                  <Text fw={700} size="sm" component="div">
                    {[...m.name.given, m.name.family].join(' ')}
                    {m.specialNoteCount > 0 && (
                      <Badge ml={8} size="sm" radius="sm" color="nhsRed.7" tt="none">
                        {m.specialNoteCount} special note{m.specialNoteCount === 1 ? '' : 's'}
                      </Badge>
                    )}
                  </Text>
                  <Text size="xs">
                    Born {formatDate(m.birthDate)} ({ageOf(m.birthDate).words}) ·{' '}
                    {m.postcode ?? 'no postcode'} · NHS{' '}
                    <span className="mono">
                      {m.nhsNumber ? formatNhsNumber(m.nhsNumber as NhsNumber) : 'not known'}
                    </span>
                  </Text>
                </div>
                {m.patientId && (
                  <Button
                    size="compact-sm"
                    onClick={() => onChoose(matchToChosen(m as TraceMatch & { patientId: string }))}
                    aria-label={`Choose ${[...m.name.given, m.name.family].join(' ')}, born ${formatDate(m.birthDate)}`}
                  >
                    Choose
                  </Button>
                )}
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
      {trace.data && matches.length === 0 && !byNumber && (
        <Group gap="sm" align="flex-end">
          <Select
            label="Sex (to register)"
            w={180}
            value={form.gender || null}
            onChange={(v) => set({ gender: v ?? '' })}
            data={[
              { value: 'female', label: 'Female' },
              { value: 'male', label: 'Male' },
              { value: 'other', label: 'Other' },
              { value: 'unknown', label: 'Not known' },
            ]}
          />
          <Button
            variant="outline"
            onClick={() => register.mutate()}
            disabled={!canRegister}
            loading={register.isPending}
          >
            Register as a new patient
          </Button>
        </Group>
      )}
      <ErrorAlert error={register.error} title="The patient was not registered" />
    </Stack>
  );
}
