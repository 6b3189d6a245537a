import type { Insertable, Kysely, Transaction } from 'kysely';
import type { AddonInput } from '../../domain/catalogue.ts';
import { APPLICATIONS, type AppShort } from '../../domain/constants.ts';
import { TroveError } from '../../domain/errors.ts';
import type { CatalogueWriter, ImportResult } from '../../domain/ports.ts';
import { fromSqlDate, toSqlDate } from './rows.ts';
import type { DB } from './schema.ts';

type Tx = Kysely<DB> | Transaction<DB>;

// SQLite allows 32,766 bound parameters per statement, MySQL 65,535: stay well under both.
const MAX_PARAMS = 20_000;

function chunks<T extends object>(rows: readonly T[]): T[][] {
  if (rows.length === 0) return [];
  const perRow = Object.keys(rows[0] as object).length;
  const size = Math.max(1, Math.floor(MAX_PARAMS / perRow));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

function isDuplicate(error: unknown): boolean {
  return /UNIQUE constraint|PRIMARY KEY constraint|Duplicate entry|ER_DUP_ENTRY/i.test(
    `${(error as { code?: string }).code ?? ''} ${String(error)}`,
  );
}

interface Rows {
  addons: Insertable<DB['addons']>[];
  translations: DB['addon_translations'][];
  categories: DB['addon_categories'][];
  tags: DB['addon_tags'][];
  authors: { addon_id: number; username: string; name: string; position: number }[];
  versions: Insertable<DB['versions']>[];
  files: Insertable<DB['files']>[];
  compat: DB['version_compat'][];
}

function emptyRows(): Rows {
  return {
    addons: [],
    translations: [],
    categories: [],
    tags: [],
    authors: [],
    versions: [],
    files: [],
    compat: [],
  };
}

/** The rows one add-on is stored as; the add-on and all its versions and files must carry ids. */
function rowsFor(addon: AddonInput & { id: number }, now: Date, into: Rows): void {
  const created = toSqlDate(addon.created ?? now);
  into.addons.push({
    id: addon.id,
    guid: addon.guid,
    slug: addon.slug,
    type: addon.type,
    status: addon.status,
    disabled_by_user: addon.disabledByUser ? 1 : 0,
    default_locale: addon.defaultLocale,
    average_daily_users: addon.averageDailyUsers,
    weekly_downloads: addon.weeklyDownloads,
    rating_average: addon.ratings.average,
    rating_bayesian: addon.ratings.bayesianAverage,
    rating_count: addon.ratings.count,
    rating_text_count: addon.ratings.textCount,
    promoted: addon.promoted,
    icon_hash: addon.iconHash,
    previews: addon.previews,
    created,
    last_updated: toSqlDate(addon.lastUpdated ?? addon.created ?? now),
  });
  const locales = new Set([
    ...Object.keys(addon.name),
    ...Object.keys(addon.summary),
    ...Object.keys(addon.description),
  ]);
  for (const locale of locales) {
    into.translations.push({
      addon_id: addon.id,
      locale,
      name: addon.name[locale] ?? null,
      summary: addon.summary[locale] ?? null,
      description: addon.description[locale] ?? null,
    });
  }
  for (const category_id of new Set(addon.categories))
    into.categories.push({ addon_id: addon.id, category_id });
  for (const tag of new Set(addon.tags)) into.tags.push({ addon_id: addon.id, tag });
  addon.authors.forEach((a, position) => {
    into.authors.push({ addon_id: addon.id, username: a.username, name: a.name, position });
  });
  for (const v of addon.versions) {
    if (!v.id || !v.file.id) throw new Error('rowsFor: versions and files need ids');
    const versionCreated = toSqlDate(v.created ?? addon.created ?? now);
    into.versions.push({
      id: v.id,
      addon_id: addon.id,
      version: v.version,
      channel: v.channel,
      deleted: v.deleted ? 1 : 0,
      release_notes: v.releaseNotes,
      license: v.license,
      created: versionCreated,
    });
    into.files.push({
      id: v.file.id,
      version_id: v.id,
      status: v.file.status,
      hash: v.file.hash,
      size: v.file.size,
      filename: v.file.filename,
      strict_compatibility: v.file.strictCompatibility ? 1 : 0,
      permissions: JSON.stringify(v.file.permissions),
      created: versionCreated,
    });
    for (const [app, range] of Object.entries(v.compat)) {
      if (!range) continue;
      into.compat.push({
        version_id: v.id,
        app: APPLICATIONS[app as AppShort].id,
        min_version: range.min,
        max_version: range.max,
      });
    }
  }
}

async function insertRows(tx: Tx, rows: Rows, now: Date): Promise<void> {
  for (const chunk of chunks(rows.addons)) await tx.insertInto('addons').values(chunk).execute();
  for (const chunk of chunks(rows.translations))
    await tx.insertInto('addon_translations').values(chunk).execute();
  for (const chunk of chunks(rows.categories))
    await tx.insertInto('addon_categories').values(chunk).execute();
  for (const chunk of chunks(rows.tags)) await tx.insertInto('addon_tags').values(chunk).execute();
  for (const chunk of chunks(rows.versions)) await tx.insertInto('versions').values(chunk).execute();
  for (const chunk of chunks(rows.files)) await tx.insertInto('files').values(chunk).execute();
  for (const chunk of chunks(rows.compat)) await tx.insertInto('version_compat').values(chunk).execute();
  if (rows.authors.length > 0) {
    const userIds = await ensureUsers(tx, rows.authors, now);
    const links = rows.authors.map((a) => ({
      addon_id: a.addon_id,
      user_id: userIds.get(a.username) as number,
      position: a.position,
    }));
    for (const chunk of chunks(links)) await tx.insertInto('addon_authors').values(chunk).execute();
  }
}

async function ensureUsers(tx: Tx, authors: Rows['authors'], now: Date): Promise<Map<string, number>> {
  const names = new Map(authors.map((a) => [a.username, a.name]));
  const ids = new Map<string, number>();
  const lookup = async () => {
    for (const chunk of chunks(
      [...names.keys()].filter((u) => !ids.has(u)).map((username) => ({ username })),
    )) {
      const found = await tx
        .selectFrom('users')
        .select(['id', 'username'])
        .where(
          'username',
          'in',
          chunk.map((c) => c.username),
        )
        .execute();
      for (const u of found) ids.set(u.username, Number(u.id));
    }
  };
  await lookup();
  const missing = [...names].filter(([username]) => !ids.has(username));
  const created = toSqlDate(now);
  for (const chunk of chunks(
    missing.map(([username, name]) => ({ username, display_name: name || username, created })),
  )) {
    await tx.insertInto('users').values(chunk).execute();
  }
  if (missing.length > 0) await lookup();
  return ids;
}

async function nextIds(tx: Tx): Promise<{ addon: number; version: number; file: number }> {
  const [a, v, f] = await Promise.all([
    tx
      .selectFrom('addons')
      .select((eb) => eb.fn.max('id').as('m'))
      .executeTakeFirst(),
    tx
      .selectFrom('versions')
      .select((eb) => eb.fn.max('id').as('m'))
      .executeTakeFirst(),
    tx
      .selectFrom('files')
      .select((eb) => eb.fn.max('id').as('m'))
      .executeTakeFirst(),
  ]);
  return { addon: Number(a?.m ?? 0) + 1, version: Number(v?.m ?? 0) + 1, file: Number(f?.m ?? 0) + 1 };
}

async function deleteAddonRows(tx: Tx, addonId: number): Promise<void> {
  const versionIds = (
    await tx.selectFrom('versions').select('id').where('addon_id', '=', addonId).execute()
  ).map((v) => Number(v.id));
  if (versionIds.length > 0) {
    await tx.deleteFrom('version_compat').where('version_id', 'in', versionIds).execute();
    await tx.deleteFrom('files').where('version_id', 'in', versionIds).execute();
    await tx.deleteFrom('versions').where('addon_id', '=', addonId).execute();
  }
  for (const table of ['addon_translations', 'addon_categories', 'addon_tags', 'addon_authors'] as const) {
    await tx.deleteFrom(table).where('addon_id', '=', addonId).execute();
  }
  await tx.deleteFrom('addons').where('id', '=', addonId).execute();
}

/** Catalogue writes in SQL; every method runs on the primary. */
export class SqlCatalogueWriter implements CatalogueWriter {
  readonly #db: Kysely<DB>;
  readonly #now: () => Date;

  constructor(db: Kysely<DB>, now: () => Date) {
    this.#db = db;
    this.#now = now;
  }

  async importAddons(addons: readonly AddonInput[]): Promise<ImportResult> {
    const now = this.#now();
    return this.#db.transaction().execute(async (tx) => {
      let created = 0;
      let replaced = 0;
      const ids = await nextIds(tx);
      const rows = emptyRows();
      for (const [i, addon] of addons.entries()) {
        const existing = await tx
          .selectFrom('addons')
          .select(['id', 'created'])
          .where('guid', '=', addon.guid)
          .executeTakeFirst();
        if (existing && addon.id && addon.id !== Number(existing.id)) {
          throw new TroveError(
            'DuplicateId',
            `addons[${i}].id: ${addon.guid} already has id ${existing.id}, not ${addon.id}`,
          );
        }
        if (existing) {
          await deleteAddonRows(tx, Number(existing.id));
          replaced++;
        } else {
          created++;
        }
        const id = existing ? Number(existing.id) : (addon.id ?? ids.addon++);
        const versions = addon.versions.map((v) => ({
          ...v,
          id: v.id ?? ids.version++,
          file: { ...v.file, id: v.file.id ?? ids.file++ },
        }));
        ids.addon = Math.max(ids.addon, id + 1);
        for (const v of versions) {
          ids.version = Math.max(ids.version, v.id + 1);
          ids.file = Math.max(ids.file, v.file.id + 1);
        }
        const since = addon.created ?? (existing ? fromSqlDate(existing.created) : now);
        rowsFor({ ...addon, id, versions, created: since, lastUpdated: addon.lastUpdated ?? now }, now, rows);
      }
      try {
        await insertRows(tx, rows, now);
      } catch (error) {
        if (isDuplicate(error)) {
          throw new TroveError(
            'DuplicateId',
            `an id or slug in the file already belongs to another add-on: ${String(error)}`,
            {
              hint: 'Remove the ids from the file to let Trove assign them, or fix the slug.',
            },
          );
        }
        throw error;
      }
      return { created, replaced, guids: addons.map((a) => a.guid) };
    });
  }

  async insertNewAddons(addons: readonly AddonInput[]): Promise<void> {
    const now = this.#now();
    const rows = emptyRows();
    for (const addon of addons) {
      if (!addon.id) throw new Error('insertNewAddons: every add-on needs an id');
      rowsFor(addon as AddonInput & { id: number }, now, rows);
    }
    await this.#db.transaction().execute((tx) => insertRows(tx, rows, now));
  }
}
