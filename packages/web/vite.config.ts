import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';

// The console is built here and served by the Lantern server (packages/server/src/web).
// It imports @lantern/core from source (the "lantern-source" condition), added to Vite's own
// browser conditions rather than replacing them. The build must run under the server's CSP
// (script-src 'self'): no inline scripts, so no inlined module-preload polyfill either.

const COMPRESSIBLE = /\.(js|css|html|svg|json)$/;
const MIN_BYTES = 1024;

/**
 * Writes .br and .gz beside each text file, once, at build time: the server sends them to
 * browsers that accept them (@fastify/static preCompressed) without compressing per request.
 */
function precompress(): Plugin {
  let outDir = 'dist';
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
  return {
    name: 'lantern-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = join(config.root, config.build.outDir);
    },
    closeBundle() {
      for (const file of walk(outDir)) {
        if (!COMPRESSIBLE.test(file)) continue;
        const body = readFileSync(file);
        if (body.length < MIN_BYTES) continue;
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
        writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  plugins: [react(), precompress()],
  resolve: { conditions: ['lantern-source', ...defaultClientConditions] },
  // `npm run dev -w @lantern/web` beside `npm start`: the API stays on the Lantern server.
  server: { proxy: { '/api': 'http://localhost:8080', '/fhir': 'http://localhost:8080' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    // Core is pure by contract (no I/O, nothing runs on import), so a screen that needs only the
    // permission matrix does not pull in the triage engine, zod and the YAML parser with it.
    rolldownOptions: {
      treeshake: { moduleSideEffects: [{ test: /\/packages\/core\/src\//, sideEffects: false }] },
    },
  },
});
