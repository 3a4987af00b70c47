import { existsSync, rmSync } from 'node:fs';
import { SCREENSHOTS } from './helpers/browser.js';

/** Screenshots of this run only, and a clear message when the browser or the build is missing. */
export default function setup(): void {
  rmSync(SCREENSHOTS, { recursive: true, force: true });
  if (!existsSync('dist/src/cli.js') || !existsSync('dist/web/index.html')) {
    throw new Error('e2e needs the built server and web app: run `npm run build` (npm run e2e does)');
  }
}
