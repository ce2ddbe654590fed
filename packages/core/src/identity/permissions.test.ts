import { describe, expect, it } from 'vitest';
import { checkPassword } from './passwordPolicy.js';
import { hasPermission, PERMISSION_MATRIX, PERMISSIONS, permissionsOf, ROLES } from './permissions.js';

describe('permission matrix', () => {
  it('every permission is held by some role, and only known permissions are granted', () => {
    const granted = new Set(Object.values(PERMISSION_MATRIX).flat());
    for (const p of PERMISSIONS) expect(granted.has(p), p).toBe(true);
    for (const p of granted) expect(PERMISSIONS).toContain(p);
  });

  it('least privilege: only prescribers issue prescriptions, only admins manage users, only auditors read audit', () => {
    expect(ROLES.filter((r) => hasPermission([r], 'prescription:issue'))).toEqual(['prescriber']);
    expect(ROLES.filter((r) => hasPermission([r], 'user:manage'))).toEqual(['org-admin']);
    expect(ROLES.filter((r) => hasPermission([r], 'audit:read'))).toEqual(['auditor']);
  });

  it('supplier support never touches patients, cases or users', () => {
    const p = permissionsOf(['supplier-support']);
    expect(p.some((x) => x.startsWith('patient:') || x.startsWith('case:') || x === 'user:manage')).toBe(
      false,
    );
  });

  it('an admin cannot read patient records (separation of duties)', () => {
    expect(hasPermission(['org-admin'], 'patient:read')).toBe(false);
  });
});

describe('password policy', () => {
  it.each([
    ['short1', ['too-short']],
    ['password123', ['too-short', 'common']],
    ['aaaaaaaaaaaaaaaa', ['repetitive']],
    ['ann.smith-lantern-2026', ['contains-username']],
    ['correct horse battery staple', []],
  ])('%s', (pw, problems) => {
    expect(checkPassword(pw, 'ann.smith@example.nhs.uk')).toEqual(problems);
  });
});
