#!/usr/bin/env node
/**
 * `npm start` runs this first: it builds (`npm run build`) only when the sources are newer than the
 * last build, so a start after the first one takes a second, not the ~20 s of a full build.
 * "Newer" is by file modification time: any file under src/ or web/, or package.json,
 * package-lock.json, tsconfig*.json, newer than dist/.build-stamp (written after a build succeeds).
 * A `git pull` or an edit touches those times, so the next start rebuilds.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const INPUT_DIRS = ['src', 'web'];
const INPUT_FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];
const SKIP = new Set(['node_modules', 'dist']);

/** The newest modification time (ms) of the build's inputs under root. */
export function newestInput(root) {
  let newest = 0;
  const visit = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (SKIP.has(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of INPUT_DIRS) if (existsSync(join(root, dir))) visit(join(root, dir));
  for (const file of INPUT_FILES) {
    const path = join(root, file);
    if (existsSync(path)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Whether root needs `npm run build`: no stamp yet, or an input newer than it. */
export function isStale(root) {
  const stamp = join(root, 'dist', '.build-stamp');
  if (!existsSync(stamp)) return true;
  return newestInput(root) > statSync(stamp).mtimeMs;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = process.cwd();
  if (!isStale(root)) {
    process.stdout.write('build is up to date (dist/.build-stamp newer than src/ and web/)\n');
  } else {
    const started = Date.now();
    const result = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', cwd: root });
    if (result.status !== 0) process.exit(result.status ?? 1);
    writeFileSync(join(root, 'dist', '.build-stamp'), `${new Date().toISOString()}\n`);
    process.stdout.write(`built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
}
