import type { Redis } from 'ioredis';
import type { RateLimiter } from '../../domain/ports.ts';
import { MemoryRateLimiter } from './memory-rate-limiter.ts';

/**
 * Fixed-window counters in Redis, shared by every origin process: INCR, and EXPIRE on the first hit. While
 * Redis is unreachable the counting goes on in this process, so sign-in neither fails nor goes unthrottled.
 */
export class RedisRateLimiter implements RateLimiter {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #local = new MemoryRateLimiter();

  constructor(redis: Redis, prefix: string) {
    this.#redis = redis;
    this.#prefix = `${prefix}ratelimit:`;
  }

  async hit(key: string, limit: number, windowSeconds: number) {
    try {
      return await this.#hit(key, limit, windowSeconds);
    } catch {
      return this.#local.hit(key, limit, windowSeconds);
    }
  }

  async #hit(key: string, limit: number, windowSeconds: number) {
    const results = await this.#redis
      .multi()
      .incr(this.#prefix + key)
      .expire(this.#prefix + key, windowSeconds, 'NX')
      .pttl(this.#prefix + key)
      .exec();
    const count = Number(results?.[0]?.[1] ?? 0);
    const ttl = Number(results?.[2]?.[1] ?? windowSeconds * 1000);
    return { allowed: count <= limit, retryAfterSeconds: Math.max(1, Math.ceil(ttl / 1000)) };
  }

  async reset(key: string): Promise<void> {
    await this.#local.reset(key);
    await this.#redis.del(this.#prefix + key).catch(() => undefined);
  }
}
