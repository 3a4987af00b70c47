import { defineConfig } from 'vitest/config';

// The whole suite runs on SQLite; with TEST_POSTGRES_URL set, the integration tests run again on PostgreSQL.
const postgres = process.env.TEST_POSTGRES_URL;

export default defineConfig({
  test: {
    testTimeout: 20_000,
    // Three files at once on two cores: many integration tests wait on child processes, sockets and
    // timers rather than the CPU, so one file at a time left a core idle most of the run.
    maxWorkers: 3,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          env: { LEADRAIL_TEST_DB: 'sqlite' },
        },
      },
      // The web app's pure logic (money, time zones, filters, table state): no database, no DOM.
      { extends: true, test: { name: 'web', include: ['web/src/**/*.test.ts'] } },
      ...(postgres
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgres',
                include: ['test/**/*.test.ts'],
                env: { LEADRAIL_TEST_DB: 'postgres' },
              },
            },
          ]
        : []),
    ],
  },
});
