import { formatCacheTags, parseCacheTags, retentionOf } from '../../src/domain/edge/cache-policy.ts';
import type { EdgeCache, StoredResponse } from '../../src/domain/edge/ports.ts';

/** Cache API entries live under this host; the key's path and query follow it. */
const KEY_ORIGIN = 'https://edge-cache.trove.internal';
const STORED_AT = 'x-trove-stored-at';
const POLICY = 'x-trove-policy';

/**
 * `caches.default`: shared by every isolate in a data centre. The Cache API knows nothing of
 * stale-while-revalidate, so an entry is kept (`s-maxage`) for its whole retention and its freshness is
 * decided from the stored time and policy. `Cache-Tag` is stored too, so a zone purge by tag reaches every
 * data centre in production; locally (one workerd) the tag index below is exact.
 */
export class CacheApiEdgeCache implements EdgeCache {
  readonly #cache: Cache;
  readonly #tags = new Map<string, Set<string>>();

  constructor(cache: Cache) {
    this.#cache = cache;
  }

  async match(key: string): Promise<StoredResponse | undefined> {
    const res = await this.#cache.match(KEY_ORIGIN + key);
    if (!res) return undefined;
    const policy = (res.headers.get(POLICY) ?? '').split(',').map(Number);
    const [ttl = 0, swr = 0, sie = 0] = policy;
    const headers: [string, string][] = [];
    res.headers.forEach((value, name) => {
      if (name !== STORED_AT && name !== POLICY && name !== 'cache-tag' && name !== 'cache-control') {
        headers.push([name, value]);
      }
    });
    const visitorCacheControl = res.headers.get('x-trove-cache-control');
    const filtered = headers.filter(([n]) => n !== 'x-trove-cache-control');
    if (visitorCacheControl) filtered.push(['cache-control', visitorCacheControl]);
    return {
      status: res.status,
      headers: filtered,
      body: new Uint8Array(await res.arrayBuffer()),
      storedAt: Number(res.headers.get(STORED_AT)),
      policy: { ttl, swr, sie },
      tags: parseCacheTags(res.headers.get('cache-tag')),
    };
  }

  async put(key: string, entry: StoredResponse): Promise<void> {
    const headers = new Headers();
    for (const [name, value] of entry.headers) {
      if (name.toLowerCase() === 'cache-control') headers.set('x-trove-cache-control', value);
      else headers.append(name, value);
    }
    headers.set('cache-control', `public, s-maxage=${retentionOf(entry.policy)}`);
    headers.set(STORED_AT, String(entry.storedAt));
    headers.set(POLICY, `${entry.policy.ttl},${entry.policy.swr},${entry.policy.sie}`);
    if (entry.tags.length > 0) headers.set('cache-tag', formatCacheTags(entry.tags));
    // The Cache API refuses to store some statuses (204, 304…) under their own; the edge only shares 2xx/3xx/4xx bodies.
    await this.#cache.put(KEY_ORIGIN + key, new Response(entry.body, { status: entry.status, headers }));
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
      const keys = this.#tags.get(tag);
      if (!keys) continue;
      this.#tags.delete(tag);
      for (const key of keys) if (await this.#cache.delete(KEY_ORIGIN + key)) purged++;
    }
    return purged;
  }
}
