import { defineConfig } from 'vitest/config';

// Tests that touch the database are named *.api.test.ts or *.db.test.ts; the PostgreSQL pass of CI
// runs only those (SHOUWEN_DB_TESTS_ONLY=1), the pure ones need no second run.
const dbOnly = process.env.SHOUWEN_DB_TESTS_ONLY === '1';

export default defineConfig({
  test: {
    include: dbOnly ? ['src/**/*.{api,db}.test.ts', 'test/**/*.{api,db}.test.ts'] : ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'test/e2e/**', 'web/dist/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
