/**
 * The browser tests drive the production build, the same files `npm start` serves. It is
 * built here when missing or older than the console's (or core's) sources, so a test never
 * passes against yesterday's bundle.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const WEB_DIST = join(REPO_ROOT, 'packages/web/dist');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export function ensureWebBuild(): void {
  const index = join(WEB_DIST, 'index.html');
  const sources = [
    'packages/web/src',
    'packages/web/public',
    'packages/web/index.html',
    'packages/web/vite.config.ts',
    'packages/core/src',
  ].map((p) => join(REPO_ROOT, p));
  const newestSource = Math.max(
    ...sources.map((p) => (statSync(p).isDirectory() ? newestMtime(p) : statSync(p).mtimeMs)),
  );
  if (existsSync(index) && statSync(index).mtimeMs >= newestSource) return;
  execFileSync('npm', ['run', 'build', '-w', '@lantern/web'], { cwd: REPO_ROOT, stdio: 'pipe' });
}
