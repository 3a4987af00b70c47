import { defineConfig } from 'vitest/config';

// The whole suite runs on SQLite; with TEST_POSTGRES_URL set, the integration tests run again on PostgreSQL.
const postgres = process.env.TEST_POSTGRES_URL;

export default defineConfig({
  test: {
    testTimeout: 20_000,
    // Three files at once on two cores: many integration tests wait on child processes, sockets and
    // timers rather than the CPU, so one file at a time left a core idle most of the run.
    maxWorkers: 3,
    // Test files share their worker's modules: importing the app's module graph again for every file
    // was over a third of the suite's time (1,266 s of import across workers in a CI run, against 46 s
    // shared). A file must not lean on module state another file left: restore spies, pass fakes in
    // (no vi.mock of a module the app has loaded), close what it opens.
    isolate: false,
    // … but each file starts from the module state it had alone (test/setup-file.ts).
    setupFiles: ['test/setup-file.ts'],
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
                // Files that never open the test database: once, in the sqlite project, is enough.
                exclude: [
                  'test/api-types.test.ts',
                  'test/bench-process-cpu.test.ts',
                  'test/build-if-stale.test.ts',
                  'test/config.test.ts',
                  'test/docs-links.test.ts',
                  'test/sqlite-write-gate.test.ts',
                ],
                env: { LEADRAIL_TEST_DB: 'postgres' },
              },
            },
          ]
        : []),
    ],
  },
});
