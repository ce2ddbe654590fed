/**
 * The clinical side of the console in a real browser (Debian's Chromium) against a real Lantern
 * server: a call handler traces the patient and sees their special notes and the repeat-caller
 * warning before triage, then queues the case with its due time; two clinicians watch one
 * queue and the case one takes leaves the other's live (and a stale take is explained); the
 * clinician works the case by keyboard (call-backs, note, NEWS2, override, outcome, close);
 * a supervisor's wallboard moves live. Every new screen is checked with axe, at 200% zoom, and
 * saved to e2e/artifacts/ to be looked at.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../packages/server/src/cases/caseTestKit.js';
import { openCase } from '../packages/server/src/cases/caseTestKit.js';
import type { TestUser } from '../packages/server/src/testing/identityFixtures.js';
import { hasChromium, launchChromium, openPage, screenshot, type WatchedPage } from './support/browser.js';
import {
  addColleague,
  apiCaller,
  type IndexedPatient,
  indexPatient,
  queuedCase,
} from './support/caseStory.js';
import { expectAccessible, expectReflowsAt200 } from './support/checks.js';
import { type LanternServer, startLanternServer } from './support/lanternServer.js';
import { signInWithTotp } from './support/signIn.js';
import { ensureWebBuild } from './support/webBuild.js';

const ORG = 'Westbrook Clinical Assessment Service';
let server: LanternServer;
let browser: Browser;
const people: Record<string, TestUser> = {};
const secrets: Record<string, string> = {};
let seeder: Caller;
let harold: IndexedPatient & { given: string; family: string };
let desmond: IndexedPatient & { given: string; family: string };

/** 72 years and a month ago: old enough for the headache protocol's giant-cell arteritis question. */
const seventyTwo = () => {
  const d = new Date();
  d.setFullYear(d.getFullYear() - 72);
  d.setMonth(d.getMonth() - 1);
  return d.toISOString().slice(0, 10);
};
const SAFEGUARDING =
  'Vulnerable adult: lives alone with early dementia; daughter holds lasting power of attorney.';

async function signedIn(who: string, viewport?: { width: number; height: number }, scale?: number) {
  const w = await openPage(browser, server.url, viewport, scale);
  await signInWithTotp(w.page, server, people[who] as TestUser, secrets[who] as string);
  return w;
}

/** Answers the triage by keys until the disposition: yes to `yes`, none-of-these or no to the rest. */
async function triageByKeys(page: Page, yes: string[]): Promise<void> {
  const question = page.getByTestId('question');
  const disposition = page.getByTestId('disposition');
  await question.waitFor();
  for (let i = 0; i < 80 && (await question.isVisible()); i++) {
    const id = (await question.getAttribute('data-question-id')) as string;
    const several = (await question.getAttribute('data-question-type')) === 'multiple-choice';
    await page.keyboard.press(yes.includes(id) ? 'y' : several ? '0' : 'n');
    await page.waitForFunction(
      (before) =>
        document.querySelector('[data-testid="disposition"]') !== null ||
        document.querySelector('[data-testid="question"]')?.getAttribute('data-question-id') !== before,
      id,
    );
  }
  await disposition.waitFor();
}

describe.skipIf(!hasChromium)('clinicians and supervisors in a real browser', { timeout: 240_000 }, () => {
  beforeAll(async () => {
    ensureWebBuild();
    server = await startLanternServer();
    const seeded = await server.seed(ORG, ['call-handler']);
    const orgId = (seeded['call-handler'] as TestUser).orgId;
    people.seeder = seeded['call-handler'] as TestUser;
    await server.test.db.database.db
      .updateTable('users')
      .set({ display_name: 'Jo Evans' })
      .where('id', '=', people.seeder.id)
      .execute();
    people.handler = await addColleague(server, orgId, 'call-handler', 'Ruth Adeyemi');
    people.alex = await addColleague(server, orgId, 'clinician', 'Dr Alex Morgan');
    people.sam = await addColleague(server, orgId, 'clinician', 'Dr Sam Patel');
    people.supervisor = await addColleague(server, orgId, 'supervisor', 'Chris Lowe');
    for (const who of ['handler', 'alex', 'sam', 'supervisor']) {
      secrets[who] = (await apiCaller(server, people[who] as TestUser)).secret;
    }
    seeder = (await apiCaller(server, people.seeder)).api;
    harold = {
      ...(await indexPatient(
        server,
        orgId,
        {
          nhsNumber: '9434765919',
          given: 'Harold',
          family: 'Bennett',
          birthDate: seventyTwo(),
          gender: 'male',
          postcode: 'M20 2PN',
        },
        [['safeguarding', SAFEGUARDING]],
      )),
      given: 'Harold',
      family: 'Bennett',
    };
    desmond = {
      ...(await indexPatient(
        server,
        orgId,
        {
          nhsNumber: '9990000018',
          given: 'Desmond',
          family: 'Campbell',
          birthDate: seventyTwo(),
          gender: 'male',
          postcode: 'M16 6HB',
        },
        [
          ['care-plan', 'COPD rescue pack at home (amoxicillin, prednisolone). Target saturations 88-92%.'],
          ['access', 'Key safe by the front door; code held by the 111 service and the district nurses.'],
        ],
      )),
      given: 'Desmond',
      family: 'Campbell',
    };
    // Two earlier calls about Harold today: this one makes him a repeat caller.
    for (const n of [1, 2]) {
      const caseId = await openCase(seeder, { presentingComplaint: `Headache, call ${n}` });
      await seeder.post(`/api/cases/${caseId}/patient`, {
        patientId: harold.patientId,
        nhsNumber: harold.nhsNumber,
        verified: false,
        demographics: { givenName: 'Harold', familyName: 'Bennett' },
      });
    }
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a call handler traces the patient, reads the special notes and the repeat-caller warning, triages and queues with the due time', async () => {
    const w = await signedIn('handler');
    const { page } = w;
    await page.keyboard.press('Alt+C');
    await page.getByTestId('call-timer').waitFor();
    await page.getByLabel("Caller's name").fill('Harold Bennett');
    await page.getByLabel('Call-back number').fill('07700 900461');
    // A mistyped NHS number is explained as it is typed, before anything is searched.
    await page.getByTestId('nhs-number').fill('943 476 5918');
    await page.getByText('the check digit does not match').waitFor();
    await page.getByTestId('nhs-number').fill('943 476 5919');
    await page.getByTestId('nhs-number-verdict').filter({ hasText: 'Valid NHS number' }).waitFor();
    await page.getByTestId('nhs-number').press('Enter');
    const choose = page.getByRole('button', { name: /^Choose Harold Bennett/ });
    await choose.waitFor();
    await expect(page.getByTestId('patient-trace').textContent()).resolves.toContain('1 special note');
    await expectAccessible(w, 'new-call-trace');
    await choose.click();
    await page.getByTestId('special-note-count').waitFor();
    // The postcode came from the patient's record; where the patient is now is asked.
    await expect(page.getByLabel(/^Postcode/).inputValue()).resolves.toBe('M20 2PN');
    await page.getByLabel('Address').fill('12 Mill Lane');
    await page.getByLabel('What is the main problem?').fill('headache and pain in the jaw when chewing');
    await page.getByLabel(/^Service/).fill('westbrook-cas');
    await page.getByRole('button', { name: /Open case and start triage/ }).click();

    // Before a single question: the safeguarding note in full and the repeat-caller warning.
    const banner = page.getByTestId('call-banner');
    await banner.getByText(SAFEGUARDING).waitFor();
    await banner.getByTestId('banner-repeat-caller').filter({ hasText: 'contact 3' }).waitFor();
    await banner.getByTestId('call-timer').waitFor();
    await expect(page.getByLabel("Patient's age").inputValue()).resolves.toBe('72');
    await page.getByRole('radio', { name: 'Male', exact: true }).check();
    await expectAccessible(w, 'triage-call-banner');
    await page.getByLabel('What is the main problem?').press('Enter');
    await triageByKeys(page, ['ha-giant-cell']);
    await page.getByRole('button', { name: 'Record this disposition on the case' }).click();
    const queue = page.getByRole('button', { name: /^Queue for a clinician call-back, due by \d\d:\d\d$/ });
    await queue.waitFor();
    await expectAccessible(w, 'next-actions');
    await queue.click();
    await page.getByText(/A clinician must call back by \d\d:\d\d/).waitFor();
    // No ambulance or booking screen in this build: their buttons are not offered.
    await expect(page.getByRole('button', { name: 'Request an ambulance' }).count()).resolves.toBe(0);
    expect(w.problems).toEqual([]);
    await w.context.close();

    const zoomed = await signedIn('handler', { width: 720, height: 450 }, 2);
    await zoomed.page.keyboard.press('Alt+C');
    await zoomed.page.getByTestId('nhs-number').fill('943 476 5919');
    await zoomed.page.getByTestId('nhs-number').press('Enter');
    await zoomed.page.getByRole('button', { name: /^Choose Harold Bennett/ }).waitFor();
    await expectReflowsAt200(zoomed, 'new-call-trace');
    await zoomed.context.close();
  });

  let caseId = '';
  let reference = '';
  let alex: WatchedPage;

  it('two clinicians watch the queue: the case one takes leaves the other’s live, and a stale take is explained', async () => {
    ({ caseId, reference } = await queuedCase(seeder, {
      patient: desmond,
      complaint: 'Headache for two days, jaw hurts when chewing',
    }));
    alex = await signedIn('alex');
    const sam = await signedIn('sam');
    for (const w of [alex, sam]) {
      await w.page.keyboard.press('Alt+Q');
      await w.page.getByTestId('live-status').filter({ hasText: 'Live' }).waitFor();
      await w.page.getByTestId(`queue-row-${reference}`).waitFor();
    }
    // Sam also has the case open in a second tab that has lost its live updates.
    const stale = await sam.context.newPage();
    await stale.route('**/api/stream', (route) => route.abort());
    await stale.goto(`/cases/${caseId}`);
    await stale.getByTestId('take-prompt').waitFor();

    await alex.page.getByRole('button', { name: `Take case ${reference}` }).click();
    await alex.page.waitForURL(`**/cases/${caseId}`);
    await alex.page.getByTestId('case-holder').filter({ hasText: 'Held by you' }).waitFor();
    // Gone from Sam's queue by itself: no reload.
    await sam.page.getByTestId(`queue-row-${reference}`).waitFor({ state: 'detached' });
    await expectAccessible(sam, 'queue-after-take');

    await stale.keyboard.press('t');
    const problem = stale.getByTestId('case-problem');
    await problem.getByText('A colleague has already taken this case').waitFor();
    await screenshot(stale, 'case-conflict');
    await problem.getByRole('button', { name: 'Refresh the case' }).click();
    await stale.getByTestId('case-holder').filter({ hasText: 'Held by Dr Alex Morgan' }).waitFor();
    expect(sam.problems).toEqual([]);
    await sam.context.close();
  });

  it('the clinician works the case by keyboard: call-backs, a note, NEWS2, an override, the outcome, then closes it', async () => {
    const { page } = alex;
    await page
      .getByTestId('special-notes')
      .getByText('Key safe by the front door', { exact: false })
      .waitFor();
    await expect(page.getByTestId('patient-flags').textContent()).resolves.toContain('Access to property');
    await expectAccessible(alex, 'case-taken');

    // A failed call-back, then an answered one: each listed with its time.
    await page.keyboard.press('c');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter'); // "No answer"
    await page.getByTestId('failed-attempts').filter({ hasText: '1 failed attempt' }).waitFor();
    await page.keyboard.press('c');
    await page.keyboard.press('Enter'); // "Answered"
    const attempts = page.getByTestId('call-back-attempts').locator('li');
    await expect.poll(() => attempts.count()).toBe(2);
    await expect(attempts.first().getAttribute('data-outcome')).resolves.toBe('answered');

    // A note, saved with Ctrl+Enter.
    await leaveField(page);
    await page.keyboard.press('n');
    await page.keyboard.type(
      'Spoke to Desmond. Jaw pain on chewing for a week, scalp tender. Needs same-day review.',
    );
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('note-list').getByText('scalp tender').waitFor();

    // NEWS2 scored as the readings are typed; the band's response is shown; Enter records it.
    await leaveField(page);
    await page.keyboard.press('w');
    for (const value of ['24', '94', '104', '112']) {
      await page.keyboard.type(value);
      await page.keyboard.press('Tab');
    }
    await page.keyboard.type('38.6');
    const result = page.getByTestId('news2-result');
    await result.filter({ hasText: 'NEWS2 7 · High' }).waitFor();
    await expect(result.textContent()).resolves.toContain('emergency response');
    await expectAccessible(alex, 'case-news2');
    await page.keyboard.press('Enter');
    await page.getByTestId('news2-history').filter({ hasText: 'NEWS2 7 (high)' }).waitFor();

    // Override the disposition with a reason (D).
    await leaveField(page);
    await page.keyboard.press('d');
    const dialog = page.getByRole('dialog', { name: 'Override the disposition' });
    await dialog.waitFor();
    await page.keyboard.type('Dx11');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.type('NEWS2 7 with jaw claudication: needs a clinician within the hour.');
    await expectAccessible(alex, 'case-override');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter'); // Override
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('case-disposition-label').filter({ hasText: '1 hour' }).waitFor();

    // The outcome (O), then close.
    await leaveField(page);
    await page.keyboard.press('o');
    await page.keyboard.type('Referred');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Same-day GP review booked for suspected giant-cell arteritis');
    await page.keyboard.press('Enter');
    await page.getByTestId('current-outcome').filter({ hasText: 'Referred' }).waitFor();
    await page.getByLabel('Reason for closing').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('case-status').filter({ hasText: 'Closed' }).waitFor();
    const history = page.getByTestId('case-history');
    await history.locator('[data-type="CaseClosed"]').waitFor();
    for (const type of [
      'CallBackAttempted',
      'ConsultationNoteAdded',
      'ObservationsRecorded',
      'DispositionOverridden',
    ]) {
      await history.locator(`[data-type="${type}"]`).first().waitFor();
    }
    await expectAccessible(alex, 'case-closed');
    expect(alex.problems).toEqual([]);
    await alex.context.close();

    const zoomed = await signedIn('alex', { width: 720, height: 450 }, 2);
    await zoomed.page.goto(`/cases/${caseId}`);
    await zoomed.page.getByTestId('case-history').waitFor();
    await expectReflowsAt200(zoomed, 'case');
    await zoomed.context.close();
  });

  it('a supervisor’s wallboard moves live as cases are queued and taken', async () => {
    const w = await signedIn('supervisor');
    const { page } = w;
    await page.keyboard.press('Alt+W');
    await page.getByTestId('live-status').filter({ hasText: 'Live' }).waitFor();
    const waiting = page.getByTestId('tile-waiting').locator('.tile-figure');
    await waiting.waitFor();
    const before = Number(await waiting.textContent());
    await page.getByTestId('wallboard-ambulance-empty').waitFor();
    const { caseId: next } = await queuedCase(seeder, { patient: harold });
    await expect.poll(async () => Number(await waiting.textContent()), { timeout: 10_000 }).toBe(before + 1);
    // Nobody's name or complaint is on a board the whole room can read.
    await expect(page.getByTestId('wallboard').textContent()).resolves.not.toContain('Harold');
    await expectAccessible(w, 'wallboard');
    const { api } = await apiCaller(server, people.sam as TestUser);
    await api.post(`/api/cases/${next}/take`);
    await expect.poll(async () => Number(await waiting.textContent()), { timeout: 10_000 }).toBe(before);
    expect(w.problems).toEqual([]);
    await w.context.close();

    const zoomed = await signedIn('supervisor', { width: 720, height: 450 }, 2);
    await zoomed.page.goto('/wallboard');
    await zoomed.page.getByTestId('tile-waiting').waitFor();
    await expectReflowsAt200(zoomed, 'wallboard');
    await zoomed.context.close();
  });
});

/** Takes focus off any field, so the screen's letter keys act. */
async function leaveField(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}
