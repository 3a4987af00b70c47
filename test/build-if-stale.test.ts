import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isStale } from '../scripts/build-if-stale.mjs';

// `npm start` builds only when a source is newer than the last build (scripts/build-if-stale.mjs).
describe('npm start: build only when stale', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function tree() {
    const root = mkdtempSync(join(tmpdir(), 'leadrail-stale-'));
    dirs.push(root);
    mkdirSync(join(root, 'src', 'modules'), { recursive: true });
    mkdirSync(join(root, 'web', 'src'), { recursive: true });
    writeFileSync(join(root, 'src', 'modules', 'a.ts'), 'export {}');
    writeFileSync(join(root, 'web', 'src', 'b.tsx'), 'export {}');
    writeFileSync(join(root, 'package.json'), '{}');
    return root;
  }
  const at = (path: string, seconds: number) => utimesSync(path, seconds, seconds);

  it('is stale with no build yet, fresh after one, stale again when any input is touched', () => {
    const root = tree();
    for (const file of ['src/modules/a.ts', 'web/src/b.tsx', 'package.json']) at(join(root, file), 1_000);
    expect(isStale(root)).toBe(true);

    mkdirSync(join(root, 'dist'));
    writeFileSync(join(root, 'dist', '.build-stamp'), 'now');
    at(join(root, 'dist', '.build-stamp'), 2_000);
    expect(isStale(root)).toBe(false);

    at(join(root, 'web', 'src', 'b.tsx'), 3_000);
    expect(isStale(root)).toBe(true);
    at(join(root, 'web', 'src', 'b.tsx'), 1_000);
    at(join(root, 'package.json'), 3_000);
    expect(isStale(root)).toBe(true);
    at(join(root, 'package.json'), 1_000);
    expect(isStale(root)).toBe(false);
  });

  it('ignores node_modules and build output inside the inputs', () => {
    const root = tree();
    for (const file of ['src/modules/a.ts', 'web/src/b.tsx', 'package.json']) at(join(root, file), 1_000);
    mkdirSync(join(root, 'dist'));
    writeFileSync(join(root, 'dist', '.build-stamp'), 'now');
    at(join(root, 'dist', '.build-stamp'), 2_000);
    mkdirSync(join(root, 'web', 'dist'));
    writeFileSync(join(root, 'web', 'dist', 'index.html'), '');
    at(join(root, 'web', 'dist', 'index.html'), 9_000);
    expect(isStale(root)).toBe(false);
  });
});
