import { Hono } from 'hono';
import type { EdgeCache, ManifestLayer } from '../src/domain/edge/ports.ts';
import { isUpdatePath, routeEdgeRequest } from '../src/domain/edge/request-policy.ts';
import type { UpdateQuery } from '../src/domain/update-check.ts';
import { CacheApiEdgeCache } from './cache/cache-api-edge-cache.ts';
import { LayeredEdgeCache } from './cache/layered-edge-cache.ts';
import { MemoryEdgeCache } from './cache/memory-edge-cache.ts';
import type { EdgeConfig } from './config.ts';
import { originClient } from './origin-client.ts';
import { type PageDeps, passThrough, servePage } from './pages.ts';
import { PingBatcher } from './pings.ts';
import { handlePurge, PURGE_PATH } from './purge.ts';
import { PlanetScaleManifestSource } from './sources/planetscale-manifest-source.ts';
import { UpstashManifestSource } from './sources/upstash-manifest-source.ts';
import { serveUpdateCheck, type UpdateCheckDeps } from './update-check.ts';
import { purgeZoneTags } from './zone-purge.ts';

/** What the runtime provides: `caches.default` (absent under bare workerd without a cache service), fetch, time. */
export interface EdgePlatform {
  readonly sharedCache: Cache | null;
  readonly fetch: typeof fetch;
  readonly now: () => number;
}

export function createEdgeCache(config: EdgeConfig, platform: EdgePlatform): EdgeCache {
  const shared = config.cache === 'cache-api' && platform.sharedCache;
  const memory = new MemoryEdgeCache({
    maxEntries: config.memoryEntries,
    now: platform.now,
    maxAgeSeconds: shared ? config.memorySeconds : 0,
  });
  return shared ? new LayeredEdgeCache(memory, new CacheApiEdgeCache(shared)) : memory;
}

export function createSources(config: EdgeConfig, platform: EdgePlatform): ManifestLayer[] {
  const sources: ManifestLayer[] = [];
  if (config.upstash) sources.push(new UpstashManifestSource(config.upstash));
  if (config.planetscaleUrl)
    sources.push(new PlanetScaleManifestSource(config.planetscaleUrl, platform.fetch));
  return sources;
}

type WaitUntil = (work: Promise<unknown>) => void;

/**
 * The edge: update checks answered here, anonymous reads from the edge cache, everything personal passed
 * through to the origin. Built once per isolate; `waitUntil` comes with each request.
 */
export function createEdgeApp(
  config: EdgeConfig,
  platform: EdgePlatform,
  cache = createEdgeCache(config, platform),
  sources: readonly ManifestLayer[] = createSources(config, platform),
) {
  const origin = originClient(config.originUrl, config.originTimeoutMs, platform.fetch);
  const pings = config.edgeToken
    ? new PingBatcher({ origin, token: config.edgeToken, flushMs: config.pingFlushMs, now: platform.now })
    : null;
  const updatePolicy = { ttl: config.updateTtlSeconds, swr: config.updateTtlSeconds, sie: 30 * 86_400 };

  const siteUrl = (r: Request) => config.siteUrl ?? new URL(r.url).origin;
  const onCheck = (query: UpdateQuery) => pings?.record(query.id);
  const answerUpdate = async (req: Request, waitUntil: WaitUntil) => {
    const deps: UpdateCheckDeps = {
      cache,
      sources,
      origin,
      siteUrl,
      policy: updatePolicy,
      sourceTimeoutMs: config.sourceTimeoutMs,
      now: platform.now,
      waitUntil,
      onCheck,
    };
    const res = await serveUpdateCheck(deps, req);
    const flush = pings?.schedule();
    if (flush) waitUntil(flush);
    return res;
  };

  const app = new Hono();
  const waitUntilOf = (ctx: { executionCtx: { waitUntil: WaitUntil } }): WaitUntil => {
    try {
      const run = ctx.executionCtx;
      return (work) => run.waitUntil(work);
    } catch {
      // Outside a Worker (app.request in tests) there is no execution context: let the work run on.
      return (work) => void work.catch(() => undefined);
    }
  };

  const { zonePurge } = config;
  const everywhere = zonePurge
    ? (tags: readonly string[]) => purgeZoneTags(zonePurge, tags, platform.fetch)
    : undefined;
  app.post(PURGE_PATH, (c) => handlePurge(cache, config.edgeToken, c.req.raw, everywhere));

  app.all('*', async (c) => {
    const req = c.req.raw;
    const waitUntil = waitUntilOf(c);
    const route = routeEdgeRequest({
      method: req.method,
      path: c.req.path,
      cookie: req.headers.get('cookie'),
      authorization: req.headers.get('authorization'),
    });
    const pageDeps: PageDeps = { cache, origin, now: platform.now, waitUntil };
    if (route.kind === 'bypass') return passThrough(pageDeps, req);
    if (route.kind === 'cache') return servePage(pageDeps, req);
    return answerUpdate(req, waitUntil);
  });

  // Update checks are most of the edge's traffic: they skip the router (and URL parsing) altogether.
  const routed = app.fetch;
  app.fetch = (req: Request, env?: unknown, ctx?: Parameters<typeof routed>[2]) => {
    if ((req.method === 'GET' || req.method === 'HEAD') && isUpdatePath(pathOf(req.url))) {
      const waitUntil: WaitUntil = ctx
        ? (work) => ctx.waitUntil(work)
        : (work) => void work.catch(() => undefined);
      return answerUpdate(req, waitUntil);
    }
    return routed(req, env, ctx);
  };

  return app;
}

/** The path of an absolute URL, without parsing it. */
function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start === -1) return '/';
  const query = url.indexOf('?', start);
  return query === -1 ? url.slice(start) : url.slice(start, query);
}
