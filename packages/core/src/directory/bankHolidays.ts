/**
 * England and Wales bank holidays, 2025-2027, as local dates. 2025 and 2026 are the dates
 * GOV.UK publishes; 2027 is derived from the statutory rules (Good Friday, Easter Monday,
 * first and last Mondays of May, last Monday of August, Christmas and Boxing Day with
 * substitute weekdays) and a test re-derives all three years from those rules. A royal
 * proclamation can add or move a day, so refresh this list from
 * https://www.gov.uk/bank-holidays.json before relying on it past 2026. Scotland and
 * Northern Ireland have different lists.
 */

export const ENGLAND_AND_WALES_BANK_HOLIDAYS: ReadonlySet<string> = new Set([
  // 2025
  '2025-01-01', // New Year's Day
  '2025-04-18', // Good Friday
  '2025-04-21', // Easter Monday
  '2025-05-05', // Early May bank holiday
  '2025-05-26', // Spring bank holiday
  '2025-08-25', // Summer bank holiday
  '2025-12-25', // Christmas Day
  '2025-12-26', // Boxing Day
  // 2026
  '2026-01-01', // New Year's Day
  '2026-04-03', // Good Friday
  '2026-04-06', // Easter Monday
  '2026-05-04', // Early May bank holiday
  '2026-05-25', // Spring bank holiday
  '2026-08-31', // Summer bank holiday
  '2026-12-25', // Christmas Day
  '2026-12-28', // Boxing Day (substitute day; the 26th is a Saturday)
  // 2027
  '2027-01-01', // New Year's Day
  '2027-03-26', // Good Friday
  '2027-03-29', // Easter Monday
  '2027-05-03', // Early May bank holiday
  '2027-05-31', // Spring bank holiday
  '2027-08-30', // Summer bank holiday
  '2027-12-27', // Christmas Day (substitute day; the 25th is a Saturday)
  '2027-12-28', // Boxing Day (substitute day; the 26th is a Sunday)
]);

/** Where opening hours are read: the time zone of local times and the bank holidays in force. */
export interface Calendar {
  /** IANA zone, e.g. "Europe/London". */
  timeZone: string;
  /** Local dates "YYYY-MM-DD" on which bank-holiday sessions replace the weekly rota. */
  bankHolidays: ReadonlySet<string>;
}

export const ENGLAND_AND_WALES: Calendar = {
  timeZone: 'Europe/London',
  bankHolidays: ENGLAND_AND_WALES_BANK_HOLIDAYS,
};
