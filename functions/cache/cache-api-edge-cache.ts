import { formatCacheTags, retentionOf } from '../../src/domain/edge/cache-policy.ts';
import type { EdgeCache, StoredResponse } from '../../src/domain/edge/ports.ts';

/** Cache API entries live under this host; the key's path and query follow it. */
const KEY_ORIGIN = 'https://edge-cache.trove.internal';
/** The entry's own metadata and the visitor's headers, exactly as stored (the Cache API adds and rewrites some). */
const META = 'x-trove-entry';

interface Meta {
  readonly headers: readonly (readonly [string, string])[];
  readonly storedAt: number;
  readonly policy: StoredResponse['policy'];
  readonly tags: readonly string[];
}

/**
 * `caches.default`: shared by every isolate in a data centre. The Cache API knows nothing of
 * stale-while-revalidate, so an entry is kept (`s-maxage`) for its whole retention and its freshness is
 * decided from the stored time and policy. `Cache-Tag` is stored too, so a zone purge by tag reaches every
 * data centre in production; the tag index below covers what this isolate stored.
 */
export class CacheApiEdgeCache implements EdgeCache {
  readonly #cache: Cache;
  readonly #keysByTag = new Map<string, Set<string>>();
  readonly #tagsByKey = new Map<string, readonly string[]>();

  constructor(cache: Cache) {
    this.#cache = cache;
  }

  async match(key: string): Promise<StoredResponse | undefined> {
    const res = await this.#cache.match(KEY_ORIGIN + key);
    if (!res) {
      this.#untag(key);
      return undefined;
    }
    const meta = JSON.parse(res.headers.get(META) ?? 'null') as Meta | null;
    if (!meta) return undefined;
    return {
      status: res.status,
      headers: meta.headers,
      body: new Uint8Array(await res.arrayBuffer()),
      storedAt: meta.storedAt,
      policy: meta.policy,
      tags: meta.tags,
    };
  }

  async put(key: string, entry: StoredResponse): Promise<void> {
    const meta: Meta = {
      headers: entry.headers,
      storedAt: entry.storedAt,
      policy: entry.policy,
      tags: entry.tags,
    };
    const headers = new Headers({
      'cache-control': `public, s-maxage=${retentionOf(entry.policy)}`,
      [META]: JSON.stringify(meta),
    });
    if (entry.tags.length > 0) headers.set('cache-tag', formatCacheTags(entry.tags));
    await this.#cache.put(KEY_ORIGIN + key, new Response(entry.body, { status: entry.status, headers }));
    this.#untag(key);
    this.#tagsByKey.set(key, entry.tags);
    for (const tag of entry.tags) {
      let keys = this.#keysByTag.get(tag);
      if (!keys) {
        keys = new Set();
        this.#keysByTag.set(tag, keys);
      }
      keys.add(key);
    }
  }

  async purgeTags(tags: readonly string[]): Promise<number> {
    let purged = 0;
    for (const tag of tags) {
      for (const key of [...(this.#keysByTag.get(tag) ?? [])]) {
        this.#untag(key);
        if (await this.#cache.delete(KEY_ORIGIN + key)) purged++;
      }
    }
    return purged;
  }

  /** Forgets which tags `key` had (it was replaced, purged, or expired from the Cache API). */
  #untag(key: string): void {
    for (const tag of this.#tagsByKey.get(key) ?? []) {
      const keys = this.#keysByTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.#keysByTag.delete(tag);
    }
    this.#tagsByKey.delete(key);
  }
}
