import { Hono } from 'hono';
import { matchesEtag } from './etag.ts';
import { createDbStats, serverTimingDb } from './middleware/db-timing.ts';
import { queryReader } from './query-reader.ts';
import type { AppDeps } from './types.ts';

const encoder = new TextEncoder();

// Unique per process start and cheap: a random prefix and a counter, instead of a UUID per check.
const bootId = crypto.randomUUID().slice(0, 8);
let requestCounter = 0;
function nextRequestId(): string {
  requestCounter++;
  return `${bootId}-${requestCounter.toString(36)}`;
}
function byteLength(text: string): number {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return encoder.encode(text).byteLength;
  return text.length;
}

/**
 * Firefox's add-on update check, AMO's protocol (amo.md a.1–a.5): the same answer for `/update/` and
 * `/update/VersionCheck.php`; only id, appID, appVersion and compatMode matter.
 *
 * Like AMO's standalone update service, it is mounted ahead of the site's middleware and does the
 * per-request essentials itself (request id, statement count in `Server-Timing`, and an entry for the
 * access log or, at the origin, the periodic update-check summary):
 * update checks are anonymous reads that never pin, and at thousands a second each middleware layer shows.
 */
export function updateRoutes(deps: Pick<AppDeps, 'servicesFor' | 'logger' | 'updateChecks'>) {
  const app = new Hono();

  app.on(['GET', 'HEAD'], ['/update/', '/update/VersionCheck.php'], async (c) => {
    const started = performance.now();
    const requestId = nextRequestId();
    c.set('requestId', requestId);
    const stats = createDbStats();
    const result = await deps.servicesFor({ pinned: false }).updates.check(queryReader(c.req.url), stats);
    const { etag } = result.answer;
    const status =
      result.answer.status === 200 && matchesEtag(c.req.header('If-None-Match'), etag)
        ? 304
        : result.answer.status;
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'Cache-Control': 'max-age=3600',
      ETag: etag,
      'X-Trove-Source': result.source,
      'X-Request-Id': requestId,
      'Server-Timing': serverTimingDb(stats),
    };
    const ms = performance.now() - started;
    const entry = { status, source: result.source, ms, queries: stats.queries };
    if (deps.updateChecks) deps.updateChecks.record(entry);
    else deps.logger.info({ req_id: requestId, method: c.req.method, path: c.req.path, ...entry });
    // A plain Response with a plain header object: @hono/node-server writes it without building a Headers.
    if (status === 304) return new Response(null, { status, headers });
    // A string body: Node sends it in one write together with the head (a byte array costs a writev).
    headers['Content-Length'] = String(byteLength(result.answer.body));
    return new Response(result.answer.body, { status, headers });
  });

  app.on(['GET', 'HEAD'], '/update', (c) => {
    const url = new URL(c.req.url);
    return c.redirect(`/update/${url.search}`, 301);
  });
  return app;
}
