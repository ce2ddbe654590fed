/** The checks every screen gets in the browser stories: axe, no console errors, a screenshot, reflow at 200%. */
import { expect } from 'vitest';
import { describeViolations, screenshot, seriousAxeViolations, type WatchedPage } from './browser.js';

export async function expectAccessible(w: WatchedPage, screen: string): Promise<void> {
  await w.page.waitForLoadState('networkidle');
  // The header is fixed: from the top, a full-page screenshot shows it where it belongs.
  await w.page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(w.page, screen);
  const violations = await seriousAxeViolations(w.page);
  expect(violations, `${screen}:\n${describeViolations(violations)}`).toEqual([]);
  expect(w.problems, `${screen}: console errors`).toEqual([]);
}

/** At 200% zoom the CSS viewport halves: nothing may need sideways scrolling. */
export async function expectReflowsAt200(w: WatchedPage, screen: string): Promise<void> {
  await w.page.waitForLoadState('networkidle');
  await w.page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(w.page, `${screen}-200pc`);
  const overflow = await w.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${screen} at 200% zoom scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
}
