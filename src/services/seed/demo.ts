import type { CatalogueReader } from '../../domain/ports.ts';
import type { CatalogueService } from '../catalogue-service.ts';
import { generateCatalogue } from './generate-catalogue.ts';

export const DEMO_SEED = 20_260_101;

/** Seeds `addons` generated add-ons into an empty catalogue; returns how many it wrote (0 if not empty). */
export async function seedDemoCatalogue(
  catalogue: CatalogueService,
  reader: CatalogueReader,
  opts: { addons: number; now?: Date },
): Promise<number> {
  if (opts.addons === 0 || (await reader.countAddons()) > 0) return 0;
  let written = 0;
  for await (const batch of seedBatches({
    addons: opts.addons,
    seed: DEMO_SEED,
    now: opts.now ?? new Date(),
  })) {
    await catalogue.insertNewAddons(batch);
    written += batch.length;
  }
  return written;
}

/** The generated catalogue in batches small enough for one multi-row insert per table. */
export function* seedBatches(opts: { addons: number; seed: number; now: Date; batchSize?: number }) {
  const size = opts.batchSize ?? 1000;
  let batch = [];
  for (const addon of generateCatalogue({ addons: opts.addons, seed: opts.seed, now: opts.now })) {
    batch.push(addon);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
