import { describe, expect, it } from 'vitest';
import type { Freshness } from '../../src/domain/edge/cache-policy.ts';
import { updateTier } from '../../src/domain/edge/update-tier.ts';

describe('updateTier', () => {
  it.each<[Freshness | undefined, Freshness | undefined, ReturnType<typeof updateTier>]>([
    ['fresh', undefined, { from: 'answer', outcome: 'HIT' }],
    ['fresh', 'stale', { from: 'answer', outcome: 'HIT' }],
    [undefined, 'fresh', { from: 'manifest', outcome: 'HIT' }],
    ['stale', 'fresh', { from: 'manifest', outcome: 'HIT' }],
    ['expired', 'fresh', { from: 'manifest', outcome: 'HIT' }],
    [undefined, 'stale', { from: 'manifest', outcome: 'STALE' }],
    ['stale', 'stale', { from: 'manifest', outcome: 'STALE' }],
    ['stale', undefined, { from: 'answer', outcome: 'STALE' }],
    ['stale', 'stale-if-error', { from: 'answer', outcome: 'STALE' }],
    [undefined, undefined, { from: 'layers' }],
    ['stale-if-error', 'stale-if-error', { from: 'layers' }],
    ['expired', 'expired', { from: 'layers' }],
  ])('answer %s, manifest %s: %o', (answer, manifest, tier) => {
    expect(updateTier(answer, manifest)).toEqual(tier);
  });
});
