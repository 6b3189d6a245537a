import type { UpdateQuery } from '../update-check.ts';

/**
 * Query parameters that only attribute a visit (analytics, campaigns, AMO's `src`): they never change a
 * page, so they are dropped from the cache key and from the request the origin sees.
 */
const TRACKING_PARAMS = new Set([
  'src',
  'fbclid',
  'gclid',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'mc_cid',
  'mc_eid',
  'yclid',
  '_ga',
  '_gl',
  'ref_src',
]);

export function isTrackingParam(name: string): boolean {
  return name.startsWith('utm_') || TRACKING_PARAMS.has(name);
}

/**
 * The edge cache key of a page or API read: the path and the query with tracking parameters dropped and the
 * rest in canonical order, so that equivalent URLs share one entry. Only the URL is in the key: no request
 * header can change what is stored under it, so no header can poison it.
 */
export function pageCacheKey(path: string, search: URLSearchParams): string {
  const kept: [string, string][] = [];
  for (const [name, value] of search) if (!isTrackingParam(name)) kept.push([name, value]);
  if (kept.length === 0) return path;
  kept.sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return `${path}?${new URLSearchParams(kept)}`;
}

/**
 * The edge cache key of an update check: the four parameters that decide the answer (amo.md a.2). Firefox's
 * other parameters (reqVersion, version, status, appOS, appABI, locale, currentAppVersion, updateType…)
 * differ between installs and must not split the cache.
 */
export function updateCacheKey(query: UpdateQuery): string {
  return `/update/?appID=${formEncode(query.app)}&appVersion=${formEncode(query.appVersion)}&compatMode=${query.compatMode}&id=${formEncode(query.id)}`;
}

/** `URLSearchParams`' encoding of one value, without building one for the common plain values. */
function formEncode(value: string): string {
  return /^[A-Za-z0-9*._-]*$/.test(value) ? value : new URLSearchParams({ v: value }).toString().slice(2);
}

/**
 * The edge's own entries live under this path: `routeEdgeRequest` never stores a visitor's request under it,
 * so no page can take the place of an entry the edge reads back as data.
 */
export const EDGE_INTERNAL_PREFIX = '/__edge/';

/**
 * The edge cache key of an add-on's update manifest: one entry per add-on, from which the edge computes the
 * answer for any appVersion and compatMode (`answerUpdateCheck`, as the origin does).
 */
export function manifestCacheKey(guid: string): string {
  return `${EDGE_INTERNAL_PREFIX}manifest/${encodeURIComponent(guid)}`;
}
