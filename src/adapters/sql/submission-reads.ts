import { type Kysely, sql, type Transaction } from 'kysely';
import type { AddonDetail, VersionDetail } from '../../domain/browse.ts';
import { ADDON_STATUS, CHANNEL, FILE_STATUS } from '../../domain/constants.ts';
import type { AuthorAddon, QueueEntry } from '../../domain/submission-ports.ts';
import {
  type AddonRow,
  CARD_COLUMNS,
  namesOf,
  type TranslationRow,
  toAddonSummary,
  translationsByAddon,
} from './rows.ts';
import type { DB } from './schema.ts';
import { compatOf, toVersions, VERSION_COLUMNS, type VersionRow } from './version-rows.ts';

export type Db = Kysely<DB> | Transaction<DB>;

export async function authorIdsOf(db: Db, addonId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('addon_authors')
    .select('user_id')
    .where('addon_id', '=', addonId)
    .orderBy('position')
    .execute();
  return rows.map((r) => Number(r.user_id));
}

/** Versions with their files and compat, any channel or file status, not deleted, newest first. */
export async function versionsWhere(
  db: Db,
  filter: {
    addonId?: number;
    versionIds?: readonly number[];
    ref?: { id: number } | { version: string };
  },
  limit: number,
): Promise<(VersionDetail & { readonly addonId: number })[]> {
  let q = db
    .selectFrom('versions as v')
    .innerJoin('files as f', 'f.version_id', 'v.id')
    .select([...VERSION_COLUMNS])
    .where('v.deleted', '=', 0);
  if (filter.addonId !== undefined) q = q.where('v.addon_id', '=', filter.addonId);
  if (filter.versionIds) q = q.where('v.id', 'in', [...filter.versionIds]);
  if (filter.ref)
    q =
      'id' in filter.ref
        ? q.where('v.id', '=', filter.ref.id)
        : q.where('v.version', '=', filter.ref.version);
  const rows = (await q
    .select('v.addon_id')
    .orderBy('v.id', 'desc')
    .limit(limit)
    .execute()) as (VersionRow & {
    addon_id: number;
  })[];
  if (rows.length === 0) return [];
  const addonOf = new Map(rows.map((r) => [Number(r.id), Number(r.addon_id)]));
  return toVersions(rows, await compatOf(db, [...addonOf.keys()])).map((v) => ({
    ...v,
    addonId: addonOf.get(v.id) ?? 0,
  }));
}

/** An add-on's detail in any status; `currentVersion` is its latest approved listed version. */
export async function addonDetail(db: Db, addonId: number): Promise<AddonDetail | null> {
  const row = await db
    .selectFrom('addons as a')
    .select([...CARD_COLUMNS])
    .where('a.id', '=', addonId)
    .executeTakeFirst();
  if (!row) return null;
  const [translations, categories, authors, tags, current] = await Promise.all([
    db
      .selectFrom('addon_translations')
      .select(['addon_id', 'locale', 'name', 'summary', 'description'])
      .where('addon_id', '=', addonId)
      .execute(),
    db.selectFrom('addon_categories').select('category_id').where('addon_id', '=', addonId).execute(),
    db
      .selectFrom('addon_authors as aa')
      .innerJoin('users as u', 'u.id', 'aa.user_id')
      .select(['u.id', 'u.username', 'u.display_name'])
      .where('aa.addon_id', '=', addonId)
      .orderBy('aa.position')
      .execute(),
    db.selectFrom('addon_tags').select('tag').where('addon_id', '=', addonId).execute(),
    db
      .selectFrom('versions as v')
      .innerJoin('files as f', 'f.version_id', 'v.id')
      .select('v.id')
      .where('v.addon_id', '=', addonId)
      .where('v.channel', '=', CHANNEL.listed)
      .where('v.deleted', '=', 0)
      .where('f.status', '=', FILE_STATUS.public)
      .orderBy('v.id', 'desc')
      .limit(1)
      .executeTakeFirst(),
  ]);
  const description: Record<string, string> = {};
  for (const t of translations) if (t.description) description[t.locale] = t.description;
  const [currentVersion] = current ? await versionsWhere(db, { versionIds: [Number(current.id)] }, 1) : [];
  return {
    ...toAddonSummary(row as unknown as AddonRow, translations as TranslationRow[]),
    promoted: row.promoted,
    iconHash: row.icon_hash,
    previews: Number(row.previews),
    categories: categories.map((c) => Number(c.category_id)),
    description,
    tags: tags.map((t) => t.tag),
    authors: authors.map((a) => ({ id: Number(a.id), username: a.username, name: a.display_name })),
    currentVersion: currentVersion ?? null,
  };
}

/** Listed versions awaiting review on add-ons that are not disabled or deleted, oldest first. */
export async function reviewQueue(db: Db, limit: number): Promise<QueueEntry[]> {
  const rows = await db
    .selectFrom('versions as v')
    .innerJoin('files as f', 'f.version_id', 'v.id')
    .innerJoin('addons as a', 'a.id', 'v.addon_id')
    .select(['v.id as version_id', 'a.id', 'a.guid', 'a.slug', 'a.status', 'a.default_locale'])
    .where('v.channel', '=', CHANNEL.listed)
    .where('v.deleted', '=', 0)
    .where('f.status', '=', FILE_STATUS.unreviewed)
    .where('a.status', 'not in', [ADDON_STATUS.disabled, ADDON_STATUS.deleted])
    .orderBy('v.id')
    .limit(limit)
    .execute();
  if (rows.length === 0) return [];
  const versions = new Map(
    (await versionsWhere(db, { versionIds: rows.map((r) => Number(r.version_id)) }, rows.length)).map((v) => [
      v.id,
      v,
    ]),
  );
  const names = await translationsByAddon(
    db,
    rows.map((r) => Number(r.id)),
  );
  return rows.flatMap((r) => {
    const version = versions.get(Number(r.version_id));
    if (!version) return [];
    const name = namesOf(names.get(Number(r.id)) ?? []);
    return [
      {
        addon: {
          id: Number(r.id),
          guid: r.guid,
          slug: r.slug,
          status: Number(r.status),
          defaultLocale: r.default_locale,
          name,
        },
        version,
      },
    ];
  });
}

/** The add-ons a user authors, newest first, with up to 20 versions each of any channel or status. */
export async function authorAddons(db: Db, userId: number, limit: number): Promise<AuthorAddon[]> {
  const PER_ADDON = 20;
  const rows = await db
    .selectFrom('addons as a')
    .innerJoin('addon_authors as aa', 'aa.addon_id', 'a.id')
    .select(['a.id', 'a.guid', 'a.slug', 'a.status', 'a.default_locale'])
    .where('aa.user_id', '=', userId)
    .where('a.status', '!=', ADDON_STATUS.deleted)
    .orderBy('a.id', 'desc')
    .limit(limit)
    .execute();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => Number(r.id));
  // The newest PER_ADDON versions of each add-on, in one statement rather than one per add-on.
  const newest = await sql<{ id: number }>`
    SELECT id FROM (
      SELECT v.id, row_number() OVER (PARTITION BY v.addon_id ORDER BY v.id DESC) AS n
      FROM versions v JOIN files f ON f.version_id = v.id
      WHERE v.deleted = 0 AND v.addon_id IN (${sql.join(ids)})
    ) ranked WHERE n <= ${PER_ADDON}`.execute(db);
  const versionIds = newest.rows.map((r) => Number(r.id));
  const [names, versions] = await Promise.all([
    translationsByAddon(db, ids),
    versionIds.length > 0 ? versionsWhere(db, { versionIds }, versionIds.length) : [],
  ]);
  const byAddon = new Map<number, VersionDetail[]>();
  for (const version of versions) {
    const list = byAddon.get(version.addonId) ?? [];
    list.push(version);
    byAddon.set(version.addonId, list);
  }
  return rows.map((row) => ({
    addon: {
      id: Number(row.id),
      guid: row.guid,
      slug: row.slug,
      name: namesOf(names.get(Number(row.id)) ?? []),
      status: Number(row.status),
      defaultLocale: row.default_locale,
    },
    versions: byAddon.get(Number(row.id)) ?? [],
  }));
}
