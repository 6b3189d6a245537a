import type { Freshness } from './cache-policy.ts';

/**
 * Where the edge answers an update check from, given what it holds: the stored answer for these four
 * parameters (`updateCacheKey`) and the add-on's stored manifest (`manifestCacheKey`), from which the answer
 * for any appVersion and compatMode is computed by `answerUpdateCheck`, as at the origin.
 *
 * - a fresh answer is served as it is, without parsing the manifest (HIT);
 * - else a fresh manifest answers (HIT), and the answer is stored with the manifest's `storedAt`, so it
 *   never outlives the manifest it was computed from;
 * - else a stale manifest answers (STALE) while one request refreshes it from the layers behind the edge;
 * - else a stale answer (no usable manifest: an origin without the manifest endpoint) is served (STALE)
 *   and refreshed;
 * - else the layers are asked (Redis, the replica, the origin); when they all fail, any entry still within
 *   stale-if-error is served (STALE), the manifest first.
 *
 * Shared by the edge (`functions/update-check.ts`) and the hit-ratio bench, which replays it.
 */
export type UpdateTier =
  | { readonly from: 'answer' | 'manifest'; readonly outcome: 'HIT' | 'STALE' }
  | { readonly from: 'layers' };

/** `answer` and `manifest`: the freshness of each stored entry, undefined when there is none. */
export function updateTier(answer: Freshness | undefined, manifest: Freshness | undefined): UpdateTier {
  if (answer === 'fresh') return { from: 'answer', outcome: 'HIT' };
  if (manifest === 'fresh') return { from: 'manifest', outcome: 'HIT' };
  if (manifest === 'stale') return { from: 'manifest', outcome: 'STALE' };
  if (answer === 'stale') return { from: 'answer', outcome: 'STALE' };
  return { from: 'layers' };
}
