import type { CatalogueReader, FillToken, StatementMeter, UpdateManifestCache } from '../domain/ports.ts';
import {
  answerUpdateCheck,
  MAX_GUID_LENGTH,
  parseUpdateQuery,
  selectUpdate,
  type UpdateAnswer,
} from '../domain/update-check.ts';
import type { UpdateManifest } from '../domain/update-manifest.ts';

export interface UpdateServiceDeps {
  /** Fastest first: the process LRU, then Redis. Each is optional. */
  readonly caches: readonly UpdateManifestCache[];
  /**
   * Readers that report to `meter`, made only when a check reaches the database: `reader` may be a
   * replica, `primaryReader` serves fills right after a write, when a replica may not have it yet.
   */
  readers(meter?: StatementMeter): {
    readonly reader: CatalogueReader;
    readonly primaryReader: CatalogueReader;
  };
  readonly siteUrl: string;
  readonly onCacheError?: (error: unknown) => void;
  /** Shared by every request of a process. */
  readonly rendered?: RenderedAnswers;
}

export type ManifestSource = 'memory' | 'redis' | 'db' | 'none';

/** The answer (the same object for repeated identical checks, so callers may cache by it) and where it came from. */
export interface UpdateResult {
  readonly answer: UpdateAnswer;
  readonly source: ManifestSource;
}

/**
 * Answers already rendered, by query, each with the manifest object it was rendered from: a manifest held
 * by the process cache is the same object on every hit, and an entry whose manifest was replaced since
 * (after a write) no longer matches and is rendered anew. A Map, not a WeakMap keyed by manifest: hundreds
 * of thousands of weak keys make every garbage collection slower.
 */
export class RenderedAnswers {
  readonly #entries = new Map<string, { readonly manifest: UpdateManifest; readonly answer: UpdateAnswer }>();
  readonly #max: number;

  constructor(max: number) {
    this.#max = max;
  }

  get(key: string, manifest: UpdateManifest): UpdateAnswer | undefined {
    const entry = this.#entries.get(key);
    return entry?.manifest === manifest ? entry.answer : undefined;
  }

  set(key: string, manifest: UpdateManifest, answer: UpdateAnswer): void {
    // Evicts everything when full: simpler than LRU bookkeeping on the hot path, and refills in seconds.
    if (this.#entries.size >= this.#max) this.#entries.clear();
    this.#entries.set(key, { manifest, answer });
  }
}

/** Answers Firefox's update checks from the nearest tier that holds the add-on's manifest. */
export class UpdateService {
  readonly #deps: UpdateServiceDeps;

  constructor(deps: UpdateServiceDeps) {
    this.#deps = deps;
  }

  async check(get: (name: string) => string | undefined, meter?: StatementMeter): Promise<UpdateResult> {
    const query = parseUpdateQuery(get);
    if (!query || query.id.length > MAX_GUID_LENGTH) {
      return { answer: answerUpdateCheck(query, null, this.#deps.siteUrl), source: 'none' };
    }
    const { manifest, source } = await this.manifest(query.id, meter);
    if (!manifest) return { answer: answerUpdateCheck(query, null, this.#deps.siteUrl), source };
    const rendered = this.#deps.rendered;
    // The answer depends on the version selected, not on the exact app version asked about: far fewer keys.
    const key = `${query.id}\n${query.app}\n${selectUpdate(manifest, query)?.id ?? 0}`;
    let answer = rendered?.get(key, manifest);
    if (!answer) {
      answer = answerUpdateCheck(query, manifest, this.#deps.siteUrl);
      rendered?.set(key, manifest, answer);
    }
    return { answer, source };
  }

  async manifest(
    guid: string,
    meter?: StatementMeter,
  ): Promise<{ manifest: UpdateManifest | null; source: ManifestSource }> {
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
    const readers = this.#deps.readers(meter);
    const reader = recentWrite ? readers.primaryReader : readers.reader;
    const manifest = await reader.findUpdateManifest(guid);
    await this.#fill(guid, manifest, tokens);
    return { manifest, source: 'db' };
  }

  /**
   * Loads the manifests of the `max` most used add-ons into the first cache tier, `batchSize` add-ons per
   * pair of statements, so that a fresh origin answers from memory instead of the database. Safe against
   * concurrent writes: each fill carries the token of a lookup made before its read.
   */
  async warm(opts: { max: number; batchSize?: number }): Promise<number> {
    const cache = this.#deps.caches[0];
    if (!cache || opts.max <= 0) return 0;
    const { reader } = this.#deps.readers();
    const guids = await reader.listUpdateGuids(opts.max);
    const size = opts.batchSize ?? 500;
    let warmed = 0;
    for (let i = 0; i < guids.length; i += size) {
      const batch = guids.slice(i, i + size);
      const tokens = await Promise.all(batch.map((guid) => cache.lookup(guid)));
      const manifests = await reader.findUpdateManifests(batch);
      await Promise.all(
        batch.map((guid, j) => {
          const found = tokens[j];
          const manifest = manifests.get(guid);
          if (!found || found.hit || !manifest) return null;
          warmed++;
          return cache.fill(guid, manifest, found.token);
        }),
      );
      // Synchronous drivers (SQLite) never yield: let waiting requests in between batches.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    return warmed;
  }

  async #fill(guid: string, manifest: UpdateManifest | null, tokens: readonly (FillToken | null)[]) {
    if (tokens.length === 0) return;
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
