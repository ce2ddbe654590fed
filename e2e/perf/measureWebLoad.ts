/**
 * Measures the console's production bundle and its cold first load on localhost.
 *
 *   npm run bench:web            (builds the console if needed)
 *
 * Bundle: every file of packages/web/dist (no source maps), raw, gzip (level 9) and brotli
 * (quality 11) as the server sends them, split into what the first page load needs (index.html,
 * its script, module preloads and styles) and the screens loaded on demand.
 * Load: a real Lantern server (fresh PGlite), Debian's Chromium, a fresh browser context per
 * run (empty cache, no service worker), navigation timing and the time until the sign-in form
 * is on screen. Median of RUNS.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { hasChromium, launchChromium } from '../support/browser.js';
import { startLanternServer } from '../support/lanternServer.js';
import { ensureWebBuild, WEB_DIST } from '../support/webBuild.js';

const RUNS = 7;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

function sizes(paths: string[]) {
  let raw = 0;
  let gzip = 0;
  let brotli = 0;
  for (const p of paths) {
    const body = readFileSync(p);
    raw += body.length;
    gzip += gzipSync(body, { level: 9 }).length;
    brotli += brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return { raw, gzip, brotli };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

ensureWebBuild();
const built = files(WEB_DIST).filter((f) => !/\.(map|br|gz)$/.test(f));
const html = readFileSync(join(WEB_DIST, 'index.html'), 'utf8');
const initialNames = new Set(
  [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1] as string).concat('index.html'),
);
const initial = built.filter((f) => initialNames.has(relative(WEB_DIST, f)));
const all = sizes(built);
const first = sizes(initial);
console.log('Bundle (packages/web/dist, without source maps)');
console.log(
  `  first load: ${initial.length} files, ${kb(first.raw)} raw, ${kb(first.gzip)} gzip, ${kb(first.brotli)} brotli`,
);
console.log(
  `  everything: ${built.length} files, ${kb(all.raw)} raw, ${kb(all.gzip)} gzip, ${kb(all.brotli)} brotli`,
);

if (!hasChromium) {
  console.log('Load: skipped, /usr/bin/chromium is not installed');
  process.exit(0);
}
const server = await startLanternServer();
const browser = await launchChromium();
const runs: { ttfb: number; dcl: number; load: number; form: number; bytes: number }[] = [];
try {
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const started = Date.now();
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    const form = Date.now() - started;
    const timing = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      return {
        ttfb: nav.responseStart,
        dcl: nav.domContentLoadedEventEnd,
        load: nav.loadEventEnd,
        bytes: nav.transferSize + resources.reduce((sum, r) => sum + r.transferSize, 0),
      };
    });
    runs.push({ ...timing, form });
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(`Cold first load on localhost (median of ${RUNS}, fresh context each)`);
console.log(`  time to first byte:        ${median(runs.map((r) => r.ttfb)).toFixed(0)} ms`);
console.log(`  DOMContentLoaded:          ${median(runs.map((r) => r.dcl)).toFixed(0)} ms`);
console.log(`  load event:                ${median(runs.map((r) => r.load)).toFixed(0)} ms`);
console.log(`  sign-in form on screen:    ${median(runs.map((r) => r.form)).toFixed(0)} ms (from page.goto)`);
console.log(`  bytes over the wire:       ${kb(median(runs.map((r) => r.bytes)))}`);
