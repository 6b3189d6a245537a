import { z } from 'zod';
import type { EdgeCache } from '../src/domain/edge/ports.ts';
import { bearerMatches } from '../src/http/bearer.ts';

export const PURGE_PATH = '/__trove/purge';

const purgeBody = z.object({
  tags: z
    .array(
      z
        .string()
        .min(1)
        .max(1024)
        .regex(/^[\x21-\x7e]+$/, 'tags are printable ASCII without spaces'),
    )
    .min(1)
    .max(1000),
});

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-cache': 'BYPASS' },
  });
}

/**
 * `POST /__trove/purge {"tags": [...]}` with `Authorization: Bearer <EDGE_TOKEN>`: the origin's purge.
 * Purges this isolate's and data centre's copies, then, when configured, every data centre's.
 */
export async function handlePurge(
  cache: EdgeCache,
  token: string | null,
  req: Request,
  everywhere?: (tags: readonly string[]) => Promise<unknown>,
): Promise<Response> {
  if (token === null) return json(404, { detail: 'Purging is not enabled on this edge (no EDGE_TOKEN).' });
  if (!bearerMatches(req.headers.get('authorization'), token))
    return json(401, { detail: 'A valid edge token is required to purge.' });
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    return json(400, { detail: 'The body must be JSON: {"tags": ["addon:…"]}.' });
  }
  const parsed = purgeBody.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return json(400, { detail: `Invalid purge: ${issue?.path.join('.') || 'body'}: ${issue?.message}` });
  }
  const purged = await cache.purgeTags(parsed.data.tags);
  try {
    await everywhere?.(parsed.data.tags);
  } catch (error) {
    return json(502, { detail: `Purged here, but not in every data centre: ${String(error)}`, purged });
  }
  return json(200, { purged });
}
