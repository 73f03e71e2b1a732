import { defineConfig } from 'vitest/config';

// Browser tests: the real server (fresh temp data folder, demo data) in one process started by
// the global setup, Debian's Chromium driven by playwright-core. One file at a time — they share
// the server and the machine. The pure web-app helpers (web/src/**/*.test.ts) run with `npm test`.
export default defineConfig({
  test: {
    fileParallelism: false,
    maxWorkers: 1,
    projects: [
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.ts'],
          globalSetup: ['test/e2e/globalSetup.ts'],
          pool: 'forks',
          testTimeout: 120_000,
          // A real browser on a loaded two-core machine now and then misses a beat; a test that
          // fails three times in a row is a failure.
          retry: 2,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
