#!/usr/bin/env node
// The `lantern` command. Runs the compiled server (npm install builds it).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/run.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('lantern: the server is not built yet; run `npm run build` in the repository first');
  process.exit(1);
}
await import(entry.href);
