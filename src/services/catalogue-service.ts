import type { AddonInput } from '../domain/catalogue.ts';
import { parseCatalogueFile } from '../domain/catalogue-file.ts';
import { addonTag, CATALOGUE_TAG } from '../domain/edge/cache-policy.ts';
import type { EdgePurger } from '../domain/edge/ports.ts';
import type { CatalogueWriter, ImportResult, UpdateManifestCache } from '../domain/ports.ts';

/** At most this many add-ons have their manifests rewritten right after a write; bulk loads rely on fills. */
const REPUBLISH_LIMIT = 1000;

export interface CatalogueServiceDeps {
  readonly writer: CatalogueWriter;
  /** Every tier that may hold manifests; all are invalidated after a write commits. */
  readonly caches: readonly UpdateManifestCache[];
  /** Rewrites the shared manifests (Redis) of these add-ons from the primary, for the edge to read. */
  readonly republish?: (guids: readonly string[]) => Promise<void>;
  readonly purger?: EdgePurger;
  /** Told of every change once caches are invalidated: the read cache starts over, search reindexes. */
  readonly onChanged?: (guids: readonly string[]) => Promise<void> | void;
  /** A purge or republish that failed after the write committed: the write stands, the caches expire. */
  readonly onPropagationError?: (error: unknown) => void;
}

/** Catalogue writes and what must follow each of them: invalidation, the shared manifests, the edge purge. */
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
    await this.changed(result.guids);
    return result;
  }

  async insertNewAddons(addons: readonly AddonInput[]): Promise<void> {
    await this.#deps.writer.insertNewAddons(addons);
    await this.changed(addons.map((a) => a.guid));
  }

  /**
   * After a write to these add-ons commits: drop cached manifests, rewrite the shared ones, then purge the
   * edge (in that order, so the edge's refill reads the new manifests). `listings: false` (a rating) purges
   * only the add-on's own pages: listings show its aggregates too, but may lag by their edge lifetime
   * rather than every listing being emptied at each rating.
   */
  async changed(guids: readonly string[], opts: { readonly listings?: boolean } = {}): Promise<void> {
    await this.invalidate(guids);
    try {
      await this.#deps.onChanged?.(guids);
      if (this.#deps.republish && guids.length <= REPUBLISH_LIMIT) await this.#deps.republish(guids);
      const tags = guids.map(addonTag);
      await this.#deps.purger?.purge(opts.listings === false ? tags : [CATALOGUE_TAG, ...tags]);
    } catch (error) {
      this.#deps.onPropagationError?.(error);
    }
  }

  async invalidate(guids: readonly string[]): Promise<void> {
    await Promise.all(this.#deps.caches.map((cache) => cache.invalidate(guids)));
  }
}
