/**
 * Demo users: one per role in the demo organisation, already enrolled with a known TOTP
 * secret so a visitor can sign in straight away. DEMO ONLY: the secrets and the password are
 * printed and published in the README; `lantern demo-code` refuses every other organisation.
 */
import type { Role } from '@lantern/core';
import { hashPassword } from '../identity/passwords.js';
import { totpUri } from '../identity/totp.js';
import type { Database } from '../storage/database.js';

export const DEMO_PASSWORD = 'lantern demo shift 2026';

export const DEMO_USERS: {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  totpSecret: string;
}[] = [
  {
    id: '019ad000-0000-7000-8000-00000000a001',
    username: 'handler@demo.lantern',
    displayName: 'Alex Morgan (call handler)',
    role: 'call-handler',
    totpSecret: 'KRUGKIDROVUWG2ZAMJZG653OEBTG66BA',
  },
  {
    id: '019ad000-0000-7000-8000-00000000a002',
    username: 'clinician@demo.lantern',
    displayName: 'Dr Priya Shah (clinician)',
    role: 'clinician',
    totpSecret: 'JZQW4ZDPNUQFEZLTOBXW443FEBCGK3LP',
  },
  {
    id: '019ad000-0000-7000-8000-00000000a003',
    username: 'prescriber@demo.lantern',
    displayName: 'Sam Okafor (prescriber)',
    role: 'prescriber',
    totpSecret: 'KBZGK43DOJUWEZLSEBCGK3LPEBKE6VCQ',
  },
  {
    id: '019ad000-0000-7000-8000-00000000a004',
    username: 'dispatcher@demo.lantern',
    displayName: 'Jo Evans (dispatcher)',
    role: 'dispatcher',
    totpSecret: 'IRUXG4DBORRWQZLSEBCGK3LPEBKE6VCQ',
  },
  {
    id: '019ad000-0000-7000-8000-00000000a005',
    username: 'supervisor@demo.lantern',
    displayName: 'Chris Patel (supervisor)',
    role: 'supervisor',
    totpSecret: 'KN2XAZLSOZUXG33SEBCGK3LPEBKE6VCQ',
  },
  {
    id: '019ad000-0000-7000-8000-00000000a006',
    username: 'admin@demo.lantern',
    displayName: 'Morgan Lee (organisation admin)',
    role: 'org-admin',
    totpSecret: 'IFSG22LOEBCGK3LPEBKE6VCQEBJWKY3S',
  },
  {
    id: '019ad000-0000-7000-8000-00000000a007',
    username: 'auditor@demo.lantern',
    displayName: 'Rita Gomez (privacy officer)',
    role: 'auditor',
    totpSecret: 'IF2WI2LUN5ZCARDFNVXSAVCPKRICAU3F',
  },
  {
    id: '019ad000-0000-7000-8000-00000000a008',
    username: 'carer@demo.lantern',
    displayName: 'Ben Hughes (care-home carer)',
    role: 'care-home-carer',
    totpSecret: 'INQXEZLSEBCGK3LPEBKE6VCQEBJWKY3S',
  },
  {
    id: '019ad000-0000-7000-8000-00000000a009',
    username: 'mh@demo.lantern',
    displayName: 'Dana Kowalski (mental-health clinician)',
    role: 'mental-health-clinician',
    totpSecret: 'JVEUGRDFNVXSAVCPKRICAU3FINJGKVCA',
  },
];

export async function seedDemoUsers(database: Database, orgId: string): Promise<string[]> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await database.db.transaction().execute(async (tx) => {
    for (const u of DEMO_USERS) {
      const inserted = await tx
        .insertInto('users')
        .values({
          id: u.id,
          org_id: orgId,
          username: u.username,
          display_name: u.displayName,
          password_hash: passwordHash,
          status: 'active',
          mfa_enrolled: true,
          totp_secret: u.totpSecret,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted)
        await tx.insertInto('user_roles').values({ org_id: orgId, user_id: u.id, role: u.role }).execute();
    }
  });
  return [
    'DEMO ONLY: these accounts and secrets are public. Never seed a live system with --demo.',
    `Demo users (password for all: "${DEMO_PASSWORD}"), each with its TOTP secret for an authenticator app:`,
    ...DEMO_USERS.map(
      (u) =>
        `  ${u.username.padEnd(26)} ${u.role.padEnd(24)} TOTP ${u.totpSecret}  ${totpUri(u.totpSecret, u.username)}`,
    ),
    'No authenticator app? `npx lantern demo-code <username>` prints the current code for a demo user.',
  ];
}
