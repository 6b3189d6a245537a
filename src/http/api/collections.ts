import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { Collection, CollectionAddonSort } from '../../domain/collections.ts';
import { CATALOGUE_TAG } from '../../domain/edge/cache-policy.ts';
import type { CollectionAddon } from '../../services/collection-service.ts';
import type { AppDeps } from '../types.ts';
import { amoDate, cacheablePublic, readBody, userJson, withFieldErrors } from './ratings.ts';
import { type ApiContext, searchResultJson, translated } from './serializers.ts';
import { envelope, invalid, pageParams, refOf } from './v5.ts';

const SORTS = ['added', 'popularity', 'name'] as const satisfies readonly CollectionAddonSort[];
const WITH_ADDONS_LIMIT = 25;

const addonsParams = pageParams.extend({
  sort: z
    .string()
    .default('-popularity')
    .refine((s) => (SORTS as readonly string[]).includes(s.replace(/^-/, '')), {
      message: `Invalid sort: valid sorts are ${SORTS.join(', ')}, with "-" to reverse.`,
    }),
});

/** AMO's collection object (amo.md b.7). */
export function collectionJson(ctx: ApiContext, c: Collection) {
  const text = (value: string | null) =>
    value === null ? null : translated({ [c.defaultLocale]: value }, ctx, c.defaultLocale);
  return {
    id: c.id,
    addon_count: c.addonCount,
    author: userJson(ctx.siteUrl, c.author),
    default_locale: c.defaultLocale,
    description: text(c.description),
    modified: amoDate(c.modified),
    name: text(c.name),
    public: c.public,
    slug: c.slug,
    url: `${ctx.siteUrl}/en-US/firefox/collections/${c.author.id}/${c.slug}/`,
    uuid: c.uuid,
  };
}

/** An add-on in a collection: `{addon, notes, downloads}`. */
export function collectionAddonJson(ctx: ApiContext, item: CollectionAddon, defaultLocale: string) {
  const { _score, ...addon } = searchResultJson(ctx, item.addon, 0);
  return {
    addon,
    notes: item.notes === null ? null : translated({ [defaultLocale]: item.notes }, ctx, defaultLocale),
    downloads: 0,
  };
}

/** `/api/v5/accounts/account/{user_id|username}/collections/…` (amo.md b.7). */
export function collectionsApi(deps: Pick<AppDeps, 'siteUrl'>) {
  const app = withFieldErrors(new Hono());
  const base = '/api/v5/accounts/account/:user/collections';
  const one = `${base}/:slug`;
  const ctxOf = (c: Context): ApiContext => ({ siteUrl: deps.siteUrl, lang: c.req.query('lang') ?? null });
  const owner = (c: Context) => {
    const ref = c.req.param('user') ?? '';
    return c.var.services.collections.owner(/^\d+$/.test(ref) ? { id: Number(ref) } : { username: ref });
  };
  /** The collection in the path, if the person asking may see it. */
  const collectionOf = async (c: Context) => {
    const { id } = await owner(c);
    return c.var.services.collections.get(id, c.req.param('slug') ?? '', c.var.account);
  };
  const addon = (c: Context) => refOf(c.req.param('addon') ?? '');
  const itemJson = (c: Context, collection: Collection, item: CollectionAddon) =>
    collectionAddonJson(ctxOf(c), item, collection.defaultLocale);

  app.get(`${base}/`, async (c) => {
    const params = pageParams.safeParse(c.req.query());
    if (!params.success) return invalid(c, params.error);
    const { page, page_size: pageSize } = params.data;
    const { id } = await owner(c);
    const found = await c.var.services.collections.listOwn(id, c.var.account, page, pageSize);
    const ctx = ctxOf(c);
    return c.json(
      envelope(
        c,
        found.count,
        page,
        pageSize,
        found.results.map((x) => collectionJson(ctx, x)),
      ),
    );
  });

  app.post(`${base}/`, async (c) => {
    const body = await readBody(c);
    const { id } = await owner(c);
    const collection = await c.var.services.collections.create(c.var.account, id, body);
    return c.json(collectionJson(ctxOf(c), collection), 201);
  });

  app.get(`${one}/`, async (c) => {
    const collection = await collectionOf(c);
    const json: Record<string, unknown> = collectionJson(ctxOf(c), collection);
    if (c.req.query('with_addons') !== undefined) {
      const items = await c.var.services.collections.listAddons(collection, {
        sort: 'popularity',
        descending: true,
        page: 1,
        pageSize: WITH_ADDONS_LIMIT,
      });
      json.addons = items.results.map((item) => itemJson(c, collection, item));
    }
    cacheablePublic(c, [CATALOGUE_TAG]);
    return c.json(json);
  });

  app.patch(`${one}/`, async (c) => {
    const body = await readBody(c);
    const collection = await c.var.services.collections.edit(c.var.account, await collectionOf(c), body);
    return c.json(collectionJson(ctxOf(c), collection));
  });

  app.delete(`${one}/`, async (c) => {
    await c.var.services.collections.delete(c.var.account, await collectionOf(c));
    return c.body(null, 204);
  });

  app.get(`${one}/addons/`, async (c) => {
    const params = addonsParams.safeParse(c.req.query());
    if (!params.success) return invalid(c, params.error);
    const { page, page_size: pageSize, sort } = params.data;
    const collection = await collectionOf(c);
    const items = await c.var.services.collections.listAddons(collection, {
      sort: sort.replace(/^-/, '') as CollectionAddonSort,
      descending: sort.startsWith('-'),
      page,
      pageSize,
    });
    if (page > 1 && items.results.length === 0) return c.json({ detail: 'Invalid page.' }, 404);
    cacheablePublic(c, [CATALOGUE_TAG]);
    const results = items.results.map((item) => itemJson(c, collection, item));
    return c.json(envelope(c, items.count, page, pageSize, results));
  });

  app.post(`${one}/addons/`, async (c) => {
    const body = await readBody(c);
    if (typeof body.addon !== 'string' && typeof body.addon !== 'number') {
      return c.json({ addon: ['This field is required.'] }, 400);
    }
    const collection = await collectionOf(c);
    const ref = refOf(String(body.addon));
    const saved = await c.var.services.collections.addAddon(c.var.account, collection, ref, body.notes);
    return c.json(itemJson(c, collection, saved.item), saved.created ? 201 : 200);
  });

  app.get(`${one}/addons/:addon/`, async (c) => {
    const collection = await collectionOf(c);
    const item = await c.var.services.collections.getAddon(collection, addon(c));
    cacheablePublic(c, [CATALOGUE_TAG]);
    return c.json(itemJson(c, collection, item));
  });

  app.patch(`${one}/addons/:addon/`, async (c) => {
    const body = await readBody(c);
    const collection = await collectionOf(c);
    const item = await c.var.services.collections.editAddon(c.var.account, collection, addon(c), body.notes);
    return c.json(itemJson(c, collection, item));
  });

  app.delete(`${one}/addons/:addon/`, async (c) => {
    await c.var.services.collections.removeAddon(c.var.account, await collectionOf(c), addon(c));
    return c.body(null, 204);
  });

  return app;
}
