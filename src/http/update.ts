import { Hono } from 'hono';
import { etagFor, matchesEtag } from './etag.ts';

const encoder = new TextEncoder();

/**
 * Firefox's add-on update check, AMO's protocol (amo.md a.1–a.5). The same answer for `/update/` and
 * `/update/VersionCheck.php`; only id, appID, appVersion and compatMode matter.
 */
export const update = new Hono();

update.on(['GET', 'HEAD'], ['/update/', '/update/VersionCheck.php'], async (c) => {
  // URLSearchParams never throws on bad percent-encoding; like Django's QueryDict.get, the last value wins.
  const params = new URL(c.req.url).searchParams;
  const get = (name: string) => {
    const values = params.getAll(name);
    return values.length > 0 ? values[values.length - 1] : undefined;
  };
  const answer = await c.var.services.updates.check(get);
  const etag = etagFor(answer.body);
  const headers = {
    'Content-Type': 'application/json',
    'Cache-Control': 'max-age=3600',
    ETag: etag,
    'X-Trove-Source': answer.source,
  };
  if (answer.status === 200 && matchesEtag(c.req.header('If-None-Match'), etag)) {
    return c.body(null, 304, headers);
  }
  const bytes = encoder.encode(answer.body);
  return c.body(bytes, answer.status, { ...headers, 'Content-Length': String(bytes.byteLength) });
});

update.on(['GET', 'HEAD'], '/update', (c) => {
  const url = new URL(c.req.url);
  return c.redirect(`/update/${url.search}`, 301);
});
