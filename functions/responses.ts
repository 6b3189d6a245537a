import type { EdgePolicy } from '../src/domain/edge/cache-policy.ts';
import type { StoredResponse } from '../src/domain/edge/ports.ts';
import { matchesEtag } from '../src/http/etag.ts';

export type CacheOutcome = 'HIT' | 'MISS' | 'STALE' | 'BYPASS';

/** Never stored or replayed: they describe one exchange, or one visitor. */
const NOT_STORED = new Set([
  'set-cookie',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'cache-tag',
  'age',
  'x-cache',
]);

/** Reads an origin response into an entry the edge can store and replay. */
export async function toStored(
  res: Response,
  policy: EdgePolicy,
  tags: readonly string[],
  now: number,
): Promise<StoredResponse> {
  const headers: [string, string][] = [];
  res.headers.forEach((value, name) => {
    if (!NOT_STORED.has(name)) headers.push([name, value]);
  });
  return {
    status: res.status,
    headers,
    body: new Uint8Array(await res.arrayBuffer()),
    storedAt: now,
    policy,
    tags,
  };
}

function etagOf(entry: StoredResponse): string | undefined {
  for (const [name, value] of entry.headers) if (name.toLowerCase() === 'etag') return value;
  return undefined;
}

/** A stored entry as the visitor gets it: `Age` and `X-Cache` added, a 304 when their ETag matches. */
export function fromStored(
  entry: StoredResponse,
  req: Request,
  outcome: CacheOutcome,
  now: number,
): Response {
  // One header list, built once: a stored entry never holds `age` or `x-cache` (see NOT_STORED).
  const headers: [string, string][] = [
    ...(entry.headers as [string, string][]),
    ['age', String(Math.max(0, Math.floor((now - entry.storedAt) / 1000)))],
    ['x-cache', outcome],
  ];
  const ifNoneMatch = req.headers.get('if-none-match');
  if (ifNoneMatch !== null && entry.status === 200) {
    const etag = etagOf(entry);
    if (etag && matchesEtag(ifNoneMatch, etag)) {
      return new Response(null, { status: 304, headers: headers.filter(([n]) => n !== 'content-length') });
    }
  }
  const body = req.method === 'HEAD' || entry.status === 204 ? null : entry.body;
  return new Response(body, { status: entry.status, headers });
}

/** An origin response passed on as it came, with what the edge did. */
export function relay(res: Response, outcome: CacheOutcome, extra?: (headers: Headers) => void): Response {
  const headers = new Headers(res.headers);
  headers.set('x-cache', outcome);
  headers.delete('cache-tag');
  extra?.(headers);
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
}

const UNAVAILABLE_HTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Trove is briefly unavailable</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1c1b22}
h1{font-size:1.5rem}a{color:#0250bb}</style></head>
<body><main>
<h1>Trove is briefly unavailable</h1>
<p>We could not reach the part of Trove that handles your account, so we could not complete this request.
Nothing you saved before is lost.</p>
<p>Please try again in a minute. Browsing add-ons without signing in still works.</p>
<p><a href="/">Back to the home page</a></p>
</main></body></html>`;

/** The branded page for a visitor the edge cannot serve: the origin is down and nothing may be reused. */
export function unavailable(req: Request, outcome: CacheOutcome): Response {
  const wantsJson =
    new URL(req.url).pathname.startsWith('/api/') || !req.headers.get('accept')?.includes('html');
  const headers = {
    'cache-control': 'no-store',
    'retry-after': '30',
    'x-cache': outcome,
    'content-type': wantsJson ? 'application/json' : 'text/html; charset=utf-8',
  };
  const body = wantsJson
    ? JSON.stringify({ detail: 'Trove is briefly unavailable. Please try again in a minute.' })
    : UNAVAILABLE_HTML;
  return new Response(req.method === 'HEAD' ? null : body, { status: 503, headers });
}
