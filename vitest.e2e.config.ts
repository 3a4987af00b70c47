import { defineConfig } from 'vitest/config';

// Browser tests: the built server (npm run e2e builds first) driven by Debian's Chromium, one file at a time.
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['e2e/**/*.test.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
