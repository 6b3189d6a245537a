import { LRUCache } from 'lru-cache';
import { retentionOf } from '../../src/domain/edge/cache-policy.ts';
import type { EdgeCache, StoredResponse } from '../../src/domain/edge/ports.ts';

export interface MemoryEdgeCacheOptions {
  readonly maxEntries: number;
  readonly now: () => number;
  /** Trust an entry at most this long after it was put here (a tier in front of a shared cache); 0: no cap. */
  readonly maxAgeSeconds?: number;
}

interface Held {
  readonly entry: StoredResponse;
  readonly expiresAt: number;
}

/** The isolate's own tier: an LRU of stored responses with a tag index for purges. */
export class MemoryEdgeCache implements EdgeCache {
  readonly #entries: LRUCache<string, Held>;
  readonly #tags = new Map<string, Set<string>>();
  readonly #opts: MemoryEdgeCacheOptions;

  constructor(opts: MemoryEdgeCacheOptions) {
    this.#opts = opts;
    this.#entries = new LRUCache({
      max: Math.max(1, opts.maxEntries),
      dispose: (held, key) => this.#untag(key, held.entry.tags),
    });
  }

  async match(key: string): Promise<StoredResponse | undefined> {
    const held = this.#entries.get(key);
    if (!held) return undefined;
    if (this.#opts.now() >= held.expiresAt) {
      this.#entries.delete(key);
      return undefined;
    }
    return held.entry;
  }

  async put(key: string, entry: StoredResponse): Promise<void> {
    const retained = entry.storedAt + retentionOf(entry.policy) * 1000;
    const cap = this.#opts.maxAgeSeconds ? this.#opts.now() + this.#opts.maxAgeSeconds * 1000 : retained;
    this.#entries.set(key, { entry, expiresAt: Math.min(retained, cap) });
    for (const tag of entry.tags) {
      let keys = this.#tags.get(tag);
      if (!keys) {
        keys = new Set();
        this.#tags.set(tag, keys);
      }
      keys.add(key);
    }
  }

  async purgeTags(tags: readonly string[]): Promise<number> {
    let purged = 0;
    for (const tag of tags) {
      for (const key of [...(this.#tags.get(tag) ?? [])]) if (this.#entries.delete(key)) purged++;
    }
    return purged;
  }

  #untag(key: string, tags: readonly string[]): void {
    for (const tag of tags) {
      const keys = this.#tags.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.#tags.delete(tag);
    }
  }
}
