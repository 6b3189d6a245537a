/**
 * The edge bench's yardstick: a Worker answering every request with fixed bytes and headers, the ones the
 * edge sent for its cached update answer (bindings BODY, and HEADERS as JSON `[name, value]` pairs).
 */
interface Env {
  readonly BODY: string;
  readonly HEADERS: string;
}

let body: Uint8Array | null = null;
let headers: [string, string][] | null = null;

export default {
  fetch(_req: Request, env: Env): Response {
    body ??= new TextEncoder().encode(env.BODY);
    headers ??= JSON.parse(env.HEADERS) as [string, string][];
    return new Response(body, { headers });
  },
};
