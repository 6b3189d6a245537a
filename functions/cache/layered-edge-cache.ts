import type { EdgeCache, StoredResponse } from '../../src/domain/edge/ports.ts';

/** A fast tier in front of a shared one: reads fall through and are copied up, writes and purges reach both. */
export class LayeredEdgeCache implements EdgeCache {
  readonly #near: EdgeCache;
  readonly #far: EdgeCache;

  constructor(near: EdgeCache, far: EdgeCache) {
    this.#near = near;
    this.#far = far;
  }

  async match(key: string): Promise<StoredResponse | undefined> {
    const near = await this.#near.match(key);
    if (near) return near;
    const far = await this.#far.match(key);
    if (far) await this.#near.put(key, far);
    return far;
  }

  async put(key: string, entry: StoredResponse): Promise<void> {
    await Promise.all([this.#near.put(key, entry), this.#far.put(key, entry)]);
  }

  async purgeTags(tags: readonly string[]): Promise<number> {
    const [, far] = await Promise.all([this.#near.purgeTags(tags), this.#far.purgeTags(tags)]);
    return far;
  }
}
