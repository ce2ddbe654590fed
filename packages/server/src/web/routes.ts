/**
 * Serves the console (the Vite build in packages/web/dist) from the Lantern server.
 *
 * 1) The console is a single-page app: a GET for any path that is not a built file and not
 *    under /api or /fhir answers index.html, so deep links and reloads work. Unknown /api and
 *    /fhir paths stay coded 404s (problem+json, OperationOutcome), never HTML, and a missing
 *    file with an extension (a stale /assets/… link) is a 404, never index.html served as code.
 * 2) The build is looked for on each request, so `npm run build:web` while the server runs is
 *    picked up; without a build the server says so in a plain page rather than a blank one.
 * 3) Hashed files under /assets are immutable and cached for a year; index.html is revalidated
 *    on every load so a new release is picked up at once.
 * 4) The build compresses every text file once (.br, .gz beside it); they are sent as they are
 *    to browsers that accept them, so nothing is compressed per request.
 * 5) The catch-all never shadows a real route: the router always prefers a more specific path,
 *    whatever the order routes are registered in.
 * 6) Files are served only from inside the build folder: the path is decoded, resolved and
 *    checked to stay inside it before anything is read.
 */
import { stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { LanternError } from '@lantern/core';
import type { FastifyInstance } from 'fastify';

/** packages/web/dist (the same depth from src/ and dist/). */
export const DEFAULT_WEB_DIST_DIR = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

export interface WebRoutesOptions {
  distDir?: string;
}

const ONE_YEAR_MS = 365 * 24 * 3_600_000;
const HAS_EXTENSION = /\/[^/]*\.[A-Za-z0-9]+$/;

export function isApiPath(path: string): boolean {
  return ['/api', '/fhir'].some((p) => path === p || path.startsWith(`${p}/`));
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** The built file a URL path names, relative to the build folder, or null. */
export async function builtFileFor(distDir: string, urlPath: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.endsWith('/')) return null;
  const root = resolve(distDir);
  const rel = relative(root, resolve(root, `.${decoded}`));
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return null;
  return (await isFile(resolve(root, rel))) ? rel.split(sep).join('/') : null;
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>Lantern console not built</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#212b32}code{background:#f0f4f5;padding:.1rem .3rem}</style>
</head>
<body>
<h1>The Lantern console is not built</h1>
<p>The server is running and its API answers under <a href="/api/docs">/api/docs</a>, but the web console has not been built yet.</p>
<p>Build it from the repository root with <code>npm run build:web</code> (or <code>npm run build</code> for everything), then reload this page.</p>
</body>
</html>
`;

export async function registerWebRoutes(app: FastifyInstance, options: WebRoutesOptions = {}): Promise<void> {
  const distDir = resolve(options.distDir ?? DEFAULT_WEB_DIST_DIR);
  // Only reply.sendFile: routes are declared here so each one states its access. The build
  // writes .br and .gz beside each file; a browser that accepts one gets it.
  await app.register(fastifyStatic, { root: distDir, serve: false, preCompressed: true });

  app.get('/*', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (isApiPath(path)) throw new LanternError('E_NOT_FOUND', `No ${request.method} ${path} here`);
    if (!(await isFile(resolve(distDir, 'index.html')))) {
      return reply
        .status(503)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(NOT_BUILT_PAGE);
    }
    const file = await builtFileFor(distDir, path);
    if (file && file !== 'index.html') {
      const hashed = file.startsWith('assets/');
      return reply.sendFile(file, distDir, hashed ? { maxAge: ONE_YEAR_MS, immutable: true } : { maxAge: 0 });
    }
    if (HAS_EXTENSION.test(path)) throw new LanternError('E_NOT_FOUND', `No ${request.method} ${path} here`);
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html', distDir, { cacheControl: false });
  });
}
