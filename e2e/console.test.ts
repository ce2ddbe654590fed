/**
 * The console in a real browser (Debian's Chromium) against a real Lantern server: sign-in
 * with MFA enrolment, role-aware navigation, administration, audit, a triage to an ambulance,
 * passkeys through Chromium's virtual authenticator, and a session that ends mid-form.
 * Every main screen is checked with axe (no serious or critical violations), must run under
 * the server's CSP with no console errors, and is saved to e2e/artifacts/ to be looked at.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestUser } from '../packages/server/src/testing/identityFixtures.js';
import {
  addVirtualAuthenticator,
  describeViolations,
  hasChromium,
  launchChromium,
  openPage,
  screenshot,
  seriousAxeViolations,
  type WatchedPage,
} from './support/browser.js';
import { type LanternServer, startLanternServer } from './support/lanternServer.js';
import { enrolWithTotp, enterPassword, navLabels, signInWithTotp, signOut } from './support/signIn.js';
import { ensureWebBuild } from './support/webBuild.js';

if (!hasChromium) {
  console.warn(
    'e2e: skipped, /usr/bin/chromium is not installed (apt-get install -y chromium; .ci/run does this)',
  );
}

const ORG = 'Northgate Integrated Urgent Care';
const NAMES: Record<string, string> = {
  'org-admin': 'Priya Shah',
  auditor: 'Tom Okafor',
  'call-handler': 'Sam Jones',
  clinician: 'Alex Morgan',
  dispatcher: 'Jo Brown',
};

let server: LanternServer;
let browser: Browser;
let users: Record<string, TestUser>;
const secrets: Record<string, string> = {};
const recovery: Record<string, string[]> = {};

async function expectAccessible(w: WatchedPage, screen: string): Promise<void> {
  await w.page.waitForLoadState('networkidle');
  await screenshot(w.page, screen);
  const violations = await seriousAxeViolations(w.page);
  expect(violations, `${screen}:\n${describeViolations(violations)}`).toEqual([]);
  expect(w.problems, `${screen}: console errors`).toEqual([]);
}

/** At 200% zoom the CSS viewport halves: nothing may need sideways scrolling. */
async function expectReflowsAt200(w: WatchedPage, screen: string): Promise<void> {
  await screenshot(w.page, `${screen}-200pc`);
  const overflow = await w.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${screen} at 200% zoom scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
}

describe.skipIf(!hasChromium)('the console in a real browser', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    ensureWebBuild();
    server = await startLanternServer();
    users = await server.seed(ORG, ['org-admin', 'auditor', 'call-handler', 'clinician', 'dispatcher']);
    for (const [role, name] of Object.entries(NAMES)) {
      await server.test.db.database.db
        .updateTable('users')
        .set({ display_name: name })
        .where('id', '=', users[role]!.id)
        .execute();
    }
    // Five wrong passwords lock the dispatcher: the admin will unlock them, the auditor sees the alert.
    for (let i = 0; i < 5; i++) {
      await server.test.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: users.dispatcher!.username, password: 'not the password at all' },
      });
    }
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows a sign-in page that is accessible and readable at 200% zoom', async () => {
    const w = await openPage(browser, server.url);
    await w.page.goto('/');
    await w.page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await expectAccessible(w, 'signin');
    const zoomed = await openPage(browser, server.url, { width: 720, height: 450 }, 2);
    await zoomed.page.goto('/');
    await zoomed.page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await expectReflowsAt200(zoomed, 'signin');
    await zoomed.context.close();

    await enterPassword(w.page, { ...users['org-admin']!, password: 'wrong password here' });
    await w.page
      .getByText(/Sign-in failed/)
      .first()
      .waitFor();
    await w.context.close();
  });

  it('enrols an administrator with an authenticator app and shows only their screens', async () => {
    const w = await openPage(browser, server.url);
    const { secret, recoveryCodes } = await enrolWithTotp(
      w.page,
      server,
      users['org-admin']!,
      async (step) => {
        if (step === 'qr') await expectAccessible(w, 'mfa-enrol');
        if (step === 'recovery-codes') await expectAccessible(w, 'recovery-codes');
      },
    );
    secrets['org-admin'] = secret;
    recovery['org-admin'] = recoveryCodes;
    expect(recoveryCodes).toHaveLength(10);
    expect(await navLabels(w.page)).toEqual(['Home', 'Users']);
    await expect(w.page.getByTestId('organisation').textContent()).resolves.toBe(ORG);
    await expectAccessible(w, 'home-admin');
    await w.context.close();
  });

  it('lets the administrator create a user, unlock one, and keeps a form through a session timeout', async () => {
    const w = await openPage(browser, server.url);
    const { page } = w;
    await signInWithTotp(page, server, users['org-admin']!, secrets['org-admin']!);
    await page.keyboard.press('Alt+U');
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    await page.getByTestId(`user-row-${users.dispatcher!.username}`).getByText('Locked').waitFor();
    await expectAccessible(w, 'admin-users');
    await page.keyboard.press('Shift+Slash');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await expectAccessible(w, 'keyboard-shortcuts');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor({ state: 'detached' });

    // Unlock the dispatcher locked by five wrong passwords.
    await page
      .getByTestId(`user-row-${users.dispatcher!.username}`)
      .getByRole('button', { name: 'Unlock' })
      .click();
    await page.getByRole('dialog').getByRole('button', { name: 'Unlock' }).click();
    await page.getByText('Jo Brown is unlocked.').waitFor();
    await page.getByTestId(`user-row-${users.dispatcher!.username}`).getByText('Active').waitFor();

    // A new call handler.
    await page.keyboard.press('n');
    const dialog = page.getByRole('dialog', { name: 'New user' });
    await dialog.getByLabel('Full name').fill('Rosa Lind');
    await dialog.getByLabel('Username').fill('rosa.lind@northgate.example');
    await dialog.getByLabel('Temporary password').fill('lantern harbour mist 42');
    await dialog.getByLabel(/^Roles/).click();
    await page.getByRole('option', { name: 'Call handler (health advisor)' }).click();
    await dialog.getByLabel('Full name').click(); // close the options list
    await expectAccessible(w, 'admin-create-user');

    // The session ends (idle timeout) before they press Create: they sign in again over the
    // form, and what they typed is still there.
    server.clock.advance(16 * 60);
    await dialog.getByRole('button', { name: 'Create user' }).click();
    const again = page.getByRole('dialog', { name: 'Sign in again to carry on' });
    await again.waitFor();
    await expect(again.getByLabel('Username').inputValue()).resolves.toBe(users['org-admin']!.username);
    await screenshot(page, 'session-ended');
    await again.locator('input[name="password"]').fill(users['org-admin']!.password);
    await again.getByRole('button', { name: 'Continue' }).click();
    await again
      .getByLabel('6-digit code from your authenticator app')
      .fill(server.freshTotp(secrets['org-admin']!));
    await page.keyboard.press('Enter');
    await again.waitFor({ state: 'detached' });
    await expect(dialog.getByLabel('Full name').inputValue()).resolves.toBe('Rosa Lind');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await page.getByTestId('user-row-rosa.lind@northgate.example').waitFor();
    await expect(page.getByTestId('user-row-rosa.lind@northgate.example').textContent()).resolves.toContain(
      'call-handler',
    );

    // A deep link survives a reload (the server answers index.html, the session cookie stays).
    await page.reload();
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('shows the auditor the audit log with the administrator’s actions, and the privacy alerts', async () => {
    const w = await openPage(browser, server.url);
    const { page } = w;
    const { secret, recoveryCodes } = await enrolWithTotp(page, server, users.auditor!);
    secrets.auditor = secret;
    recovery.auditor = recoveryCodes;
    expect(await navLabels(page)).toEqual(['Home', 'Audit log', 'Privacy alerts']);
    await page.keyboard.press('Alt+A');
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await page.getByRole('cell', { name: 'user-create' }).first().waitFor();
    await page.getByRole('cell', { name: 'user-unlock' }).first().waitFor();
    await expectAccessible(w, 'audit-log');

    // Narrow to the administrator by choosing their name in a row.
    await page.getByRole('button', { name: users['org-admin']!.username }).first().click();
    await expect.poll(() => page.getByLabel('User id').inputValue()).toBe(users['org-admin']!.id);
    await page.getByTestId('audit-count').filter({ hasText: /entr/ }).waitFor();
    const who = await page.locator('tbody tr td:nth-child(2) button').allTextContents();
    expect(new Set(who)).toEqual(new Set([users['org-admin']!.username]));

    // A date range (local calendar days) keeps the entries of today.
    const day = (offset: number) => {
      const d = new Date(Date.now() + offset * 86_400_000);
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    };
    await page.getByLabel('From').fill(day(-1));
    await page.getByLabel('To').fill(day(1));
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/from=/);
    await page.getByRole('cell', { name: 'user-create' }).first().waitFor();

    await page.keyboard.press('Alt+P');
    await page.getByRole('heading', { name: 'Privacy alerts' }).waitFor();
    await page.getByText('Account locked').first().waitFor();
    await expectAccessible(w, 'privacy-alerts');

    // A second sign-in with a one-time recovery code (the phone is lost).
    await signOut(page);
    await enterPassword(page, users.auditor!);
    await page.getByText('Recovery code', { exact: true }).click();
    await page.getByLabel('One of your recovery codes').fill(recoveryCodes[0]!);
    await page.keyboard.press('Enter');
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await w.context.close();
  });

  it('runs a call handler’s chest-pain triage to an ambulance, by keyboard, with back and change', async () => {
    const w = await openPage(browser, server.url);
    const { page } = w;
    const { secret } = await enrolWithTotp(page, server, users['call-handler']!);
    secrets['call-handler'] = secret;
    expect(await navLabels(page)).toEqual(['Home', 'New call', 'Triage']);
    await page.keyboard.press('Alt+T');
    await page.getByLabel('What is the main problem?').fill('crushing chest pain since this morning');
    await page.getByLabel("Patient's age").fill('58');
    await page.getByRole('radio', { name: 'Male', exact: true }).check();
    await page.getByRole('radio', { name: /Chest pain/ }).waitFor();
    await expectAccessible(w, 'triage-start');
    await page.getByLabel('What is the main problem?').press('Enter');

    const question = page.getByTestId('question');
    const currentId = () => question.getAttribute('data-question-id');
    const answerWith = async (key: string) => {
      const before = await currentId();
      await page.keyboard.press(key);
      await page.waitForFunction(
        (b) => document.querySelector('[data-testid="question"]')?.getAttribute('data-question-id') !== b,
        before,
      );
    };
    // The life-threat sieve first: no to every question.
    await question.waitFor();
    let sieveQuestions = 0;
    while ((await question.getAttribute('data-stage')) === 'sieve') {
      if (sieveQuestions === 2) await expectAccessible(w, 'triage-question');
      const several = (await question.getAttribute('data-question-type')) === 'multiple-choice';
      if (several) await expectAccessible(w, 'triage-multiple-choice');
      await answerWith(several ? '0' : 'n'); // 0 is "none of these"

      sieveQuestions++;
    }
    expect(sieveQuestions).toBeGreaterThan(3);
    expect(await currentId()).toBe('cp-tearing');
    await answerWith('n');
    expect(await currentId()).toBe('cp-timing');
    // Back (B) and answer again.
    await answerWith('b');
    expect(await currentId()).toBe('cp-tearing');
    await answerWith('n');
    await answerWith('1'); // it is happening now
    expect(await currentId()).toBe('cp-cardiac-features');
    await page.keyboard.press('y');

    const disposition = page.getByTestId('disposition');
    await disposition.waitFor();
    await expect(page.getByTestId('disposition-label').textContent()).resolves.toBe(
      'Emergency ambulance response (Category 2)',
    );
    await expect(disposition.getAttribute('data-band')).resolves.toBe('red');
    await expect(page.getByTestId('disposition-timeframe').textContent()).resolves.toBe('Within 18 minutes');
    await page.getByTestId('red-flag').first().waitFor();
    await expect(page.getByTestId('care-advice').textContent()).resolves.toContain('aspirin');
    await expect(page.getByTestId('worsening-advice').textContent()).resolves.toContain('999');
    await expectAccessible(w, 'triage-disposition');

    // Change an earlier answer: pain that stopped more than 3 days ago is not an ambulance.
    await page.getByRole('button', { name: `Change the answer to question ${sieveQuestions + 2}` }).click();
    const change = page.getByRole('dialog', { name: 'Change an answer' });
    await change.getByRole('button', { name: /more than 3 days ago/ }).click();
    await change.waitFor({ state: 'detached' });
    await expect(page.getByTestId('disposition-label').textContent()).resolves.not.toContain('ambulance');
    await expect(disposition.getAttribute('data-band')).resolves.not.toBe('red');

    // Readable at 200% zoom, mid-triage.
    const zoomed = await openPage(browser, server.url, { width: 720, height: 450 }, 2);
    await signInWithTotp(zoomed.page, server, users['call-handler']!, secret);
    await zoomed.page.keyboard.press('Alt+T');
    await zoomed.page.getByLabel('What is the main problem?').fill('chest pain');
    await zoomed.page.getByLabel("Patient's age").fill('40');
    await zoomed.page.getByRole('radio', { name: 'Female', exact: true }).check();
    await zoomed.page.getByLabel('What is the main problem?').press('Enter');
    await zoomed.page.getByTestId('question').waitFor();
    await expectReflowsAt200(zoomed, 'triage-question');
    await zoomed.context.close();
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('takes a call from intake through triage to the clinical queue, where a clinician signed in with a passkey takes it live', async () => {
    // The call handler opens a case from a call and triages it.
    const a = await openPage(browser, server.url);
    const handler = a.page;
    await signInWithTotp(handler, server, users['call-handler']!, secrets['call-handler']!);
    await handler.keyboard.press('Alt+C');
    await handler.getByLabel("Caller's name").fill('Mary Evans');
    await handler.getByLabel('Call-back number').fill('07700 900123');
    await handler.getByLabel('Address').fill('12 Mill Lane\nNorthgate');
    await handler.getByLabel(/^Postcode/).fill('M1 1AE');
    await handler.getByLabel('What is the main problem?').fill('chest pain on and off last week');
    await handler.getByLabel(/^Service/).fill('northgate-cas');
    await expectAccessible(a, 'new-call');
    await handler.getByRole('button', { name: /Open case and start triage/ }).click();
    await handler.getByLabel("Patient's age").fill('70');
    await handler.getByRole('radio', { name: 'Female', exact: true }).check();
    await expect(handler.getByLabel('What is the main problem?').inputValue()).resolves.toBe(
      'chest pain on and off last week',
    );
    await handler.getByLabel("Patient's age").press('Enter');
    const question = handler.getByTestId('question');
    await question.waitFor();
    const press = async (key: string) => {
      const before = await question.getAttribute('data-question-id');
      await handler.keyboard.press(key);
      await handler.waitForFunction(
        (b) => document.querySelector('[data-testid="question"]')?.getAttribute('data-question-id') !== b,
        before,
      );
    };
    while ((await question.getAttribute('data-stage')) === 'sieve') {
      await press((await question.getAttribute('data-question-type')) === 'multiple-choice' ? '0' : 'n');
    }
    await press('n'); // not tearing
    await press('4'); // it stopped more than 3 days ago
    await handler.keyboard.press('y'); // cardiac-sounding
    await expect(handler.getByTestId('disposition-label').textContent()).resolves.toBe(
      'Contact a primary care service within 6 hours',
    );
    const reference = ((await handler.getByTestId('record-on-case').locator('p').first().textContent()) ?? '')
      .replace('Case ', '')
      .trim();
    expect(reference).toMatch(/^LNT-/);
    await handler.getByRole('button', { name: 'Record this disposition on the case' }).click();
    await handler.getByText('Recorded on the case').waitFor();
    await expectAccessible(a, 'triage-recorded-on-case');

    // A clinician enrols a passkey (Chromium's virtual authenticator) and signs in with it.
    const b = await openPage(browser, server.url);
    const clinician = b.page;
    await addVirtualAuthenticator(b.context, clinician);
    await enterPassword(clinician, users.clinician!);
    await clinician.getByRole('button', { name: /Passkey or security key/ }).click();
    await clinician.getByTestId('recovery-codes').waitFor();
    await clinician.getByLabel('I have stored these codes somewhere safe').check();
    await clinician.getByRole('button', { name: 'Continue to Lantern' }).click();
    await clinician.getByRole('navigation', { name: 'Main' }).waitFor();
    expect(await navLabels(clinician)).toEqual(['Home', 'New call', 'Triage', 'Queue']);
    await signOut(clinician);
    await enterPassword(clinician, users.clinician!);
    await clinician.getByRole('button', { name: 'Use my passkey' }).click();
    await clinician.getByRole('navigation', { name: 'Main' }).waitFor();
    await expect(clinician.getByTestId('user-name').textContent()).resolves.toBe('Alex Morgan');

    // The queue is open and live before the case is sent to it.
    await clinician.keyboard.press('Alt+Q');
    await clinician.getByTestId('live-status').filter({ hasText: 'Live' }).waitFor();
    await clinician.getByText('No cases are waiting.').waitFor();
    await handler.getByRole('button', { name: /^Queue for a clinician call-back/ }).click();
    await handler.getByRole('button', { name: /^Queued/ }).waitFor();
    const row = clinician.getByTestId(`queue-row-${reference}`);
    await row.waitFor(); // arrived over the live stream, no reload
    await expect(row.textContent()).resolves.toContain('Contact a primary care service within 6 hours');
    await expectAccessible(b, 'queue');

    await row.getByRole('button', { name: `Take case ${reference}` }).click();
    await clinician.getByText(`${reference} is yours.`).waitFor();
    // Taking a case opens it.
    await clinician.getByTestId('case-holder').filter({ hasText: 'Held by you' }).waitFor();
    await clinician.keyboard.press('Alt+Q');
    await clinician.getByText('Mine', { exact: true }).click();
    await clinician.getByTestId(`queue-row-${reference}`).getByText('Yours').waitFor();
    expect(a.problems).toEqual([]);
    expect(b.problems).toEqual([]);
    await a.context.close();
    await b.context.close();
  });
});
