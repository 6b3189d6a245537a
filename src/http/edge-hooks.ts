import { Hono } from 'hono';
import { z } from 'zod';
import { bearerMatches } from './bearer.ts';
import type { AppDeps } from './types.ts';

/** Where the edge sends its batches of update pings (functions/pings.ts). */
export const UPDATE_PINGS_PATH = '/__trove/update-pings';

const pingBatches = z.object({
  batches: z
    .array(
      z.object({
        day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a UTC day as YYYY-MM-DD'),
        counts: z.record(z.string().min(1).max(255), z.number().int().min(1)),
      }),
    )
    .max(31),
});

/** Calls the edge makes to the origin, authenticated with the shared edge token. */
export function edgeHooks(deps: Pick<AppDeps, 'edgeToken'>) {
  const app = new Hono();
  app.post(UPDATE_PINGS_PATH, async (c) => {
    const token = deps.edgeToken ?? null;
    if (!token) return c.json({ detail: 'No edge is configured (EDGE_TOKEN is unset).' }, 404);
    if (!bearerMatches(c.req.header('Authorization'), token)) {
      return c.json({ detail: 'A valid edge token is required.' }, 401);
    }
    const parsed = pingBatches.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return c.json(
        { detail: `Invalid ping batch: ${issue?.path.join('.') || 'body'}: ${issue?.message}` },
        400,
      );
    }
    await c.var.services.usage.record(parsed.data.batches);
    return c.json({ recorded: parsed.data.batches.length }, 202);
  });
  return app;
}
