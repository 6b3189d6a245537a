import { Hono } from 'hono';
import { addonTag } from '../domain/edge/cache-policy.ts';
import { ORIGIN_MANIFEST_PATH } from '../domain/edge/ports.ts';
import { MAX_GUID_LENGTH } from '../domain/update-check.ts';
import type { AppDeps } from './types.ts';

/**
 * `GET /__trove/manifest/{guid}` → `{"manifest": UpdateManifest | null}` (null: unknown, deleted or disabled):
 * the last layer of the edge's update chain (functions/update-check.ts), which computes the answer for any
 * appVersion and compatMode from it with the same `answerUpdateCheck` as `/update/`. Public, like the
 * answers it yields; tagged with the add-on so that a purge reaches any copy. Mounted, like `/update/`,
 * ahead of the site's middleware.
 */
export function manifestRoutes(deps: Pick<AppDeps, 'servicesFor'>) {
  const app = new Hono();
  app.get(`${ORIGIN_MANIFEST_PATH}:guid`, async (c) => {
    const guid = c.req.param('guid');
    if (guid.length > MAX_GUID_LENGTH)
      return c.json({ detail: `An add-on id has at most ${MAX_GUID_LENGTH} characters.` }, 400, {
        'Cache-Control': 'no-store',
      });
    const { manifest, source } = await deps.servicesFor({ pinned: false }).updates.manifest(guid);
    return c.json({ manifest }, 200, {
      'Cache-Control': 'public, max-age=3600',
      'Cache-Tag': addonTag(guid),
      'X-Trove-Source': source,
    });
  });
  return app;
}
