import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** `npm run deploy` without the upload: a broken bundle or wrangler config fails here, not at deploy time. */
describe('wrangler deploy --dry-run (the edge Worker)', () => {
  it('bundles the Worker with its config and static assets', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'trove-deploy-'));
    const result = spawnSync(
      path.join(ROOT, 'node_modules/.bin/wrangler'),
      ['deploy', '--dry-run', '--outdir', outdir, '-c', 'workers/edge/wrangler.jsonc'],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true', WRANGLER_LOG_PATH: outdir },
        timeout: 120_000,
      },
    );
    const output = `${result.stdout}\n${result.stderr}`;
    expect(result.status, output).toBe(0);
    expect(output).toContain('--dry-run: exiting now.');
    expect(output).toMatch(/env\.ORIGIN_URL/);
    const bundle = fs.readFileSync(path.join(outdir, 'index.js'), 'utf8');
    expect(bundle).toContain('/__trove/purge');
    expect(bundle).not.toMatch(/from ["']node:/);
    fs.rmSync(outdir, { recursive: true, force: true });
  });
});
