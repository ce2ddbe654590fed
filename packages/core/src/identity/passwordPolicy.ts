/**
 * Password policy, after NCSC and NIST SP 800-63B: length over composition rules, no maximum
 * below 128, and refuse the passwords attackers try first. Shared so the console can explain
 * a refusal before the round trip.
 */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 128;

const COMMON = new Set([
  'password',
  'password1',
  'password123',
  '123456789012',
  'qwertyuiop',
  'letmein',
  'welcome1',
  'iloveyou',
  'nhs111111111',
  'changeme',
  'passw0rd',
  'administrator',
  'qwerty123456',
  '111111111111',
  'abcdefghijkl',
]);

export type PasswordProblem = 'too-short' | 'too-long' | 'common' | 'contains-username' | 'repetitive';

export function checkPassword(password: string, username = ''): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const chars = [...password];
  if (chars.length < MIN_PASSWORD_LENGTH) problems.push('too-short');
  if (chars.length > MAX_PASSWORD_LENGTH) problems.push('too-long');
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || COMMON.has(lower.replace(/\d+$/, ''))) problems.push('common');
  const local = username.toLowerCase().split('@')[0] ?? '';
  if (local.length >= 3 && lower.includes(local)) problems.push('contains-username');
  if (new Set(chars).size <= 3) problems.push('repetitive');
  return problems;
}

export const PASSWORD_PROBLEM_TEXT: Record<PasswordProblem, string> = {
  'too-short': `must be at least ${MIN_PASSWORD_LENGTH} characters (a few unrelated words work well)`,
  'too-long': `must be at most ${MAX_PASSWORD_LENGTH} characters`,
  common: 'is one of the passwords attackers try first',
  'contains-username': 'must not contain your username',
  repetitive: 'uses too few different characters',
};
