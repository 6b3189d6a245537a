import { describe, expect, it } from 'vitest';
import type { EdgeCache, StoredResponse } from '../../src/domain/edge/ports.ts';
import { storedResponse, type TestClock, uniqueKey } from './factories.ts';

export interface EdgeCacheSubject {
  readonly cache: EdgeCache;
  readonly clock: TestClock;
  /** Lets this much time pass for the adapter: its injected clock, and real time where the store keeps its own. */
  elapse(ms: number): Promise<void>;
}

/** Header order is not part of the contract; names are compared in lower case. */
const headersOf = (entry: StoredResponse) =>
  Object.fromEntries(entry.headers.map(([name, value]) => [name.toLowerCase(), value]));

const withoutHeaders = ({ headers: _, body, ...rest }: StoredResponse) => ({ ...rest, body: [...body] });

/** What every EdgeCache adapter must do (src/domain/edge/ports.ts). */
export function edgeCacheContract(name: string, open: () => Promise<EdgeCacheSubject>): void {
  describe(`edge cache contract: ${name}`, () => {
    it('misses an unknown key', async () => {
      const { cache } = await open();
      expect(await cache.match(uniqueKey())).toBeUndefined();
    });

    it.each([
      { status: 200 },
      { status: 404, body: 'not found', tags: ['addon:a%40b', 'catalogue'] },
      { status: 301, headers: [['location', '/en-US/firefox/']] as const, body: '' },
    ])(
      'returns what was put: status $status, headers, body bytes, storedAt, policy and tags',
      async (over) => {
        const { cache, clock } = await open();
        const key = uniqueKey();
        const entry = storedResponse({
          ...over,
          storedAt: clock.now(),
          policy: { ttl: 30, swr: 5, sie: 600 },
        });
        await cache.put(key, entry);
        const found = await cache.match(key);
        expect(found && withoutHeaders(found)).toEqual(withoutHeaders(entry));
        expect(found && headersOf(found)).toMatchObject(headersOf(entry));
      },
    );

    it('returns no header that was not put', async () => {
      const { cache, clock } = await open();
      const key = uniqueKey();
      const entry = storedResponse({ storedAt: clock.now() });
      await cache.put(key, entry);
      const found = await cache.match(key);
      expect(found && headersOf(found)).toEqual(headersOf(entry));
    });

    it('replaces an entry on a second put', async () => {
      const { cache, clock } = await open();
      const key = uniqueKey();
      await cache.put(key, storedResponse({ body: 'first', tags: ['old'], storedAt: clock.now() }));
      const second = storedResponse({
        status: 404,
        body: 'second',
        tags: ['new'],
        storedAt: clock.now() + 1,
      });
      await cache.put(key, second);
      const found = await cache.match(key);
      expect(found && withoutHeaders(found)).toEqual(withoutHeaders(second));
      expect(found && headersOf(found)).toMatchObject(headersOf(second));
    });

    it('forgets the tags of a replaced entry', async () => {
      const { cache, clock } = await open();
      const key = uniqueKey();
      await cache.put(key, storedResponse({ tags: ['old'], storedAt: clock.now() }));
      await cache.put(key, storedResponse({ tags: ['new'], storedAt: clock.now() + 1 }));
      expect(await cache.purgeTags(['old'])).toBe(0);
      expect((await cache.match(key))?.tags).toEqual(['new']);
      expect(await cache.purgeTags(['new'])).toBe(1);
    });

    it('purges every entry carrying any of the tags, counts each once, and leaves the others', async () => {
      const { cache, clock } = await open();
      const [one, two, other] = [uniqueKey(), uniqueKey(), uniqueKey()];
      const storedAt = clock.now();
      await cache.put(one, storedResponse({ tags: ['addon:one'], storedAt }));
      await cache.put(two, storedResponse({ tags: ['addon:two', 'catalogue'], storedAt }));
      await cache.put(other, storedResponse({ tags: ['addon:other'], storedAt }));

      expect(await cache.purgeTags(['addon:one', 'addon:two', 'catalogue', 'addon:unknown'])).toBe(2);
      expect(await cache.match(one)).toBeUndefined();
      expect(await cache.match(two)).toBeUndefined();
      expect((await cache.match(other))?.tags).toEqual(['addon:other']);
      expect(await cache.purgeTags(['addon:one'])).toBe(0);
    });

    it('keeps an entry for ttl + swr + sie, then no longer serves it', async () => {
      const { cache, clock, elapse } = await open();
      // Two entries kept 2 s, one only through swr, the other only through sie: both terms must count.
      const [withSwr, withSie] = [uniqueKey(), uniqueKey()];
      await cache.put(withSwr, storedResponse({ storedAt: clock.now(), policy: { ttl: 1, swr: 1, sie: 0 } }));
      await cache.put(withSie, storedResponse({ storedAt: clock.now(), policy: { ttl: 1, swr: 0, sie: 1 } }));
      await elapse(1_500);
      expect(await cache.match(withSwr)).toBeDefined();
      expect(await cache.match(withSie)).toBeDefined();
      await elapse(700);
      expect(await cache.match(withSwr)).toBeUndefined();
      expect(await cache.match(withSie)).toBeUndefined();
    });
  });
}
