import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureCatalogue, ROOT } from './catalogues.ts';

/**
 * `npm run bench -- build [--addons 300000] [--details 1000]`: `npm run build` (astro build, then the
 * prerender step) against the bench catalogue, prerendering the home, landing and category pages and
 * the `--details` most used add-ons; prints the prerender's pages/s and the build's peak memory.
 */
export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { addons: { type: 'string' }, details: { type: 'string' } },
  });
  const catalogue = await ensureCatalogue('sqlite', Number(values.addons ?? 300_000));
  const details = values.details ?? '1000';
  const bin = path.join(ROOT, 'node_modules/.bin');
  const env = {
    ...process.env,
    DATABASE_URL: catalogue.databaseUrl,
    PRERENDER_ADDONS: details,
    LOG_LEVEL: 'warn',
  };
  for (const [label, command, argv] of [
    ['astro build', path.join(bin, 'astro'), ['build', '--silent']],
    ['prerender', process.execPath, [path.join(ROOT, 'infra/build/prerender.ts')]],
  ] as const) {
    const started = performance.now();
    const result = spawnSync('/usr/bin/time', ['-f', '%M', command, ...argv], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`${label} failed:\n${result.stdout}\n${result.stderr}`);
    const peakKb = Number(result.stderr.trim().split('\n').at(-1));
    const seconds = (performance.now() - started) / 1000;
    console.log(`${label}: ${seconds.toFixed(1)} s, peak RSS ${(peakKb / 1024).toFixed(0)} MB`);
    if (result.stdout.trim()) console.log(`  ${result.stdout.trim()}`);
  }
}
