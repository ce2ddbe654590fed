/**
 * How urgent a disposition is, in the NHS colours the console uses everywhere: red for an
 * ambulance or an emergency department within the hour, amber for within a day, green for
 * anything longer or self-care. Always paired with words, never colour alone.
 */
import type { Disposition, Skillset } from '@lantern/core';

export type Band = 'red' | 'amber' | 'green' | 'grey';

export interface Urgency {
  band: Band;
  words: string;
}

const HOUR = 60;
const DAY = 24 * HOUR;

export function urgencyOf(d: Disposition | null): Urgency {
  if (!d) return { band: 'grey', words: 'Not yet known' };
  if (d.skillset === 'ambulance') return { band: 'red', words: 'Emergency' };
  if (d.timeframeMinutes !== null && d.timeframeMinutes <= HOUR) return { band: 'red', words: 'Emergency' };
  if (d.timeframeMinutes !== null && d.timeframeMinutes <= DAY) return { band: 'amber', words: 'Urgent' };
  return { band: 'green', words: 'Routine' };
}

export function formatTimeframe(minutes: number | null): string {
  if (minutes === null) return 'No timeframe: self-care';
  if (minutes < HOUR) return `Within ${minutes} minutes`;
  if (minutes < DAY) {
    const h = minutes / HOUR;
    return `Within ${h} hour${h === 1 ? '' : 's'}`;
  }
  const days = Math.round(minutes / DAY);
  return `Within ${days} day${days === 1 ? '' : 's'}`;
}

export const SKILLSET_LABELS: Record<Skillset, string> = {
  ambulance: 'Ambulance service',
  'emergency-department': 'Emergency department',
  'urgent-treatment-centre': 'Urgent treatment centre',
  'mental-health-crisis': 'Mental health crisis team',
  maternity: 'Maternity unit',
  'primary-care-face-to-face': 'GP or primary care, face to face',
  'primary-care-callback': 'Clinician call-back',
  dental: 'Dental service',
  pharmacy: 'Community pharmacy',
  'community-nursing': 'Community nursing',
  'self-care': 'Self-care',
};
