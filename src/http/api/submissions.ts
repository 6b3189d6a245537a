import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AddonRef } from '../../domain/browse.ts';
import { CHANNEL } from '../../domain/constants.ts';
import { TroveError } from '../../domain/errors.ts';
import { FieldErrors, type Upload } from '../../domain/submission.ts';
import type { QueueEntry } from '../../domain/submission-ports.ts';
import type { AppDeps } from '../types.ts';
import { type ApiContext, addonJson, translated, versionJson } from './serializers.ts';

const GUID = /^(\{[0-9a-fA-F-]{36}\}|[^@\s/]+@[^@\s/]+)$/;
/** Room for the multipart envelope around a package of the largest accepted size. */
const MULTIPART_SLACK = 64 * 1024;

function refOf(value: string): AddonRef {
  if (/^\d{1,10}$/.test(value)) return { id: Number(value) };
  return GUID.test(value) ? { guid: value } : { slug: value };
}

/** AMO: no dot means an id; a leading "v" forces a version number. */
function versionRefOf(raw: string): { id: number } | { version: string } | null {
  if (raw.startsWith('v')) return { version: raw.slice(1) };
  if (raw.includes('.')) return { version: raw };
  return /^\d{1,10}$/.test(raw) ? { id: Number(raw) } : null;
}

function uploadJson(siteUrl: string, u: Upload) {
  return {
    uuid: u.uuid,
    channel: u.channel === CHANNEL.listed ? 'listed' : 'unlisted',
    processed: u.processed,
    submitted: u.submitted,
    url: `${siteUrl}/api/v5/addons/upload/${u.uuid}/`,
    valid: u.valid,
    validation: u.validation,
    version: u.manifest?.version ?? null,
  };
}

function queueEntryJson(ctx: ApiContext, e: QueueEntry) {
  return {
    addon: {
      id: e.addon.id,
      guid: e.addon.guid,
      slug: e.addon.slug,
      name: translated(e.addon.name, ctx, e.addon.defaultLocale),
      status: e.addon.status,
    },
    version: versionJson(ctx, e.addon, e.version),
  };
}

/** The request's JSON body, read only once the request is authenticated (a 401 comes before a 400). */
async function jsonBody(c: Context): Promise<unknown> {
  if (!c.var.account)
    throw new TroveError('NotAuthenticated', 'Authentication credentials were not provided.');
  try {
    return await c.req.json();
  } catch (error) {
    throw new FieldErrors({ detail: `JSON parse error - ${(error as Error).message}` });
  }
}

/**
 * Caps upload requests before anything reads their body (mount it ahead of the CSRF check, which may
 * parse forms); the limit is the submission service's.
 */
export function uploadBodyLimit(): MiddlewareHandler {
  return async function uploadBodyLimitMiddleware(c, next) {
    const max = c.var.services.submissions.maxUploadBytes;
    return bodyLimit({
      maxSize: max + MULTIPART_SLACK,
      onError: (ctx) =>
        ctx.json({ upload: [`The file is too large: at most ${max} bytes are accepted.`] }, 400),
    })(c, next);
  };
}

/**
 * The v5 submission API as `web-ext sign` uses it (amo.md b.9), the author's view of unlisted and
 * unreviewed versions and files, and the reviewers' queue and decisions. Mounted before the public read
 * API: a request that is not an author's falls through to it.
 */
export function submissionsApi(deps: Pick<AppDeps, 'siteUrl'>) {
  const app = new Hono();
  const ctx: ApiContext = { siteUrl: deps.siteUrl, lang: null };
  const submitted = (result: {
    addon: Parameters<typeof addonJson>[1];
    version: Parameters<typeof versionJson>[2];
  }) => ({
    ...addonJson(ctx, result.addon),
    version: versionJson(ctx, result.addon, result.version),
  });

  app.onError((error, c) => {
    if (error instanceof FieldErrors) return c.json(error.fields, 400);
    throw error;
  });

  app.post('/api/v5/addons/upload/', async (c) => {
    const form = await c.req.parseBody().catch(() => {
      throw FieldErrors.at(['upload'], 'The request is not a valid multipart form.');
    });
    const upload = await c.var.services.submissions.createUpload(c.var.account, form.upload, form.channel);
    return c.json(uploadJson(deps.siteUrl, upload), 201);
  });

  app.get('/api/v5/addons/upload/:uuid/', async (c) => {
    const upload = await c.var.services.submissions.getUpload(c.var.account, c.req.param('uuid'));
    return c.json(uploadJson(deps.siteUrl, upload));
  });

  app.post('/api/v5/addons/addon/', async (c) => {
    const result = await c.var.services.submissions.submit(c.var.account, await jsonBody(c), {
      kind: 'create',
    });
    return c.json(submitted(result), 201);
  });

  app.put('/api/v5/addons/addon/:guid/', async (c) => {
    const guid = c.req.param('guid');
    if (!GUID.test(guid)) throw FieldErrors.at(['guid'], 'Invalid add-on ID in the URL.');
    const result = await c.var.services.submissions.submit(c.var.account, await jsonBody(c), {
      kind: 'put',
      guid,
    });
    return c.json(submitted(result), result.created ? 201 : 200);
  });

  app.post('/api/v5/addons/addon/:ref/versions/', async (c) => {
    const result = await c.var.services.submissions.submit(c.var.account, await jsonBody(c), {
      kind: 'version',
      addon: refOf(c.req.param('ref')),
    });
    return c.json(versionJson(ctx, result.addon, result.version), 201);
  });

  app.get('/api/v5/addons/addon/:ref/versions/:version/', async (c, next) => {
    if (!c.var.account) return next();
    const ref = versionRefOf(c.req.param('version'));
    const found = ref
      ? await c.var.services.submissions.versionForAuthor(c.var.account, refOf(c.req.param('ref')), ref)
      : null;
    if (!found) return next();
    return c.json(versionJson(ctx, found.addon, found.version));
  });

  app.get('/api/v5/addons/addon/:ref/', async (c, next) => {
    if (!c.var.account) return next();
    const addon = await c.var.services.submissions.addonForAuthor(c.var.account, refOf(c.req.param('ref')));
    if (!addon) return next();
    return c.json(addonJson(ctx, addon));
  });

  // Reached when the public downloads route has no approved listed file: authors and reviewers may have more.
  app.get('/:app{firefox|android}/downloads/file/:id{[0-9]{1,10}}/:filename', async (c) => {
    const file = await c.var.services.submissions.fileForAuthor(
      c.var.account,
      Number(c.req.param('id')),
      c.req.param('filename'),
    );
    if (!file) return c.json({ detail: 'Not found.' }, 404);
    return c.body(file.bytes, 200, {
      'Content-Type': 'application/x-xpinstall',
      'Content-Disposition': `attachment; filename="${c.req.param('filename')}"`,
      'Content-Length': String(file.bytes.byteLength),
      'X-Target-Digest': file.hash,
    });
  });

  app.get('/api/v5/reviewers/queue/', async (c) => {
    const entries = await c.var.services.reviews.queue(c.var.account);
    return c.json({ count: entries.length, results: entries.map((e) => queueEntryJson(ctx, e)) });
  });

  app.post(
    '/api/v5/reviewers/addon/:id{[0-9]{1,10}}/versions/:versionId{[0-9]{1,10}}/:action{approve|reject}/',
    async (c) => {
      const addonId = Number(c.req.param('id'));
      const versionId = Number(c.req.param('versionId'));
      const reviews = c.var.services.reviews;
      const result =
        c.req.param('action') === 'approve'
          ? await reviews.approve(c.var.account, addonId, versionId)
          : await reviews.reject(
              c.var.account,
              addonId,
              versionId,
              ((await jsonBody(c)) as { reason?: unknown })?.reason,
            );
      return c.json(versionJson(ctx, result.addon, result.version));
    },
  );

  return app;
}
