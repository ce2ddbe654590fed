/** The patient chosen from the trace, before the case records them: who, and what is waiting to be read. */
import { formatNhsNumber, type NhsNumber } from '@lantern/core';
import { Badge, Button, Group, Paper, Text } from '@mantine/core';
import { ageOf, formatDate } from '../cases/time.js';
import type { ChosenPatient } from './patientApi.js';

export function ChosenPatientCard({ patient, onChange }: { patient: ChosenPatient; onChange(): void }) {
  return (
    <Paper withBorder px="md" py="sm" className="chosen-patient" data-testid="chosen-patient">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <div>
          <Text fw={700} fz="lg">
            {[patient.givenName, patient.familyName].filter(Boolean).join(' ')}
          </Text>
          <Text size="sm">
            Born {formatDate(patient.birthDate)} ({ageOf(patient.birthDate).words}) ·{' '}
            {patient.postcode ?? 'no postcode'} · NHS{' '}
            <strong className="mono">
              {patient.nhsNumber ? formatNhsNumber(patient.nhsNumber as NhsNumber) : 'not known'}
            </strong>
          </Text>
          {patient.specialNoteCount > 0 && (
            <Badge mt={6} color="nhsRed.7" radius="sm" tt="none" size="lg" data-testid="special-note-count">
              {patient.specialNoteCount} special note{patient.specialNoteCount === 1 ? '' : 's'}: read in full
              as soon as the case opens
            </Badge>
          )}
        </div>
        <Button variant="outline" size="compact-sm" onClick={onChange}>
          Not this patient
        </Button>
      </Group>
    </Paper>
  );
}
