import type { AddonCard, AddonDetail, Author, VersionDetail } from '../../domain/browse.ts';
import { type Translated, translate } from '../../domain/catalogue.ts';
import { getCategoryById } from '../../domain/categories.ts';
import { fileStatusName, statusName, typeName } from '../../domain/constants.ts';

/** How a response renders: the site's base URL, and `lang` (translated fields as one string) when asked. */
export interface ApiContext {
  readonly siteUrl: string;
  readonly lang: string | null;
}

/** AMO's translated field: `{locale: text}`, or with `?lang=` one string with fallback (amo.md b.1). */
export function translated(
  text: Translated,
  ctx: ApiContext,
  defaultLocale: string,
): Translated | string | null {
  if (ctx.lang === null) return Object.keys(text).length > 0 ? text : null;
  const value = translate(text, ctx.lang, defaultLocale);
  return value === '' ? null : value;
}

function urlLocale(ctx: ApiContext, defaultLocale: string): string {
  return ctx.lang ?? defaultLocale;
}

export function addonUrl(ctx: ApiContext, addon: { slug: string; defaultLocale: string }): string {
  return `${ctx.siteUrl}/${urlLocale(ctx, addon.defaultLocale)}/firefox/addon/${addon.slug}/`;
}

function iconUrls(ctx: ApiContext, addon: AddonCard) {
  const icon = (size: number) =>
    addon.iconHash
      ? `${ctx.siteUrl}/user-media/addon_icons/${addon.id}-${size}.png?modified=${addon.iconHash}`
      : `${ctx.siteUrl}/static/img/addon-icons/default-${size}.png`;
  return { icon_url: icon(64), icons: { 32: icon(32), 64: icon(64), 128: icon(128) } };
}

function promotedOf(addon: AddonCard) {
  return addon.promoted ? [{ category: addon.promoted, apps: ['firefox', 'android'] }] : [];
}

function authorOf(ctx: ApiContext, author: Author, withPicture: boolean) {
  return {
    id: author.id,
    name: author.name,
    url: `${ctx.siteUrl}/en-US/firefox/user/${author.id}/`,
    username: author.username,
    ...(withPicture ? { picture_url: null } : {}),
  };
}

/** The version object (amo.md b.4); `short` leaves out release notes and license, as search results do. */
export function versionJson(
  ctx: ApiContext,
  addon: { id: number; slug: string },
  v: VersionDetail,
  short = false,
) {
  const compatibility: Record<string, { min: string; max: string }> = {};
  for (const [app, range] of Object.entries(v.compat))
    if (range) compatibility[app] = { min: range.min, max: range.max };
  const json: Record<string, unknown> = {
    id: v.id,
    channel: v.channel === 1 ? 'unlisted' : 'listed',
    compatibility,
    edit_url: `${ctx.siteUrl}/en-US/developers/addon/${addon.slug}/versions/${v.id}`,
    file: {
      id: v.file.id,
      created: v.created.toISOString(),
      hash: v.file.hash,
      is_mozilla_signed_extension: false,
      permissions: v.file.permissions,
      optional_permissions: [],
      host_permissions: [],
      data_collection_permissions: [],
      optional_data_collection_permissions: [],
      size: v.file.size,
      status: fileStatusName(v.file.status),
      url: `${ctx.siteUrl}/firefox/downloads/file/${v.file.id}/${v.file.filename}`,
    },
    is_disabled: false,
    is_strict_compatibility_enabled: v.file.strictCompatibility,
    reviewed: v.created.toISOString(),
    version: v.version,
  };
  if (!short) {
    json.license = v.license
      ? { is_custom: false, name: { 'en-US': v.license }, slug: v.license, text: null, url: null }
      : null;
    json.release_notes =
      v.releaseNotes === null ? null : ctx.lang === null ? { 'en-US': v.releaseNotes } : v.releaseNotes;
    json.source = null;
  }
  return json;
}

function cardFields(ctx: ApiContext, a: AddonCard) {
  return {
    id: a.id,
    average_daily_users: a.averageDailyUsers,
    categories: a.categories.flatMap((id) => getCategoryById(id)?.slug ?? []),
    created: a.created.toISOString(),
    default_locale: a.defaultLocale,
    guid: a.guid,
    ...iconUrls(ctx, a),
    is_disabled: false,
    is_experimental: false,
    last_updated: a.lastUpdated.toISOString(),
    name: translated(a.name, ctx, a.defaultLocale),
    promoted: promotedOf(a),
    ratings: {
      average: a.ratings.average,
      bayesian_average: a.ratings.bayesianAverage,
      count: a.ratings.count,
      text_count: a.ratings.textCount,
    },
    ratings_url: `${addonUrl(ctx, a)}reviews/`,
    requires_payment: false,
    slug: a.slug,
    status: statusName(a.status),
    summary: translated(a.summary, ctx, a.defaultLocale),
    type: typeName(a.type),
    url: addonUrl(ctx, a),
    weekly_downloads: a.weeklyDownloads,
  };
}

/** `GET /api/v5/addons/addon/{id}/` (amo.md b.2). */
export function addonJson(ctx: ApiContext, a: AddonDetail) {
  return {
    ...cardFields(ctx, a),
    authors: a.authors.map((author) => authorOf(ctx, author, true)),
    contributions_url: null,
    current_version: a.currentVersion ? versionJson(ctx, a, a.currentVersion) : null,
    description: translated(a.description, ctx, a.defaultLocale),
    developer_comments: null,
    edit_url: `${ctx.siteUrl}/en-US/developers/addon/${a.slug}/edit`,
    has_eula: false,
    has_privacy_policy: false,
    homepage: null,
    is_noindexed: false,
    previews: [],
    review_url: `${ctx.siteUrl}/en-US/reviewers/review/${a.id}`,
    support_email: null,
    support_url: null,
    tags: a.tags,
    versions_url: `${addonUrl(ctx, a)}versions/`,
  };
}

/** A search result: the add-on without release notes, license or author pictures, plus `_score` (b.3). */
export function searchResultJson(ctx: ApiContext, a: AddonCard, score: number) {
  return { ...cardFields(ctx, a), _score: score };
}

/** Autocomplete items carry only these (b.3). */
export function autocompleteJson(ctx: ApiContext, a: AddonCard) {
  const { icon_url, icons } = iconUrls(ctx, a);
  return {
    id: a.id,
    icon_url,
    icons,
    name: translated(a.name, ctx, a.defaultLocale),
    promoted: promotedOf(a),
    type: typeName(a.type),
    url: addonUrl(ctx, a),
  };
}
