import { Redis } from 'ioredis';
import { MemoryManifestCache } from '../../src/adapters/cache/memory-manifest-cache.ts';
import { RedisManifestCache } from '../../src/adapters/cache/redis-manifest-cache.ts';
import { manifestCacheContract } from './manifest-cache.contract.ts';

function clock() {
  let now = Date.now();
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

manifestCacheContract('memory (process LRU)', async () => {
  const time = clock();
  return {
    cache: new MemoryManifestCache({ maxEntries: 100, pinMs: 15_000, now: time.now }),
    advance: time.advance,
    close: async () => {},
  };
});

manifestCacheContract('Redis', async () => {
  const time = clock();
  const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
  const prefix = `trove-test:${process.pid}:${Date.now()}:`;
  return {
    cache: new RedisManifestCache(redis, { keyPrefix: prefix, pinMs: 15_000, now: time.now }),
    advance: time.advance,
    async close() {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    },
  };
});
