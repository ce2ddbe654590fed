import { defineConfig } from 'vitest/config';

// Tests import workspace packages from source (the "lantern-source" export condition),
// so `npm test` never depends on a stale build.
export default defineConfig({
  resolve: { conditions: ['lantern-source'] },
  ssr: { resolve: { conditions: ['lantern-source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'protocols/**/*.test.ts', 'e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
