import type {
  AddonCard,
  AddonDetail,
  AddonRef,
  Author,
  CatalogueBrowser,
  ListingQuery,
  VersionDetail,
} from '../domain/browse.ts';
import type { Page } from '../domain/ports.ts';

export interface BrowseCacheOptions {
  readonly maxEntries: number;
  /** Longest an entry is used, even without a change signal. */
  readonly ttlMs: number;
  readonly now: () => number;
  /** Changes whenever the catalogue may have changed (a write here, another process's write seen). */
  readonly generation: () => string;
}

interface Entry {
  readonly value: unknown;
  readonly generation: string;
  readonly expiresAt: number;
}

/**
 * Storefront reads kept in the process while the catalogue is unchanged, so a warm page costs no SQL.
 * Results are plain immutable data shared between requests.
 */
export class BrowseCache {
  readonly #entries = new Map<string, Entry>();
  readonly #opts: BrowseCacheOptions;

  constructor(opts: BrowseCacheOptions) {
    this.#opts = opts;
  }

  async get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const generation = this.#opts.generation();
    const now = this.#opts.now();
    const hit = this.#entries.get(key);
    if (hit && hit.generation === generation && hit.expiresAt > now) {
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit.value as T;
    }
    const value = await load();
    this.#entries.set(key, { value, generation, expiresAt: now + this.#opts.ttlMs });
    if (this.#entries.size > this.#opts.maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    return value;
  }

  /** A browser that reads through this cache into `inner` (which carries the request's meter). */
  wrap(inner: CatalogueBrowser): CatalogueBrowser {
    return new CachedCatalogueBrowser(this, inner);
  }
}

class CachedCatalogueBrowser implements CatalogueBrowser {
  readonly #cache: BrowseCache;
  readonly #inner: CatalogueBrowser;

  constructor(cache: BrowseCache, inner: CatalogueBrowser) {
    this.#cache = cache;
    this.#inner = inner;
  }

  findAddon(ref: AddonRef): Promise<AddonDetail | null> {
    return this.#cache.get(`addon:${JSON.stringify(ref)}`, () => this.#inner.findAddon(ref));
  }

  listAddons(query: ListingQuery): Promise<Page<AddonCard>> {
    return this.#cache.get(`list:${JSON.stringify(query)}`, () => this.#inner.listAddons(query));
  }

  listShelves(queries: readonly ListingQuery[]): Promise<AddonCard[][]> {
    return this.#cache.get(`shelves:${JSON.stringify(queries)}`, () => this.#inner.listShelves(queries));
  }

  findAddonsByIds(ids: readonly number[]): Promise<AddonCard[]> {
    return this.#cache.get(`cards:${ids.join(',')}`, () => this.#inner.findAddonsByIds(ids));
  }

  listVersions(addonId: number, page: number, pageSize: number): Promise<Page<VersionDetail>> {
    return this.#cache.get(`versions:${addonId}:${page}:${pageSize}`, () =>
      this.#inner.listVersions(addonId, page, pageSize),
    );
  }

  findVersion(addonId: number, ref: { readonly id: number } | { readonly version: string }) {
    return this.#cache.get(`version:${addonId}:${JSON.stringify(ref)}`, () =>
      this.#inner.findVersion(addonId, ref),
    );
  }

  findAuthor(username: string): Promise<Author | null> {
    return this.#cache.get(`author:${username}`, () => this.#inner.findAuthor(username));
  }
}
