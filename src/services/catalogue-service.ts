import type { AddonInput } from '../domain/catalogue.ts';
import { parseCatalogueFile } from '../domain/catalogue-file.ts';
import type { CatalogueWriter, ImportResult, UpdateManifestCache } from '../domain/ports.ts';

export interface CatalogueServiceDeps {
  readonly writer: CatalogueWriter;
  /** Every tier that may hold manifests; all are invalidated after a write commits. */
  readonly caches: readonly UpdateManifestCache[];
}

/** Catalogue writes and the cache invalidation that must follow each of them. */
export class CatalogueService {
  readonly #deps: CatalogueServiceDeps;

  constructor(deps: CatalogueServiceDeps) {
    this.#deps = deps;
  }

  /** Validates a catalogue file and imports it in one transaction (`trove import`). */
  importFile(data: unknown): Promise<ImportResult> {
    return this.importAddons(parseCatalogueFile(data));
  }

  async importAddons(addons: readonly AddonInput[]): Promise<ImportResult> {
    const result = await this.#deps.writer.importAddons(addons);
    await this.invalidate(result.guids);
    return result;
  }

  async insertNewAddons(addons: readonly AddonInput[]): Promise<void> {
    await this.#deps.writer.insertNewAddons(addons);
    await this.invalidate(addons.map((a) => a.guid));
  }

  async invalidate(guids: readonly string[]): Promise<void> {
    await Promise.all(this.#deps.caches.map((cache) => cache.invalidate(guids)));
  }
}
