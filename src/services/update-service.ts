import type { CatalogueReader, FillToken, UpdateManifestCache } from '../domain/ports.ts';
import {
  answerUpdateCheck,
  MAX_GUID_LENGTH,
  parseUpdateQuery,
  type UpdateAnswer,
} from '../domain/update-check.ts';
import type { UpdateManifest } from '../domain/update-manifest.ts';

export interface UpdateServiceDeps {
  /** Fastest first: the process LRU, then Redis. Each is optional. */
  readonly caches: readonly UpdateManifestCache[];
  /** May be a replica. */
  readonly reader: CatalogueReader;
  /** For fills right after a write, when a replica may not have it yet. */
  readonly primaryReader: CatalogueReader;
  readonly siteUrl: string;
  readonly onCacheError?: (error: unknown) => void;
}

export type ManifestSource = 'memory' | 'redis' | 'db' | 'none';

/** Answers Firefox's update checks from the nearest tier that holds the add-on's manifest. */
export class UpdateService {
  readonly #deps: UpdateServiceDeps;

  constructor(deps: UpdateServiceDeps) {
    this.#deps = deps;
  }

  async check(get: (name: string) => string | undefined): Promise<UpdateAnswer & { source: ManifestSource }> {
    const query = parseUpdateQuery(get);
    if (!query || query.id.length > MAX_GUID_LENGTH) {
      return { ...answerUpdateCheck(query, null, this.#deps.siteUrl), source: 'none' };
    }
    const { manifest, source } = await this.manifest(query.id);
    return { ...answerUpdateCheck(query, manifest, this.#deps.siteUrl), source };
  }

  async manifest(guid: string): Promise<{ manifest: UpdateManifest | null; source: ManifestSource }> {
    const { caches } = this.#deps;
    const tokens: (FillToken | null)[] = [];
    for (const [tier, cache] of caches.entries()) {
      const found = await this.#safe(() => cache.lookup(guid), null);
      if (found?.hit) {
        await this.#fill(guid, found.manifest, tokens);
        return { manifest: found.manifest, source: tier === 0 ? 'memory' : 'redis' };
      }
      tokens.push(found ? found.token : null);
    }
    const recentWrite = tokens.some((t) => t?.recentWrite);
    const reader = recentWrite ? this.#deps.primaryReader : this.#deps.reader;
    const manifest = await reader.findUpdateManifest(guid);
    await this.#fill(guid, manifest, tokens);
    return { manifest, source: 'db' };
  }

  async #fill(guid: string, manifest: UpdateManifest | null, tokens: readonly (FillToken | null)[]) {
    await Promise.all(
      tokens.map((token, i) =>
        token
          ? this.#safe(
              () => this.#deps.caches[i]?.fill(guid, manifest, token) ?? Promise.resolve(),
              undefined,
            )
          : null,
      ),
    );
  }

  // A cache that is down costs a miss, never the answer.
  async #safe<T>(op: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await op();
    } catch (error) {
      this.#deps.onCacheError?.(error);
      return fallback;
    }
  }
}
