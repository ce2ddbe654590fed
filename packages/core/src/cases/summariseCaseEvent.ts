/**
 * One line per event for the case timeline, in plain words. Note text is not repeated in the
 * timeline (a safeguarding note may be read over a shoulder); the notes list holds it.
 */
import { formatNhsNumber } from '../patients/nhsNumber.js';
import type {
  CALL_BACK_OUTCOMES,
  CASE_OUTCOMES,
  CaseChannel,
  DISPOSITION_SOURCES,
  NOTE_KINDS,
  TRANSFER_METHODS,
} from './caseEventSchemas.js';
import type { CaseEvent } from './parseCaseEvent.js';
import { formatUkPhoneNumber } from './ukPhoneNumber.js';

const SUMMARY_TEXT_MAX = 120;

const CHANNEL: Record<CaseChannel, string> = {
  'phone-111': 'NHS 111 by phone',
  'online-111': 'NHS 111 online',
  '999-transfer': 'transfer from 999',
  'gp-referral': 'GP referral',
  'walk-in': 'walk-in',
  other: 'another route',
};

const DISPOSITION_SOURCE: Record<(typeof DISPOSITION_SOURCES)[number], string> = {
  triage: 'triage',
  'clinician-override': 'set by a clinician',
  'inbound-referral': 'from the referring service',
};

const NOTE_KIND: Record<(typeof NOTE_KINDS)[number], string> = {
  consultation: 'Consultation',
  handover: 'Handover',
  safeguarding: 'Safeguarding',
};

const CALL_BACK: Record<(typeof CALL_BACK_OUTCOMES)[number], string> = {
  answered: 'answered',
  'no-answer': 'no answer',
  voicemail: 'voicemail',
  'wrong-number': 'wrong number',
  busy: 'busy',
};

const OUTCOME: Record<(typeof CASE_OUTCOMES)[number], string> = {
  'advice-given': 'advice given',
  referred: 'referred',
  'ambulance-dispatched': 'ambulance dispatched',
  'appointment-booked': 'appointment booked',
  'prescription-issued': 'prescription issued',
  'no-contact': 'no contact',
  other: 'other',
};

const NEWS2_BAND: Record<'low' | 'low-medium' | 'medium' | 'high', string> = {
  low: 'low',
  'low-medium': 'low-medium: a single parameter scored 3',
  medium: 'medium',
  high: 'high',
};

const TRANSFER_METHOD: Record<(typeof TRANSFER_METHODS)[number], string> = {
  bars: 'BaRS',
  itk: 'ITK',
  'warm-transfer': 'warm transfer',
  phone: 'phone',
  'secure-email': 'secure email',
  other: 'another method',
};

export function summariseCaseEvent(event: CaseEvent): string {
  switch (event.type) {
    case 'CaseOpened': {
      const { call, arrivedVia } = event.data;
      const relation =
        call.relationshipToPatient === 'self'
          ? 'the patient'
          : (call.relationshipDetail ?? call.relationshipToPatient.replaceAll('-', ' '));
      return `Call taken from ${call.callerName} (${relation}) via ${CHANNEL[arrivedVia]}`;
    }
    case 'PatientIdentified': {
      const { demographics, nhsNumber, verified } = event.data;
      const nhs = nhsNumber === undefined ? '' : `, NHS number ${formatNhsNumber(nhsNumber)}`;
      return `Patient identified: ${displayName(demographics)}${nhs} (${verified ? 'verified on PDS' : 'not verified'})`;
    }
    case 'PresentingComplaintRecorded':
      return `Presenting complaint: ${clip(event.data.text)}`;
    case 'DispositionReached': {
      const { code, label, source } = event.data;
      return `Disposition ${code} ${label} (${DISPOSITION_SOURCE[source]})`;
    }
    case 'DispositionOverridden': {
      const { from, to, reason } = event.data;
      return `Disposition changed from ${from} to ${to.code} ${to.label}: ${clip(reason)}`;
    }
    case 'CaseQueued':
      return `Queued to ${event.data.queue} at priority ${event.data.priority}`;
    case 'CaseAssigned':
      return `Assigned to ${event.data.clinicianId}`;
    case 'CaseReleased': {
      const { clinicianId, reason } = event.data;
      return `Released from ${clinicianId}${reason === undefined ? '' : `: ${clip(reason)}`}`;
    }
    case 'ConsultationNoteAdded':
      return `${NOTE_KIND[event.data.kind]} note added`;
    case 'CallBackAttempted':
      return `Call-back to ${formatUkPhoneNumber(event.data.number)}: ${CALL_BACK[event.data.outcome]}`;
    case 'CaseOutcomeRecorded':
      return `Outcome: ${OUTCOME[event.data.outcome]}: ${clip(event.data.summary)}`;
    case 'CaseTransferred': {
      const { toService, toServiceName, method, reason } = event.data;
      return `Transferred to ${toServiceName ?? toService} by ${TRANSFER_METHOD[method]}: ${clip(reason)}`;
    }
    case 'CaseClosed':
      return `Closed: ${clip(event.data.reason)}`;
    case 'CaseReopened':
      return `Reopened: ${clip(event.data.reason)}`;
    case 'RepeatCallerFlagged': {
      const { priorCaseIds, windowHours } = event.data;
      return `Repeat caller: ${priorCaseIds.length + 1} contacts within ${windowHours} hours`;
    }
    case 'ObservationsRecorded': {
      const { news2 } = event.data;
      return `Observations recorded: NEWS2 ${news2.total} (${NEWS2_BAND[news2.band]})`;
    }
  }
}

export function displayName(demographics: { givenName?: string; familyName?: string }): string {
  const name = [demographics.givenName, demographics.familyName].filter((p) => p !== undefined).join(' ');
  return name === '' ? 'Name not known' : name;
}

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= SUMMARY_TEXT_MAX ? oneLine : `${oneLine.slice(0, SUMMARY_TEXT_MAX - 1)}…`;
}
