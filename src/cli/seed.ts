import { SingleBar } from 'cli-progress';
import type { Container } from '../origin/container.ts';
import { seedBatches } from '../services/seed/demo.ts';
import { UsageError } from './usage-error.ts';

function positiveInt(name: string, raw: string | undefined, fallback?: number): number {
  if (raw === undefined && fallback !== undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new UsageError(`trove seed: --${name} must be a whole number, got ${raw ?? 'nothing'}`);
  return n;
}

/** `trove seed --addons N [--seed S]`: a deterministic catalogue into an empty database, with a progress bar. */
export async function runSeed(
  container: Container,
  values: { addons?: string; seed?: string },
): Promise<number> {
  const addons = positiveInt('addons', values.addons);
  const seed = positiveInt('seed', values.seed, 1);
  const existing = await container.servicesFor({ pinned: true }).catalogue.read.countAddons();
  if (existing > 0) {
    throw new UsageError(
      `trove seed: the catalogue already has ${existing} add-ons; seed fills an empty database (point TROVE_DATA_DIR or DATABASE_URL at a new one).`,
    );
  }
  const started = performance.now();
  const bar = new SingleBar({
    format: 'Seeding [{bar}] {percentage}% | {value}/{total} add-ons | {rate}/s | ETA {eta}s',
    stream: process.stdout,
    noTTYOutput: true,
    notTTYSchedule: 5000,
  });
  bar.start(addons, 0, { rate: 0 });
  let done = 0;
  for (const batch of seedBatches({ addons, seed, now: new Date() })) {
    await container.catalogue.insertNewAddons(batch);
    done += batch.length;
    bar.update(done, { rate: Math.round(done / ((performance.now() - started) / 1000)) });
    // SQLite writes are synchronous: let the progress bar's timer run between batches.
    await new Promise((resolve) => setImmediate(resolve));
  }
  bar.stop();
  const seconds = (performance.now() - started) / 1000;
  console.log(`Seeded ${done} add-ons into ${container.db.dialect} in ${seconds.toFixed(1)} s.`);
  return 0;
}
