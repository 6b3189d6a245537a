import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { Hono } from 'hono';
import { createEdgeApp } from '../../functions/app.ts';
import { loadEdgeConfig } from '../../functions/config.ts';
import { etagOf } from '../../src/domain/update-check.ts';
import { isolatedCache, testClock } from './factories.ts';

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
  /** Routes of the test's origin, tried before the defaults (update answers, pings, versioned pages). */
  readonly routes?: (origin: Hono) => void;
  /** Bindings on top of test/edge/wrangler.test.jsonc's. */
  readonly env?: Record<string, string>;
}

/** The body of the origin's update answer for an add-on: a fixed JSON manifest. */
export const updateAnswer = (guid: string) =>
  JSON.stringify({ addons: { [guid]: { updates: [{ version: '2.0' }] } } });

function defaultRoutes(origin: Hono): void {
  origin.get('/update/VersionCheck.php', (c) => {
    const body = updateAnswer(c.req.query('id') ?? '');
    return c.body(body, 200, {
      'content-type': 'application/json',
      'cache-control': 'max-age=3600',
      etag: etagOf(body),
    });
  });
  origin.post('/__trove/update-pings', (c) => c.body(null, 204));
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
 * the network), with an injected clock and a Cache API cache of its own. `send` waits for the request's
 * `waitUntil` work (background refreshes, cache writes, ping flushes) before it resolves, unless told not to.
 */
export async function edgeHarness(opts: EdgeHarnessOptions = {}) {
  const clock = testClock();
  const calls: OriginCall[] = [];
  const origin = { down: false };
  const app = new Hono();
  opts.routes?.(app);
  defaultRoutes(app);

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
  const edge = createEdgeApp(config, {
    sharedCache: await isolatedCache(),
    fetch: fetchOrigin,
    now: clock.now,
  });

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
    send,
    settle,
    /** The origin's calls for this path (every path when omitted). */
    callsTo: (path?: string) => calls.filter((c) => path === undefined || c.url.pathname === path),
  };
}
