import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UpdateManifestCache } from '../../src/domain/ports.ts';
import type { UpdateManifest } from '../../src/domain/update-manifest.ts';

export interface CacheBackend {
  readonly cache: UpdateManifestCache;
  /** Moves the cache's clock forward. */
  advance(ms: number): void;
  close(): Promise<void>;
}

let n = 0;
const manifest = (guid: string): UpdateManifest => ({ addonId: ++n, guid, slug: `s${n}`, versions: [] });
const guid = () => `cache-${Date.now()}-${++n}@trove.test`;

/** What every update-manifest cache must do; `pinMs` of the backend under test must be 15 000. */
export function manifestCacheContract(name: string, open: () => Promise<CacheBackend>): void {
  describe(`update manifest cache contract: ${name}`, () => {
    let backend: CacheBackend;
    beforeAll(async () => {
      backend = await open();
    });
    afterAll(() => backend?.close());

    it('misses, then hits after a fill, including a cached "unknown add-on"', async () => {
      const [known, unknown] = [guid(), guid()];
      const miss = await backend.cache.lookup(known);
      expect(miss.hit).toBe(false);
      if (miss.hit) return;
      await backend.cache.fill(known, manifest(known), miss.token);
      expect(await backend.cache.lookup(known)).toMatchObject({ hit: true, manifest: { guid: known } });
      const miss2 = await backend.cache.lookup(unknown);
      if (miss2.hit) throw new Error('expected a miss');
      await backend.cache.fill(unknown, null, miss2.token);
      expect(await backend.cache.lookup(unknown)).toEqual({ hit: true, manifest: null });
    });

    it('forgets a guid on invalidate', async () => {
      const g = guid();
      const miss = await backend.cache.lookup(g);
      if (miss.hit) throw new Error('expected a miss');
      await backend.cache.fill(g, manifest(g), miss.token);
      await backend.cache.invalidate([g]);
      expect((await backend.cache.lookup(g)).hit).toBe(false);
    });

    it('drops a fill that raced an invalidation', async () => {
      const g = guid();
      const miss = await backend.cache.lookup(g);
      if (miss.hit) throw new Error('expected a miss');
      await backend.cache.invalidate([g]);
      await backend.cache.fill(g, manifest(g), miss.token);
      expect((await backend.cache.lookup(g)).hit).toBe(false);
    });

    it('asks for the primary right after a write, and not once the pin window has passed', async () => {
      const g = guid();
      await backend.cache.invalidate([g]);
      const recent = await backend.cache.lookup(g);
      expect(recent).toMatchObject({ hit: false, token: { recentWrite: true } });
      backend.advance(15_001);
      expect(await backend.cache.lookup(g)).toMatchObject({ hit: false, token: { recentWrite: false } });
      const untouched = await backend.cache.lookup(guid());
      expect(untouched).toMatchObject({ hit: false, token: { recentWrite: false } });
    });
  });
}
