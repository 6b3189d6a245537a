import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { addonTag, CATALOGUE_TAG, formatCacheTags } from '../../domain/edge/cache-policy.ts';
import { TroveError } from '../../domain/errors.ts';
import type { RatingView } from '../../domain/ratings.ts';
import type { AppDeps } from '../types.ts';
import { envelope, invalid, pageParams, refOf } from './v5.ts';

/** AMO's anonymous API caching (amo.md d.3); the authenticate middleware makes personal answers private. */
const PUBLIC_CACHE = 'public, max-age=360';

/** AMO's date-time format (`%Y-%m-%dT%H:%M:%SZ`). */
export function amoDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function userJson(siteUrl: string, user: { id: number; username: string; name: string }) {
  return {
    id: user.id,
    name: user.name,
    url: `${siteUrl}/en-US/firefox/user/${user.id}/`,
    username: user.username,
  };
}

/** A request body as an object: JSON, or a form. */
export async function readBody(c: Context): Promise<Record<string, unknown>> {
  if ((c.req.header('Content-Type') ?? '').startsWith('application/json')) {
    const body: unknown = await c.req.json().catch(() => null);
    if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
      return body as Record<string, unknown>;
    }
    throw new TroveError('InvalidInput', 'JSON parse error: the body must be a JSON object.');
  }
  return (await c.req.parseBody()) as Record<string, unknown>;
}

/** Errors naming fields leave as AMO's 400 `{field: [messages]}`; the app's handler maps the rest. */
export function withFieldErrors(app: Hono): Hono {
  app.onError((error, c) => {
    if (error instanceof TroveError && Object.keys(error.fields).length > 0) return c.json(error.fields, 400);
    throw error;
  });
  return app;
}

/** Anonymous answers may be cached by the edge; a rating write purges these tags. */
export function cacheablePublic(c: Context, tags: readonly string[]) {
  if (c.var.account) return;
  c.header('Cache-Control', PUBLIC_CACHE);
  if (tags.length > 0) c.header('Cache-Tag', formatCacheTags(tags));
}

/** AMO's rating object (amo.md b.6); `flags` only when asked for with `show_flags_for`. */
export function ratingJson(siteUrl: string, r: RatingView): Record<string, unknown> {
  return {
    id: r.id,
    addon: { id: r.addon.id, slug: r.addon.slug },
    body: r.body,
    created: amoDate(r.created),
    is_deleted: r.deleted,
    is_developer_reply: r.replyTo !== null,
    is_latest: r.isLatest,
    previous_count: r.previousCount,
    ...(r.replyTo === null ? { reply: r.reply ? ratingJson(siteUrl, r.reply) : null, score: r.score } : {}),
    user: userJson(siteUrl, r.user),
    version: r.version ? { id: r.version.id, version: r.version.version } : null,
    ...(r.flags ? { flags: r.flags.map((f) => ({ flag: f.flag, note: f.note })) } : {}),
  };
}

const id = z.coerce.number({ error: 'A valid integer is required.' }).int().positive();
/** A comma-separated list in a query parameter. */
const csv = <T>(item: z.ZodType<T>) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(item)).optional();

const listParams = pageParams.extend({
  addon: z.string().max(255).optional(),
  user: id.optional(),
  version: id.optional(),
  score: csv(z.coerce.number().int().min(1).max(5)),
  filter: csv(z.enum(['with_deleted', 'without_empty_body', 'with_yours'])),
  exclude_ratings: csv(id),
  show_flags_for: id.optional(),
});

/** `/api/v5/ratings/rating/` (amo.md b.6): list, create, detail, edit, delete, reply, flag. */
export function ratingsApi(deps: Pick<AppDeps, 'siteUrl'>) {
  const app = withFieldErrors(new Hono());
  const base = '/api/v5/ratings/rating';
  const one = `${base}/:id{[0-9]+}`;
  const json = (r: RatingView) => ratingJson(deps.siteUrl, r);

  app.get(`${base}/`, async (c) => {
    const params = listParams.safeParse(c.req.query());
    if (!params.success) return invalid(c, params.error);
    const p = params.data;
    if (p.addon === undefined && p.user === undefined) {
      return c.json({ detail: 'Need an addon or user parameter' }, 400);
    }
    // AMO: one person has one rating per version, so that query is a page of one.
    const pageSize =
      p.addon !== undefined && p.user !== undefined && p.version !== undefined ? 1 : p.page_size;
    const page = await c.var.services.ratings.list(
      {
        addon: p.addon === undefined ? undefined : refOf(p.addon),
        userId: p.user,
        versionId: p.version,
        scores: p.score,
        withoutEmptyBody: p.filter?.includes('without_empty_body'),
        withDeleted: p.filter?.includes('with_deleted'),
        excludeIds: p.exclude_ratings,
        flagsFor: p.show_flags_for,
        page: p.page,
        pageSize,
      },
      c.var.account,
    );
    if (p.page > 1 && page.results.length === 0) return c.json({ detail: 'Invalid page.' }, 404);
    const guid = page.results[0]?.addon.guid;
    cacheablePublic(c, p.addon !== undefined && guid ? [addonTag(guid)] : [CATALOGUE_TAG]);
    return c.json(envelope(c, page.count, p.page, pageSize, page.results.map(json)));
  });

  app.post(`${base}/`, async (c) => {
    const body = await readBody(c);
    const addon = body.addon;
    if (typeof addon !== 'string' && typeof addon !== 'number') {
      return c.json({ addon: ['This field is required.'] }, 400);
    }
    const rating = await c.var.services.ratings.create(c.var.account, refOf(String(addon)), body);
    return c.json(json(rating), 201);
  });

  app.get(`${one}/`, async (c) => {
    const flagsFor = id.optional().safeParse(c.req.query('show_flags_for'));
    if (!flagsFor.success) return invalid(c, flagsFor.error);
    const rating = await c.var.services.ratings.get(Number(c.req.param('id')), c.var.account, {
      flagsFor: flagsFor.data,
    });
    cacheablePublic(c, [addonTag(rating.addon.guid)]);
    return c.json(json(rating));
  });

  app.patch(`${one}/`, async (c) => {
    const body = await readBody(c);
    return c.json(json(await c.var.services.ratings.edit(c.var.account, Number(c.req.param('id')), body)));
  });

  app.delete(`${one}/`, async (c) => {
    await c.var.services.ratings.delete(c.var.account, Number(c.req.param('id')));
    return c.body(null, 204);
  });

  app.post(`${one}/reply/`, async (c) => {
    const body = await readBody(c);
    const saved = await c.var.services.ratings.reply(c.var.account, Number(c.req.param('id')), body);
    return c.json(json(saved.reply), saved.created ? 201 : 200);
  });

  app.post(`${one}/flag/`, async (c) => {
    const body = await readBody(c);
    await c.var.services.ratings.flag(c.var.account, Number(c.req.param('id')), body);
    return c.json({ msg: 'Thanks; this review has been flagged for reviewer approval.' }, 202);
  });

  return app;
}
