import { defineConfig } from 'vitest/config';

// Browser tests: the built server (npm run e2e builds first) driven by Debian's Chromium. Two files at
// a time: each starts its own server (own port, own data directory) and its own browser, and a file
// spends much of its time waiting on the browser, the server or a timer — one at a time took 20 min.
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['e2e/**/*.test.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
  },
});
