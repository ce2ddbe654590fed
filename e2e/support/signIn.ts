/** Signing in through the console's own screens, as a person at the keyboard would. */
import type { Page } from 'playwright-core';
import type { TestUser } from '../../packages/server/src/testing/identityFixtures.js';
import type { LanternServer } from './lanternServer.js';

export async function enterPassword(page: Page, user: TestUser): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Username').fill(user.username);
  await page.locator('input[name="password"]').fill(user.password);
  await page.getByRole('button', { name: 'Continue' }).click();
}

/** First sign-in with an authenticator app: returns the secret shown and the recovery codes. */
export async function enrolWithTotp(
  page: Page,
  server: LanternServer,
  user: TestUser,
  onStep?: (step: 'choose' | 'qr' | 'recovery-codes') => Promise<void>,
): Promise<{ secret: string; recoveryCodes: string[] }> {
  await enterPassword(page, user);
  await page.getByRole('button', { name: /Authenticator app/ }).waitFor();
  await onStep?.('choose');
  await page.getByRole('button', { name: /Authenticator app/ }).click();
  const secretBox = page.getByTestId('totp-secret');
  await secretBox.waitFor();
  await page.getByRole('img', { name: /QR code/ }).waitFor();
  await onStep?.('qr');
  const secret = ((await secretBox.textContent()) ?? '').replace(/\s/g, '');
  await page.getByLabel('6-digit code from the app').fill(server.freshTotp(secret));
  await page.keyboard.press('Enter');
  const codes = page.getByTestId('recovery-codes');
  await codes.waitFor();
  await onStep?.('recovery-codes');
  const recoveryCodes = (await codes.locator('li').allTextContents()).map((c) => c.trim());
  await page.getByLabel('I have stored these codes somewhere safe').check();
  await page.getByRole('button', { name: 'Continue to Lantern' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  return { secret, recoveryCodes };
}

export async function signInWithTotp(page: Page, server: LanternServer, user: TestUser, secret: string) {
  await enterPassword(page, user);
  await page.getByLabel('6-digit code from your authenticator app').fill(server.freshTotp(secret));
  await page.keyboard.press('Enter');
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByText('You have signed out.').waitFor();
}

/** The names in the main navigation, in order. */
export async function navLabels(page: Page): Promise<string[]> {
  const labels = page.getByRole('navigation', { name: 'Main' }).locator('.mantine-NavLink-label');
  return (await labels.allTextContents()).map((t) => t.trim());
}
