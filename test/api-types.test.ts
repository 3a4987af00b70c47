import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_TYPES_PATH, generateApiTypes } from '../scripts/gen-api-types.js';

describe('the web app API types', () => {
  it('web/src/lib/api-types.ts is what `npm run gen:api-types` writes from the server schemas', async () => {
    const checkedIn = readFileSync(API_TYPES_PATH, 'utf8');
    const generated = await generateApiTypes();
    // On a difference: run `npm run gen:api-types` and commit the file.
    expect(checkedIn === generated, 'web/src/lib/api-types.ts is stale: run npm run gen:api-types').toBe(
      true,
    );
  });
});
