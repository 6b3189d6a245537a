import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { Hono } from 'hono';
import { createEdgeApp, createSources } from '../../functions/app.ts';
import { loadEdgeConfig } from '../../functions/config.ts';
import { PINGS_PATH as UPDATE_PINGS_PATH } from '../../functions/pings.ts';
import { type ManifestLayer, ORIGIN_MANIFEST_PATH } from '../../src/domain/edge/ports.ts';
import { answerUpdateCheck, parseUpdateQuery, type UpdateAnswer } from '../../src/domain/update-check.ts';
import type { UpdateManifest } from '../../src/domain/update-manifest.ts';
import { queryReader } from '../../src/http/query-reader.ts';
import { isolatedCache, manifestFactory, testClock } from './factories.ts';

export const EDGE_URL = 'https://addons.example.org';

/** Public for a minute, then stale-while-revalidate for a minute, then stale-if-error for a day. */
export const PAGE_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=60, stale-if-error=86400';

export interface OriginCall {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
  readonly body: string;
}

export interface EdgeHarnessOptions {
  /** Routes of the test's origin, tried before the defaults (manifests, update answers, pings, pages). */
  readonly routes?: (origin: Hono) => void;
  /** Bindings on top of test/edge/wrangler.test.jsonc's. */
  readonly env?: Record<string, string>;
  /** The update chain's layers in front of the origin (none by default, as the bindings configure none). */
  readonly sources?: readonly ManifestLayer[];
  /** False: an origin from before `GET /__trove/manifest/{guid}` (404), which only answers update checks. */
  readonly manifestEndpoint?: boolean;
}

/** The origin's catalogue: `a@b` offers 2.0 from Firefox 130 and 1.0 before (see `manifestFactory`). */
export function testCatalogue(): Map<string, UpdateManifest> {
  return new Map([['a@b', manifestFactory('a@b')]]);
}

/** The origin's answer to the update check `path` (as `updateCheckPath` builds it) for this catalogue. */
export function originAnswer(path: string, catalogue = testCatalogue()): UpdateAnswer {
  const query = parseUpdateQuery(queryReader(EDGE_URL + path));
  return answerUpdateCheck(query, (query && catalogue.get(query.id)) ?? null, EDGE_URL);
}

function defaultRoutes(
  origin: Hono,
  catalogue: Map<string, UpdateManifest>,
  manifestEndpoint: boolean,
): void {
  origin.get(`${ORIGIN_MANIFEST_PATH}:guid`, (c) =>
    manifestEndpoint
      ? c.json({ manifest: catalogue.get(c.req.param('guid')) ?? null }, 200, {
          'cache-control': 'public, max-age=3600',
        })
      : c.json({ detail: 'Not found.' }, 404),
  );
  origin.get('/update/VersionCheck.php', (c) => {
    const answer = originAnswer(c.req.url.slice(c.req.url.indexOf('/update/')), catalogue);
    return c.body(answer.body, answer.status, {
      'content-type': 'application/json',
      'cache-control': 'max-age=3600',
      etag: answer.etag,
    });
  });
  origin.post(UPDATE_PINGS_PATH, (c) => c.body(null, 204));
  // Every other page: shareable, with a body that says how many times the origin rendered it.
  const renders = new Map<string, number>();
  origin.all('*', (c) => {
    const n = (renders.get(c.req.path) ?? 0) + 1;
    renders.set(c.req.path, n);
    return c.html(`<p>${c.req.method} ${c.req.path} #${n}</p>`, 200, { 'cache-control': PAGE_CACHE_CONTROL });
  });
}

/**
 * The edge app in workerd in front of an origin that is a Hono app called as a function (nothing goes over
 * the network), with an injected clock and a Cache API cache of its own; the origin serves update manifests
 * (and answers) from `catalogue`. `send` waits for the request's `waitUntil` work (background refreshes,
 * cache writes, ping flushes) before it resolves, unless told not to.
 */
export async function edgeHarness(opts: EdgeHarnessOptions = {}) {
  const clock = testClock();
  const calls: OriginCall[] = [];
  const origin = { down: false };
  const catalogue = testCatalogue();
  const app = new Hono();
  opts.routes?.(app);
  defaultRoutes(app, catalogue, opts.manifestEndpoint ?? true);

  const fetchOrigin: typeof fetch = async (input, init) => {
    const req = new Request(input, init);
    if (origin.down) throw new TypeError('Network connection lost.');
    calls.push({
      method: req.method,
      url: new URL(req.url),
      headers: req.headers,
      body: await req.clone().text(),
    });
    return app.fetch(req);
  };
  // Ping batches are sent right away unless a test sets PING_FLUSH_MS: a pending flush holds waitUntil open.
  const config = loadEdgeConfig({ ...env, PING_FLUSH_MS: '0', ...opts.env });
  const platform = { sharedCache: await isolatedCache(), fetch: fetchOrigin, now: clock.now };
  const edge = createEdgeApp(config, platform, undefined, opts.sources ?? createSources(config, platform));

  const unsettled: ExecutionContext[] = [];
  /** Waits for the `waitUntil` work of every request sent so far. */
  async function settle(): Promise<void> {
    await Promise.all(unsettled.splice(0).map((ctx) => waitOnExecutionContext(ctx)));
  }
  /** One request to the edge; resolves after its `waitUntil` work too, unless `settle` is false. */
  async function send(path: string, init?: RequestInit, { settle: wait = true } = {}): Promise<Response> {
    const ctx = createExecutionContext();
    unsettled.push(ctx);
    const res = await edge.fetch(new Request(EDGE_URL + path, init), env, ctx);
    if (wait) await settle();
    return res;
  }

  return {
    clock,
    origin,
    /** The origin's manifests by guid: change one to publish a version (the edge sees it after a purge or expiry). */
    catalogue,
    send,
    settle,
    /** The origin's calls for this path (every path when omitted). */
    callsTo: (path?: string) => calls.filter((c) => path === undefined || c.url.pathname === path),
    /** The origin's calls other than ping batches (which follow every valid update check). */
    callsButPings: () => calls.filter((c) => c.url.pathname !== UPDATE_PINGS_PATH),
  };
}
