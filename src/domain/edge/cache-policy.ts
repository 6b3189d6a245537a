/** How long the edge may use a stored response, in seconds, read from the origin's `Cache-Control`. */
export interface EdgePolicy {
  /** Fresh for this long: served as a HIT. */
  readonly ttl: number;
  /** Then served as STALE while one request refreshes it in the background. */
  readonly swr: number;
  /** Then, for this long, served as STALE only when the origin is down or failing. */
  readonly sie: number;
}

/** Statuses worth sharing; anything else (5xx, 206, 304, 401, 403…) always goes back to the origin. */
const SHAREABLE = new Set([200, 203, 204, 300, 301, 302, 307, 308, 404, 410]);

function directives(cacheControl: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const part of cacheControl.toLowerCase().split(',')) {
    const [name, value] = part.trim().split('=', 2);
    if (name) found.set(name, value?.replaceAll('"', '') ?? '');
  }
  return found;
}

function seconds(value: string | undefined): number {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}

/**
 * The edge's policy for an origin response, or null when it must not be shared: not public, private,
 * no-store, no-cache, a cookie being set, or nothing that says how long. `s-maxage` wins over `max-age`.
 */
export function edgePolicyOf(
  status: number,
  cacheControl: string | null,
  setsCookie: boolean,
): EdgePolicy | null {
  if (!SHAREABLE.has(status) || setsCookie || !cacheControl) return null;
  const d = directives(cacheControl);
  if (d.has('private') || d.has('no-store') || d.has('no-cache')) return null;
  const ttl = seconds(d.get('s-maxage') ?? d.get('max-age'));
  if (ttl === 0) return null;
  return { ttl, swr: seconds(d.get('stale-while-revalidate')), sie: seconds(d.get('stale-if-error')) };
}

export type Freshness = 'fresh' | 'stale' | 'stale-if-error' | 'expired';

export function freshnessOf(storedAtMs: number, policy: EdgePolicy, nowMs: number): Freshness {
  const age = (nowMs - storedAtMs) / 1000;
  if (age < policy.ttl) return 'fresh';
  if (age < policy.ttl + policy.swr) return 'stale';
  if (age < policy.ttl + policy.swr + policy.sie) return 'stale-if-error';
  return 'expired';
}

/** How long a store must keep an entry so that every state above stays reachable. */
export function retentionOf(policy: EdgePolicy): number {
  return policy.ttl + policy.swr + policy.sie;
}

/** Purged when anything in the catalogue changes: home, listings, search. */
export const CATALOGUE_TAG = 'catalogue';

/** Purged when this add-on, its versions or its listing change: its pages, API reads and update answers. */
export function addonTag(guid: string): string {
  return `addon:${encodeURIComponent(guid)}`;
}

/** `Cache-Tag` syntax: comma-separated, printable ASCII (the encoding above guarantees both). */
export function formatCacheTags(tags: readonly string[]): string {
  return tags.join(',');
}

export function parseCacheTags(header: string | null): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
}
