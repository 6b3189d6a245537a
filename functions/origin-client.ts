/** Headers that describe one hop and must not be forwarded (RFC 9110 §7.6.1), plus what the edge sets itself. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'host',
  'content-length',
]);

/**
 * What an anonymous request may tell the origin. Only the URL is in the cache key, so every header the
 * origin could vary on is dropped here: X-Forwarded-Host, X-Original-URL, cookies and the like can
 * neither poison a shared entry nor reach the origin.
 */
const ANONYMOUS_HEADERS = ['accept', 'user-agent'];

export interface OriginClient {
  /** An anonymous GET for a shareable URL: no cookies, no credentials, only safe headers. */
  fetchAnonymous(pathAndQuery: string, from: Request): Promise<Response>;
  /** Passes the visitor's request through as it is (signed-in, writes, private pages). */
  passThrough(req: Request, pathAndQuery: string): Promise<Response>;
  /** A call of the edge's own (ping batches), authenticated with the shared edge token. */
  post(path: string, body: unknown, token: string): Promise<Response>;
}

function clientAddress(req: Request): string | null {
  return req.headers.get('cf-connecting-ip') ?? req.headers.get('x-real-ip');
}

/** The origin over HTTP, with a timeout so that a hung origin counts as down. */
export function originClient(
  baseUrl: string,
  timeoutMs: number,
  fetcher: typeof fetch = fetch,
): OriginClient {
  const signal = () => AbortSignal.timeout(timeoutMs);
  return {
    fetchAnonymous(pathAndQuery, from) {
      const headers = new Headers();
      for (const name of ANONYMOUS_HEADERS) {
        const value = from.headers.get(name);
        if (value) headers.set(name, value);
      }
      const ip = clientAddress(from);
      if (ip) headers.set('x-forwarded-for', ip);
      headers.set('x-trove-edge', '1');
      return fetcher(baseUrl + pathAndQuery, { headers, redirect: 'manual', signal: signal() });
    },
    passThrough(req, pathAndQuery) {
      const headers = new Headers();
      req.headers.forEach((value, name) => {
        if (!HOP_BY_HOP.has(name) && !name.startsWith('x-forwarded-') && !name.startsWith('cf-')) {
          headers.set(name, value);
        }
      });
      const ip = clientAddress(req);
      if (ip) headers.set('x-forwarded-for', ip);
      headers.set('x-trove-edge', '1');
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
      return fetcher(baseUrl + pathAndQuery, {
        method: req.method,
        headers,
        body: hasBody ? req.body : null,
        redirect: 'manual',
        signal: signal(),
      });
    },
    post(path, body, token) {
      return fetcher(baseUrl + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
        signal: signal(),
      });
    },
  };
}
