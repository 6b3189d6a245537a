import { pageCacheKey } from '../src/domain/edge/cache-key.ts';
import { edgePolicyOf, freshnessOf, parseCacheTags } from '../src/domain/edge/cache-policy.ts';
import type { EdgeCache, StoredResponse } from '../src/domain/edge/ports.ts';
import { isPrivatePath } from '../src/domain/edge/request-policy.ts';
import { refreshOnce } from './background.ts';
import type { OriginClient } from './origin-client.ts';
import { fromStored, relay, toStored, unavailable } from './responses.ts';

export interface PageDeps {
  readonly cache: EdgeCache;
  readonly origin: OriginClient;
  readonly now: () => number;
  readonly waitUntil: (work: Promise<unknown>) => void;
}

/**
 * Fetches an anonymous URL from the origin and stores the answer when the origin allows sharing it.
 * Resolves to the origin's response (body unread) or the stored entry; rejects when the origin is down.
 */
async function fill(deps: PageDeps, key: string, req: Request): Promise<Response | StoredResponse> {
  const res = await deps.origin.fetchAnonymous(key, req);
  const policy = isPrivatePath(new URL(req.url).pathname)
    ? null
    : edgePolicyOf(
        res.status,
        // RFC 9213: a CDN-Cache-Control meant for the edge wins over what browsers are told.
        res.headers.get('cdn-cache-control') ?? res.headers.get('cache-control'),
        res.headers.has('set-cookie'),
      );
  if (!policy) return res;
  const entry = await toStored(res, policy, parseCacheTags(res.headers.get('cache-tag')), deps.now());
  await deps.cache.put(key, entry);
  return entry;
}

/** Anonymous GET/HEAD: from the edge cache when it may be, else from the origin (and stored if shareable). */
export async function servePage(deps: PageDeps, req: Request): Promise<Response> {
  const url = new URL(req.url);
  const key = pageCacheKey(url.pathname, url.searchParams);
  const now = deps.now();
  const entry = await deps.cache.match(key);
  const state = entry ? freshnessOf(entry.storedAt, entry.policy, now) : 'expired';
  if (entry && state === 'fresh') return fromStored(entry, req, 'HIT', now);
  if (entry && state === 'stale') {
    refreshOnce(key, () => fill(deps, key, req), deps.waitUntil);
    return fromStored(entry, req, 'STALE', now);
  }
  let filled: Response | StoredResponse;
  try {
    filled = await fill(deps, key, req);
  } catch {
    if (entry && state === 'stale-if-error') return fromStored(entry, req, 'STALE', now);
    return unavailable(req, 'MISS');
  }
  if (filled instanceof Response) {
    if (filled.status >= 500 && entry && state === 'stale-if-error') {
      return fromStored(entry, req, 'STALE', now);
    }
    return relay(filled, 'MISS', (h) => {
      // Not shareable: make sure no cache downstream of the edge shares it either.
      if (!/\b(private|no-store)\b/.test(h.get('cache-control') ?? ''))
        h.set('cache-control', 'private, no-store');
    });
  }
  return fromStored(filled, req, 'MISS', now);
}

/**
 * Signed-in visitors, writes and private paths: straight to the origin, never stored, and marked private
 * for every cache after the edge. When the origin is down they get the branded 503, never a stale page.
 */
export async function passThrough(deps: PageDeps, req: Request): Promise<Response> {
  const url = new URL(req.url);
  let res: Response;
  try {
    res = await deps.origin.passThrough(req, url.pathname + url.search);
  } catch {
    return unavailable(req, 'BYPASS');
  }
  if (res.status >= 502 && res.status <= 504) return unavailable(req, 'BYPASS');
  return relay(res, 'BYPASS', (h) => {
    const cc = h.get('cache-control') ?? '';
    if (!/\b(private|no-store)\b/.test(cc)) h.set('cache-control', 'private, no-store');
  });
}
