/**
 * A date of birth a call handler typed, checked before it goes on a case: a real calendar day,
 * not before 1880 (older dates are typos such as 1850 for 1950) and not after today in the UK
 * (a baby born at 00:30 in London is born "today" while UTC still says yesterday).
 * Core's case schema checks only the YYYY-MM-DD shape.
 */
import { LanternError } from '@lantern/core';

const EARLIEST = '1880-01-01';
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const UK_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export function checkDateOfBirth(value: string, at: string, path: string): void {
  const fail = (message: string): LanternError =>
    new LanternError('E_VALIDATION', `The date of birth ${message}`, [{ path, message }]);
  const m = ISO_DATE.exec(value);
  if (!m) throw fail('must be a date, YYYY-MM-DD');
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d)
    throw fail(`${value} is not a day of the calendar`);
  if (value < EARLIEST) throw fail(`${value} is before ${EARLIEST.slice(0, 4)}; check the year`);
  const today = UK_DATE.format(new Date(at));
  if (value > today) throw fail(`${value} is in the future`);
}
