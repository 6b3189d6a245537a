import { LRUCache } from 'lru-cache';
import type { FillToken, ManifestLookup, UpdateManifestCache } from '../../domain/ports.ts';
import type { UpdateManifest } from '../../domain/update-manifest.ts';

export interface MemoryManifestCacheOptions {
  readonly maxEntries: number;
  /** How long after an invalidation a fill reads the primary rather than a possibly lagging replica. */
  readonly pinMs: number;
  readonly now: () => number;
  /** Checked on every lookup; true drops everything (another process committed a write). */
  readonly externalChange?: () => boolean;
  readonly ttlMs?: number;
}

interface Entry {
  readonly manifest: UpdateManifest | null;
}

/** The process-level tier: an LRU of manifests by guid. */
export class MemoryManifestCache implements UpdateManifestCache {
  readonly #lru: LRUCache<string, Entry>;
  readonly #invalidatedAt = new Map<string, number>();
  readonly #opts: MemoryManifestCacheOptions;
  #generation = 0;

  constructor(opts: MemoryManifestCacheOptions) {
    this.#opts = opts;
    this.#lru = new LRUCache({ max: opts.maxEntries, ttl: opts.ttlMs ?? 3_600_000 });
  }

  async lookup(guid: string): Promise<ManifestLookup> {
    if (this.#opts.externalChange?.()) this.clear();
    const entry = this.#lru.get(guid);
    if (entry) return { hit: true, manifest: entry.manifest };
    const at = this.#invalidatedAt.get(guid);
    const recentWrite = at !== undefined && this.#opts.now() - at < this.#opts.pinMs;
    return { hit: false, token: { generation: String(this.#generation), recentWrite } };
  }

  async fill(guid: string, manifest: UpdateManifest | null, token: FillToken): Promise<void> {
    if (token.generation === String(this.#generation)) this.#lru.set(guid, { manifest });
  }

  async invalidate(guids: readonly string[]): Promise<void> {
    this.#generation++;
    const now = this.#opts.now();
    for (const [guid, at] of this.#invalidatedAt) {
      if (now - at >= this.#opts.pinMs) this.#invalidatedAt.delete(guid);
    }
    for (const guid of guids) {
      this.#lru.delete(guid);
      this.#invalidatedAt.set(guid, now);
    }
  }

  /** Drops every entry; fills already under way are discarded too. */
  clear(): void {
    this.#generation++;
    this.#lru.clear();
  }

  get size(): number {
    return this.#lru.size;
  }
}
