import { defineConfig } from 'vitest/config';
import { findPostgresBin } from './test/postgres-server.ts';

// Every test runs on embedded PGlite; the same tests run again on PostgreSQL
// when a server can be had (TALLY_TEST_DATABASE_URL, or a local installation
// that test/global-setup.ts starts). CI insists on both.
const postgresAvailable = Boolean(process.env.TALLY_TEST_DATABASE_URL) || Boolean(findPostgresBin());
if (!postgresAvailable) {
  if (process.env.CI) throw new Error('CI must run the suite on PostgreSQL too: install postgresql');
  console.warn(
    'PostgreSQL not found: running the suite on PGlite only. apt-get install postgresql to test both.',
  );
}

const shared = {
  include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  testTimeout: 60_000,
  hookTimeout: 60_000,
};

export default defineConfig({
  test: {
    projects: [
      { test: { ...shared, name: 'pglite', env: { TALLY_TEST_ENGINE: 'pglite' } } },
      // The web app in Chromium against a real server: once, not per engine (test/e2e).
      {
        test: { include: ['test/e2e/**/*.e2e.ts'], name: 'e2e', testTimeout: 180_000, hookTimeout: 180_000 },
      },
      ...(postgresAvailable
        ? [
            {
              test: {
                ...shared,
                name: 'postgres',
                env: { TALLY_TEST_ENGINE: 'postgres' },
                globalSetup: ['./test/global-setup.ts'],
              },
            },
          ]
        : []),
    ],
  },
});
