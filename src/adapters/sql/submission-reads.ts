import type { Kysely, Transaction } from 'kysely';
import type { AddonDetail, VersionDetail } from '../../domain/browse.ts';
import { ADDON_STATUS, CHANNEL, FILE_STATUS } from '../../domain/constants.ts';
import type { AuthorAddon, QueueEntry } from '../../domain/submission-ports.ts';
import { type AddonRow, CARD_COLUMNS, type TranslationRow, toAddonSummary } from './rows.ts';
import type { DB } from './schema.ts';
import { type CompatRow, toVersions, VERSION_COLUMNS, type VersionRow } from './version-rows.ts';

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
  filter: { addonId?: number; versionIds?: readonly number[]; ref?: { id: number } | { version: string } },
  limit: number,
): Promise<VersionDetail[]> {
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
  const rows = (await q.orderBy('v.id', 'desc').limit(limit).execute()) as VersionRow[];
  if (rows.length === 0) return [];
  const compat = (await db
    .selectFrom('version_compat as c')
    .select(['c.version_id', 'c.app', 'c.min_version', 'c.max_version'])
    .where(
      'c.version_id',
      'in',
      rows.map((r) => Number(r.id)),
    )
    .execute()) as CompatRow[];
  return toVersions(rows, compat);
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
  const names = await db
    .selectFrom('addon_translations')
    .select(['addon_id', 'locale', 'name'])
    .where(
      'addon_id',
      'in',
      rows.map((r) => Number(r.id)),
    )
    .execute();
  return rows.flatMap((r) => {
    const version = versions.get(Number(r.version_id));
    if (!version) return [];
    const name: Record<string, string> = {};
    for (const n of names) if (Number(n.addon_id) === Number(r.id) && n.name) name[n.locale] = n.name;
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
  const [names, versions] = await Promise.all([
    db
      .selectFrom('addon_translations')
      .select(['addon_id', 'locale', 'name'])
      .where('addon_id', 'in', ids)
      .execute(),
    Promise.all(ids.map((addonId) => versionsWhere(db, { addonId }, 20))),
  ]);
  return rows.map((row, i) => {
    const name: Record<string, string> = {};
    for (const t of names) if (Number(t.addon_id) === Number(row.id) && t.name) name[t.locale] = t.name;
    return {
      addon: {
        id: Number(row.id),
        guid: row.guid,
        slug: row.slug,
        name,
        status: Number(row.status),
        defaultLocale: row.default_locale,
      },
      versions: versions[i] ?? [],
    };
  });
}
