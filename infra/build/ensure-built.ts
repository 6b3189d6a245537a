import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ENTRY = path.join(ROOT, 'dist/server/entry.mjs');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * `npm start`'s build step: runs `astro build` unless dist is newer than every source file. Rebuilding a
 * dist that other processes are serving (the test suite runs `npm start` beside page tests) would pull
 * files from under them.
 */
const built = fs.existsSync(ENTRY) ? fs.statSync(ENTRY).mtimeMs : 0;
const sources = Math.max(
  newestMtime(path.join(ROOT, 'src')),
  fs.statSync(path.join(ROOT, 'astro.config.mjs')).mtimeMs,
);
if (built < sources) {
  const result = spawnSync(path.join(ROOT, 'node_modules/.bin/astro'), ['build', '--silent'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  process.exit(result.status ?? 1);
}
