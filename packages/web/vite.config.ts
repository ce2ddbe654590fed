import { defineConfig } from 'vite';

// The console is built here and served by the Lantern server in production.
// Pages arrive with the console issue; this holds only the build setup.
export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  resolve: { conditions: ['lantern-source'] },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
});
