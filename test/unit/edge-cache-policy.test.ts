import { describe, expect, it } from 'vitest';
import {
  addonTag,
  edgePolicyOf,
  formatCacheTags,
  freshnessOf,
  parseCacheTags,
} from '../../src/domain/edge/cache-policy.ts';

describe('edgePolicyOf', () => {
  it('reads s-maxage before max-age, and the stale windows', () => {
    expect(
      edgePolicyOf(
        200,
        'public, max-age=60, s-maxage=300, stale-while-revalidate=600, stale-if-error=86400',
        false,
      ),
    ).toEqual({
      ttl: 300,
      swr: 600,
      sie: 86_400,
    });
    expect(edgePolicyOf(200, 'max-age=3600', false)).toEqual({ ttl: 3600, swr: 0, sie: 0 });
  });

  it('refuses what must not be shared', () => {
    expect(edgePolicyOf(200, 'private, max-age=60', false)).toBeNull();
    expect(edgePolicyOf(200, 'no-store', false)).toBeNull();
    expect(edgePolicyOf(200, 'no-cache, max-age=60', false)).toBeNull();
    expect(edgePolicyOf(200, 'public, max-age=60', true)).toBeNull();
    expect(edgePolicyOf(200, 'public', false)).toBeNull();
    expect(edgePolicyOf(200, null, false)).toBeNull();
    expect(edgePolicyOf(500, 'public, max-age=60', false)).toBeNull();
    expect(edgePolicyOf(206, 'public, max-age=60', false)).toBeNull();
    expect(edgePolicyOf(404, 'public, max-age=60', false)).toEqual({ ttl: 60, swr: 0, sie: 0 });
  });
});

describe('freshnessOf', () => {
  const policy = { ttl: 10, swr: 20, sie: 30 };
  it('moves from fresh to stale, to stale-if-error, to expired', () => {
    expect(freshnessOf(0, policy, 9_999)).toBe('fresh');
    expect(freshnessOf(0, policy, 10_000)).toBe('stale');
    expect(freshnessOf(0, policy, 29_999)).toBe('stale');
    expect(freshnessOf(0, policy, 30_000)).toBe('stale-if-error');
    expect(freshnessOf(0, policy, 60_000)).toBe('expired');
  });
});

describe('cache tags', () => {
  it('encodes guids into printable ASCII without commas, and round-trips', () => {
    const tags = [addonTag('{a,b}@x y'), addonTag('tabs@trove.test')];
    expect(tags[0]).toMatch(/^[\x21-\x7e]+$/);
    expect(tags[0]).not.toContain(',');
    expect(parseCacheTags(formatCacheTags(tags))).toEqual(tags);
  });
});
