import { APPLICATIONS } from '../src/domain/constants.ts';
import { updateCacheKey } from '../src/domain/edge/cache-key.ts';
import { addonTag, type EdgePolicy, freshnessOf } from '../src/domain/edge/cache-policy.ts';
import type { EdgeCache, ManifestLayer, StoredResponse } from '../src/domain/edge/ports.ts';
import {
  answerUpdateCheck,
  parseUpdateQuery,
  type UpdateAnswer,
  type UpdateQuery,
} from '../src/domain/update-check.ts';
import { queryReader } from '../src/http/query-reader.ts';
import type { OriginClient } from './origin-client.ts';
import { type CacheOutcome, fromStored } from './responses.ts';

export interface UpdateCheckDeps {
  readonly cache: EdgeCache;
  /** Tried in order after the edge cache; each may be absent by configuration. */
  readonly sources: readonly ManifestLayer[];
  readonly origin: OriginClient;
  readonly siteUrl: (req: Request) => string;
  readonly policy: EdgePolicy;
  readonly sourceTimeoutMs: number;
  readonly now: () => number;
  readonly waitUntil: (work: Promise<unknown>) => void;
  /** Called for every valid check, whatever answered it (update pings, for average daily users). */
  readonly onCheck: (query: UpdateQuery) => void;
}

const encoder = new TextEncoder();
const encode = (text: string) => encoder.encode(text) as Uint8Array<ArrayBuffer>;

/** The answer exactly as the origin sends it (amo.md a.4): same body, ETag and headers. */
function answerHeaders(answer: UpdateAnswer): [string, string][] {
  return [
    ['content-type', 'application/json'],
    ['cache-control', 'max-age=3600'],
    ['etag', answer.etag],
    ['content-length', String(encode(answer.body).byteLength)],
  ];
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

/** The origin's URL for this check, with only the parameters that matter. */
function originPath(query: UpdateQuery): string {
  const params = new URLSearchParams({
    reqVersion: '2',
    id: query.id,
    appID: APPLICATIONS[query.app].guid,
    appVersion: query.appVersion,
    compatMode: query.compatMode,
  });
  return `/update/VersionCheck.php?${params}`;
}

/** Asks each layer in turn; the first that knows the add-on decides. Null when none could answer. */
async function lookUp(
  deps: UpdateCheckDeps,
  query: UpdateQuery,
  req: Request,
): Promise<StoredResponse | null> {
  const tags = [addonTag(query.id)];
  for (const source of deps.sources) {
    try {
      const found = await withTimeout(source.find(query.id), deps.sourceTimeoutMs);
      if (!found.found) continue;
      const answer = answerUpdateCheck(query, found.manifest, deps.siteUrl(req));
      const headers = [...answerHeaders(answer), ['x-trove-source', source.name] as [string, string]];
      return {
        status: answer.status,
        headers,
        body: encode(answer.body),
        storedAt: deps.now(),
        policy: deps.policy,
        tags,
      };
    } catch {
      // A layer that is down or slow is skipped: the next one (at last the origin) answers.
    }
  }
  try {
    const res = await deps.origin.fetchAnonymous(originPath(query), req);
    if (res.status !== 200) return null;
    const headers: [string, string][] = [];
    for (const name of ['content-type', 'cache-control', 'etag', 'content-length']) {
      const value = res.headers.get(name);
      if (value !== null) headers.push([name, value]);
    }
    headers.push(['x-trove-source', 'origin']);
    return {
      status: 200,
      headers,
      body: new Uint8Array(await res.arrayBuffer()),
      storedAt: deps.now(),
      policy: deps.policy,
      tags,
    };
  } catch {
    return null;
  }
}

const refreshing = new Map<string, Promise<unknown>>();

/**
 * `/update/VersionCheck.php` at the edge: the edge cache, then Redis, a replica and the origin. Keyed by
 * the four parameters that decide the answer. With every layer down, a stored answer of any age is
 * served (STALE): an old answer is better for Firefox than none.
 */
export async function serveUpdateCheck(deps: UpdateCheckDeps, req: Request): Promise<Response> {
  const query = parseUpdateQuery(queryReader(req.url));
  const now = deps.now();
  if (!query) {
    const answer = answerUpdateCheck(null, null, '');
    return new Response(req.method === 'HEAD' ? null : answer.body, {
      status: answer.status,
      headers: [...answerHeaders(answer), ['x-cache', 'MISS'], ['x-trove-source', 'edge']],
    });
  }
  deps.onCheck(query);
  const key = updateCacheKey(query);
  const entry = await deps.cache.match(key);
  const state = entry ? freshnessOf(entry.storedAt, entry.policy, now) : 'expired';
  if (entry && state === 'fresh') return fromStored(entry, req, 'HIT', now);
  if (entry && state === 'stale') {
    if (!refreshing.has(key)) {
      const work = lookUp(deps, query, req)
        .then((fresh) => fresh && deps.cache.put(key, fresh))
        .finally(() => refreshing.delete(key));
      refreshing.set(key, work);
      deps.waitUntil(work);
    }
    return fromStored(entry, req, 'STALE', now);
  }
  const fresh = await lookUp(deps, query, req);
  if (fresh) {
    deps.waitUntil(deps.cache.put(key, fresh));
    return fromStored(fresh, req, 'MISS' satisfies CacheOutcome, now);
  }
  if (entry) return fromStored(entry, req, 'STALE', now);
  return new Response(JSON.stringify({ detail: 'The update service is briefly unavailable.' }), {
    status: 503,
    headers: {
      'content-type': 'application/json',
      'cache-control': 'no-store',
      'retry-after': '60',
      'x-cache': 'MISS',
    },
  });
}
