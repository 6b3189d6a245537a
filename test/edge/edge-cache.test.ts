import { describe, expect, it } from 'vitest';
import { CacheApiEdgeCache } from '../../functions/cache/cache-api-edge-cache.ts';
import { LayeredEdgeCache } from '../../functions/cache/layered-edge-cache.ts';
import { MemoryEdgeCache } from '../../functions/cache/memory-edge-cache.ts';
import { edgeCacheContract } from './edge-cache.contract.ts';
import { isolatedCache, sleep, storedResponse, testClock, uniqueKey } from './factories.ts';

const memory = (clock: { now: () => number }, maxAgeSeconds = 0) =>
  new MemoryEdgeCache({ maxEntries: 1_000, now: clock.now, maxAgeSeconds });

edgeCacheContract('memory', async () => {
  const clock = testClock();
  return { cache: memory(clock), clock, elapse: async (ms) => clock.advance(ms) };
});

// The Cache API expires entries by their s-maxage in real time: retention is checked by waiting (2.1 s).
edgeCacheContract('cache-api (caches.default)', async () => {
  const clock = testClock();
  const elapse = async (ms: number) => {
    clock.advance(ms);
    await sleep(ms);
  };
  return { cache: new CacheApiEdgeCache(caches.default), clock, elapse };
});

edgeCacheContract('layered (memory, then cache-api)', async () => {
  const clock = testClock();
  const elapse = async (ms: number) => {
    clock.advance(ms);
    await sleep(ms);
  };
  const cache = new LayeredEdgeCache(memory(clock, 2), new CacheApiEdgeCache(await isolatedCache()));
  return { cache, clock, elapse };
});

describe('layered edge cache', () => {
  it('reads the shared tier once the memory tier stops trusting its copy, and copies it up', async () => {
    const clock = testClock();
    const near = memory(clock, 2);
    const cache = new LayeredEdgeCache(near, new CacheApiEdgeCache(await isolatedCache()));
    const key = uniqueKey();
    const entry = storedResponse({ storedAt: clock.now() });
    await cache.put(key, entry);
    clock.advance(2_500);
    expect(await near.match(key)).toBeUndefined();

    const found = await cache.match(key);
    expect(found && new TextDecoder().decode(found.body)).toBe(new TextDecoder().decode(entry.body));
    expect(found).toMatchObject({
      status: 200,
      storedAt: entry.storedAt,
      policy: entry.policy,
      tags: entry.tags,
    });
    expect(await near.match(key)).toBe(found);
  });

  it('purges both tiers', async () => {
    const clock = testClock();
    const near = memory(clock, 2);
    const cache = new LayeredEdgeCache(near, new CacheApiEdgeCache(await isolatedCache()));
    const key = uniqueKey();
    await cache.put(key, storedResponse({ tags: ['addon:x'], storedAt: clock.now() }));
    expect(await cache.purgeTags(['addon:x'])).toBe(1);
    expect(await near.match(key)).toBeUndefined();
    clock.advance(2_500);
    expect(await cache.match(key)).toBeUndefined();
  });
});
