import { forgetLastId } from '../src/lib/ids.js';

// Runs before each test file (vitest.config.ts setupFiles). Test files share their worker's modules
// (`isolate: false`), so module state one file leaves is reset here to what a file alone starts with.
// Ids: a file's ids take their time from its own clock (tests look clicks up by the day in their id),
// not from the ids minted by the file before it.
forgetLastId();
