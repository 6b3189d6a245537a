import type { Redis } from 'ioredis';
import type { FillToken, ManifestLookup, UpdateManifestCache } from '../../domain/ports.ts';
import type { UpdateManifest } from '../../domain/update-manifest.ts';

export interface RedisManifestCacheOptions {
  readonly keyPrefix: string;
  readonly pinMs: number;
  readonly now: () => number;
  readonly ttlSeconds?: number;
  /** Where invalidated guids are published, so every origin process can drop its own copies. */
  readonly channel?: string;
  /** Names this writer in what it publishes (`{sender, guids}`), so that it can skip its own messages. */
  readonly sender?: string;
}

// Stores the manifest only while the guid's generation is still the one the fill started from.
const FILL_IF_CURRENT = `
local gen = redis.call('GET', KEYS[2]) or '0'
if gen == ARGV[2] then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
  return 1
end
return 0`;

/**
 * The shared tier: manifests in Redis, one key per guid, with a generation key per guid that every
 * invalidation bumps (its value starts with the write time, which tells a fill to read the primary).
 */
export class RedisManifestCache implements UpdateManifestCache {
  readonly #redis: Redis;
  readonly #opts: RedisManifestCacheOptions;

  constructor(redis: Redis, opts: RedisManifestCacheOptions) {
    this.#redis = redis;
    this.#opts = opts;
  }

  #keys(guid: string): [string, string] {
    return [`${this.#opts.keyPrefix}manifest:${guid}`, `${this.#opts.keyPrefix}gen:${guid}`];
  }

  async lookup(guid: string): Promise<ManifestLookup> {
    const [value, generation] = await this.#redis.mget(...this.#keys(guid));
    if (value !== null && value !== undefined)
      return { hit: true, manifest: JSON.parse(value) as UpdateManifest | null };
    const gen = generation ?? '0';
    const writtenAt = Number(gen.split('-')[0]);
    const recentWrite = gen !== '0' && this.#opts.now() - writtenAt < this.#opts.pinMs;
    return { hit: false, token: { generation: gen, recentWrite } };
  }

  async fill(guid: string, manifest: UpdateManifest | null, token: FillToken): Promise<void> {
    await this.#redis.eval(
      FILL_IF_CURRENT,
      2,
      ...this.#keys(guid),
      JSON.stringify(manifest),
      token.generation,
      String(this.#opts.ttlSeconds ?? 86_400),
    );
  }

  async invalidate(guids: readonly string[]): Promise<void> {
    if (guids.length === 0) return;
    const pipeline = this.#redis.pipeline();
    const generation = `${this.#opts.now()}-${Math.random().toString(36).slice(2, 10)}`;
    for (const guid of guids) {
      const [manifestKey, genKey] = this.#keys(guid);
      pipeline.set(genKey, generation, 'EX', 86_400).del(manifestKey);
    }
    if (this.#opts.channel) {
      pipeline.publish(this.#opts.channel, JSON.stringify({ sender: this.#opts.sender ?? '', guids }));
    }
    const results = await pipeline.exec();
    const failed = results?.find(([error]) => error);
    if (failed?.[0]) throw failed[0];
  }
}
