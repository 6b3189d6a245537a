import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { type AddonRef, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../domain/browse.ts';
import { CATEGORIES } from '../../domain/categories.ts';
import { ADDON_TYPES, type AddonTypeName, APP_SHORTS } from '../../domain/constants.ts';
import { addonTag, CATALOGUE_TAG, formatCacheTags } from '../../domain/edge/cache-policy.ts';
import { MAX_QUERY_LENGTH, MAX_RESULT_WINDOW, type SearchSort } from '../../domain/search.ts';
import type { AppDeps } from '../types.ts';
import {
  type ApiContext,
  addonJson,
  autocompleteJson,
  searchResultJson,
  versionJson,
} from './serializers.ts';

/** AMO's anonymous API caching (amo.md e: `API_CACHE_DURATION`), plus a day of stale-if-error at the edge. */
const API_CACHE_CONTROL = 'public, max-age=360, stale-if-error=86400';
const GUID = /^(\{[0-9a-fA-F-]{36}\}|[^@\s]+@[^@\s]+)$/;

export function refOf(value: string): AddonRef {
  if (/^\d+$/.test(value)) return { id: Number(value) };
  return GUID.test(value) ? { guid: value } : { slug: value };
}

export const pageParams = z.object({
  page: z.coerce.number().int().min(1, 'A valid page number is required.').default(1),
  page_size: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE, `Ensure this value is less than or equal to ${MAX_PAGE_SIZE}.`)
    .default(DEFAULT_PAGE_SIZE),
  lang: z.string().max(10).optional(),
});

const TYPE_NAMES = Object.keys(ADDON_TYPES) as AddonTypeName[];
const searchParams = pageParams.extend({
  q: z
    .string()
    .max(MAX_QUERY_LENGTH, `Ensure this field has no more than ${MAX_QUERY_LENGTH} characters.`)
    .default(''),
  app: z.enum(APP_SHORTS).optional(),
  type: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(',') : []))
    .pipe(
      z.array(z.enum(TYPE_NAMES, { message: `Invalid type: valid types are ${TYPE_NAMES.join(', ')}.` })),
    ),
  category: z.string().optional(),
  tag: z.string().max(128).optional(),
  promoted: z.string().optional(),
  sort: z
    .string()
    .optional()
    .transform((s) => (s === 'rating' ? 'ratings' : s)),
});

const SORTS: Record<string, SearchSort> = {
  relevance: 'relevance',
  users: 'users',
  ratings: 'rating',
  created: 'created',
  updated: 'updated',
  downloads: 'downloads',
  recommended: 'users',
};

/** 400 in AMO's shape: `{field: [messages]}`. */
export function invalid(c: Context, error: z.ZodError) {
  const body: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'non_field_errors');
    body[field] = [...(body[field] ?? []), issue.message];
  }
  return c.json(body, 400);
}

const notFound = (c: Context) => c.json({ detail: 'Not found.' }, 404);

export function envelope<T>(c: Context, count: number, page: number, pageSize: number, results: T[]) {
  const pageCount = Math.max(1, Math.ceil(Math.min(count, MAX_RESULT_WINDOW) / pageSize));
  const link = (p: number) => {
    const url = new URL(c.req.url);
    url.searchParams.set('page', String(p));
    return url.toString();
  };
  return {
    count,
    next: page < pageCount ? link(page + 1) : null,
    previous: page > 1 ? link(page - 1) : null,
    page_size: pageSize,
    page_count: pageCount,
    results,
  };
}

function cacheable(c: Context, tags: readonly string[]) {
  c.header('Cache-Control', API_CACHE_CONTROL);
  c.header('Cache-Tag', formatCacheTags(tags));
}

/** AMO's v5 read API for add-ons (amo.md b.1–b.5): detail, versions, search, autocomplete, categories. */
export function apiV5(deps: Pick<AppDeps, 'siteUrl'>) {
  const app = new Hono();
  const ctxOf = (lang: string | undefined): ApiContext => ({ siteUrl: deps.siteUrl, lang: lang ?? null });

  app.get('/api/v5/addons/addon/:ref/', async (c) => {
    const params = pageParams.safeParse(c.req.query());
    if (!params.success) return invalid(c, params.error);
    const addon = await c.var.services.browse.findAddon(refOf(c.req.param('ref')));
    if (!addon) return notFound(c);
    cacheable(c, [addonTag(addon.guid)]);
    return c.json(addonJson(ctxOf(params.data.lang), addon));
  });

  app.get('/api/v5/addons/addon/:ref/versions/', async (c) => {
    const params = pageParams.safeParse(c.req.query());
    if (!params.success) return invalid(c, params.error);
    const { page, page_size: pageSize, lang } = params.data;
    const addon = await c.var.services.browse.findAddon(refOf(c.req.param('ref')));
    if (!addon) return notFound(c);
    const versions = await c.var.services.browse.listVersions(addon.id, page, pageSize);
    if (page > 1 && versions.results.length === 0) return c.json({ detail: 'Invalid page.' }, 404);
    cacheable(c, [addonTag(addon.guid)]);
    const ctx = ctxOf(lang);
    return c.json(
      envelope(
        c,
        versions.count,
        page,
        pageSize,
        versions.results.map((v) => versionJson(ctx, addon, v)),
      ),
    );
  });

  app.get('/api/v5/addons/addon/:ref/versions/:version/', async (c) => {
    const params = pageParams.safeParse(c.req.query());
    if (!params.success) return invalid(c, params.error);
    const addon = await c.var.services.browse.findAddon(refOf(c.req.param('ref')));
    if (!addon) return notFound(c);
    const raw = c.req.param('version');
    // AMO: no dot means an id; a leading "v" forces a version number.
    const ref = raw.startsWith('v')
      ? { version: raw.slice(1) }
      : raw.includes('.')
        ? { version: raw }
        : /^\d+$/.test(raw)
          ? { id: Number(raw) }
          : null;
    const version = ref ? await c.var.services.browse.findVersion(addon.id, ref) : null;
    if (!version) return notFound(c);
    cacheable(c, [addonTag(addon.guid)]);
    return c.json(versionJson(ctxOf(params.data.lang), addon, version));
  });

  app.get('/api/v5/addons/search/', async (c) => {
    const params = searchParams.safeParse(c.req.query());
    if (!params.success) return invalid(c, params.error);
    const p = params.data;
    const sort = p.sort === undefined ? undefined : SORTS[p.sort.split(',')[0] ?? ''];
    if (p.sort !== undefined && !sort) {
      return c.json({ sort: [`Invalid sort: valid sorts are ${Object.keys(SORTS).join(', ')}.`] }, 400);
    }
    if ((p.page - 1) * p.page_size >= MAX_RESULT_WINDOW) return c.json({ detail: 'Invalid page.' }, 404);
    const types = p.type.map((t) => ADDON_TYPES[t]);
    // AMO ignores `category` unless `app` and `type` are set too (b.3).
    const category =
      p.category && p.app && p.type.length === 1
        ? CATEGORIES.find((x) => x.slug === p.category && x.type === p.type[0])
        : undefined;
    if (p.category && p.app && p.type.length === 1 && !category)
      return c.json({ category: ['Invalid category.'] }, 400);
    const results = await c.var.services.search.search({
      q: p.q.trim(),
      types,
      categoryId: category?.id,
      app: p.app,
      tag: p.tag,
      promoted: p.promoted ? true : undefined,
      sort: sort ?? (p.sort === 'recommended' ? 'users' : undefined),
      lang: p.lang,
      page: p.page,
      pageSize: p.page_size,
    });
    const cards = await c.var.services.browse.findAddonsByIds(results.hits.map((h) => h.id));
    const scores = new Map(results.hits.map((h) => [h.id, h.score]));
    cacheable(c, [CATALOGUE_TAG]);
    const ctx = ctxOf(p.lang);
    return c.json(
      envelope(
        c,
        results.count,
        p.page,
        p.page_size,
        cards.map((card) => searchResultJson(ctx, card, scores.get(card.id) ?? 0)),
      ),
    );
  });

  app.get('/api/v5/addons/autocomplete/', async (c) => {
    const params = searchParams.safeParse(c.req.query());
    if (!params.success) return invalid(c, params.error);
    const hits = params.data.q.trim()
      ? await c.var.services.search.autocomplete(params.data.q.trim(), {
          app: params.data.app,
          lang: params.data.lang,
          limit: 10,
        })
      : [];
    const cards = await c.var.services.browse.findAddonsByIds(hits.map((h) => h.id));
    cacheable(c, [CATALOGUE_TAG]);
    const ctx = ctxOf(params.data.lang);
    return c.json({ results: cards.map((card) => autocompleteJson(ctx, card)) });
  });

  app.get('/api/v5/addons/categories/', (c) => {
    cacheable(c, []);
    return c.json(
      CATEGORIES.map((cat) => ({
        id: cat.id,
        name: cat.name,
        slug: cat.slug,
        misc: cat.misc,
        type: cat.type,
        weight: cat.weight,
        description: null,
      })),
    );
  });

  return app;
}
