import { APPLICATIONS } from '../src/domain/constants.ts';
import { manifestCacheKey, updateCacheKey } from '../src/domain/edge/cache-key.ts';
import { addonTag, type EdgePolicy, freshnessOf } from '../src/domain/edge/cache-policy.ts';
import {
  type EdgeCache,
  type ManifestLayer,
  ORIGIN_MANIFEST_PATH,
  type StoredResponse,
} from '../src/domain/edge/ports.ts';
import { updateTier } from '../src/domain/edge/update-tier.ts';
import {
  answerUpdateCheck,
  MAX_GUID_LENGTH,
  parseUpdateQuery,
  type UpdateAnswer,
  type UpdateQuery,
} from '../src/domain/update-check.ts';
import type { UpdateManifest } from '../src/domain/update-manifest.ts';
import { queryReader } from '../src/http/query-reader.ts';
import { refreshOnce } from './background.ts';
import type { OriginClient } from './origin-client.ts';
import { fromStored } from './responses.ts';

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

/** `x-trove-source` of an answer the edge computed from the manifest it holds. */
export const EDGE_MANIFEST_SOURCE = 'edge-manifest';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
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

/** An answer the edge gives without any entry or layer: invalid checks, ids no add-on can have. */
function edgeAnswer(answer: UpdateAnswer, req: Request): Response {
  return new Response(req.method === 'HEAD' ? null : answer.body, {
    status: answer.status,
    headers: [...answerHeaders(answer), ['x-cache', 'MISS'], ['x-trove-source', 'edge']],
  });
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

/** The add-on's manifest as stored at the edge: its JSON (`null` for an unknown add-on), tagged with it. */
function manifestEntry(
  deps: UpdateCheckDeps,
  guid: string,
  manifest: UpdateManifest | null,
  source: string,
): StoredResponse {
  return {
    status: 200,
    headers: [
      ['content-type', 'application/json'],
      ['x-trove-source', source],
    ],
    body: encode(JSON.stringify(manifest)),
    storedAt: deps.now(),
    policy: deps.policy,
    tags: [addonTag(guid)],
  };
}

/**
 * The answer for `query` computed from a stored manifest, as an entry that expires and is purged with it.
 * Null when the entry cannot be read (it is then treated as absent).
 */
function answerFromManifest(
  deps: UpdateCheckDeps,
  req: Request,
  query: UpdateQuery,
  manifest: StoredResponse,
  source: string,
): StoredResponse | null {
  let parsed: UpdateManifest | null;
  try {
    parsed = JSON.parse(decoder.decode(manifest.body)) as UpdateManifest | null;
  } catch {
    return null;
  }
  const answer = answerUpdateCheck(query, parsed, deps.siteUrl(req));
  return {
    status: answer.status,
    headers: [...answerHeaders(answer), ['x-trove-source', source]],
    body: encode(answer.body),
    storedAt: manifest.storedAt,
    policy: manifest.policy,
    tags: manifest.tags,
  };
}

/** The origin's update URL for this check, with only the parameters that matter. */
function originUpdatePath(query: UpdateQuery): string {
  const params = new URLSearchParams({
    reqVersion: '2',
    id: query.id,
    appID: APPLICATIONS[query.app].guid,
    appVersion: query.appVersion,
    compatMode: query.compatMode,
  });
  return `/update/VersionCheck.php?${params}`;
}

/** What the layers behind the edge said: the add-on's manifest, or (an origin without the manifest endpoint) one answer. */
type Fresh =
  | { readonly manifest: StoredResponse; readonly answer: StoredResponse }
  | { readonly manifest: null; readonly answer: StoredResponse };

/** The origin's own answer for these parameters: an origin from before `GET /__trove/manifest/{guid}`. */
async function originAnswer(deps: UpdateCheckDeps, query: UpdateQuery, req: Request): Promise<Fresh | null> {
  const res = await deps.origin.fetchAnonymous(originUpdatePath(query), req);
  if (res.status !== 200) {
    await res.body?.cancel();
    return null;
  }
  const headers: [string, string][] = [];
  for (const name of ['content-type', 'cache-control', 'etag', 'content-length']) {
    const value = res.headers.get(name);
    if (value !== null) headers.push([name, value]);
  }
  headers.push(['x-trove-source', 'origin']);
  const answer: StoredResponse = {
    status: 200,
    headers,
    body: new Uint8Array(await res.arrayBuffer()),
    storedAt: deps.now(),
    policy: deps.policy,
    tags: [addonTag(query.id)],
  };
  return { manifest: null, answer };
}

/**
 * Asks each layer in turn for the add-on's manifest (Redis, the replica, then the origin's manifest
 * endpoint); the first that knows decides. Null when none could answer.
 */
async function lookUp(deps: UpdateCheckDeps, query: UpdateQuery, req: Request): Promise<Fresh | null> {
  const found = (manifest: UpdateManifest | null, source: string): Fresh | null => {
    const entry = manifestEntry(deps, query.id, manifest, source);
    const answer = answerFromManifest(deps, req, query, entry, source);
    return answer && { manifest: entry, answer };
  };
  for (const source of deps.sources) {
    try {
      const result = await withTimeout(source.find(query.id), deps.sourceTimeoutMs);
      if (result.found) return found(result.manifest, source.name);
    } catch {
      // A layer that is down or slow is skipped: the next one (at last the origin) answers.
    }
  }
  try {
    const res = await deps.origin.fetchAnonymous(ORIGIN_MANIFEST_PATH + encodeURIComponent(query.id), req);
    if (res.status === 404) {
      await res.body?.cancel();
      return await originAnswer(deps, query, req);
    }
    if (res.status !== 200) {
      await res.body?.cancel();
      return null;
    }
    const body = (await res.json()) as { manifest?: UpdateManifest | null } | null;
    if (!body || body.manifest === undefined) return null;
    return found(body.manifest, 'origin');
  } catch {
    return null;
  }
}

function store(deps: UpdateCheckDeps, query: UpdateQuery, fresh: Fresh): Promise<unknown> {
  return Promise.all([
    fresh.manifest && deps.cache.put(manifestCacheKey(query.id), fresh.manifest),
    deps.cache.put(updateCacheKey(query), fresh.answer),
  ]);
}

/** Refreshes an add-on's entries after the response, one refresh at a time per add-on. */
function refreshInBackground(deps: UpdateCheckDeps, query: UpdateQuery, req: Request): void {
  refreshOnce(
    manifestCacheKey(query.id),
    () => lookUp(deps, query, req).then((fresh) => fresh && store(deps, query, fresh)),
    deps.waitUntil,
  );
}

function unavailable(): Response {
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

/**
 * Firefox's update check at the edge (see `updateTier`): the stored answer, else the answer computed from
 * the add-on's stored manifest, else the layers behind the edge. A check answered from what the edge holds
 * is a HIT whichever of the two answered it; `x-trove-source` says where the answer was computed
 * (`edge-manifest`, `redis`, `replica`, `origin`).
 */
export async function serveUpdateCheck(deps: UpdateCheckDeps, req: Request): Promise<Response> {
  const query = parseUpdateQuery(queryReader(req.url));
  if (!query) return edgeAnswer(answerUpdateCheck(null, null, ''), req);
  // Longer than any guid AMO stores: unknown, as the origin answers it (and never counted: no add-on has it).
  if (query.id.length > MAX_GUID_LENGTH) return edgeAnswer(answerUpdateCheck(query, null, ''), req);
  deps.onCheck(query);
  const now = deps.now();
  const answerKey = updateCacheKey(query);
  const answer = await deps.cache.match(answerKey);
  const answerState = answer && freshnessOf(answer.storedAt, answer.policy, now);
  if (answer && answerState === 'fresh') return fromStored(answer, req, 'HIT', now);

  const manifest = await deps.cache.match(manifestCacheKey(query.id));
  const computed = manifest && answerFromManifest(deps, req, query, manifest, EDGE_MANIFEST_SOURCE);
  const manifestState = computed ? freshnessOf(computed.storedAt, computed.policy, now) : undefined;
  const tier = updateTier(answerState, manifestState);
  if (tier.from === 'manifest' && computed) {
    if (tier.outcome === 'HIT') deps.waitUntil(deps.cache.put(answerKey, computed));
    else refreshInBackground(deps, query, req);
    return fromStored(computed, req, tier.outcome, now);
  }
  if (tier.from === 'answer' && answer) {
    refreshInBackground(deps, query, req);
    return fromStored(answer, req, 'STALE', now);
  }

  const fresh = await lookUp(deps, query, req);
  if (fresh) {
    deps.waitUntil(store(deps, query, fresh));
    return fromStored(fresh.answer, req, 'MISS', now);
  }
  // Every layer is down: whatever the edge still holds (within stale-if-error), the manifest first.
  const kept = computed ?? answer;
  return kept ? fromStored(kept, req, 'STALE', now) : unavailable();
}
