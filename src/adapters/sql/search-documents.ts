import type { Kysely } from 'kysely';
import type { Translated } from '../../domain/catalogue.ts';
import {
  ADDON_STATUS,
  type AddonTypeId,
  APPLICATIONS,
  type AppShort,
  CHANNEL,
  FILE_STATUS,
} from '../../domain/constants.ts';
import type { SearchDocument } from '../../domain/search.ts';
import { bool, fromSqlDate } from './rows.ts';
import type { DB } from './schema.ts';

const ADDON_COLUMNS = [
  'id',
  'guid',
  'slug',
  'type',
  'status',
  'disabled_by_user',
  'default_locale',
  'average_daily_users',
  'weekly_downloads',
  'rating_bayesian',
  'promoted',
  'created',
  'last_updated',
] as const;

const APP_BY_ID = new Map(Object.values(APPLICATIONS).map((app) => [app.id, app.short]));

/** Lists of this many guids at most go into one `IN (…)`. */
const GUID_CHUNK = 1000;

function addonsQuery(db: Kysely<DB>) {
  return db.selectFrom('addons').select(ADDON_COLUMNS);
}
type AddonRow = Awaited<ReturnType<ReturnType<typeof addonsQuery>['execute']>>[number];

function isPublic(row: AddonRow): boolean {
  return Number(row.status) === ADDON_STATUS.public && !bool(row.disabled_by_user);
}

function groupBy<T>(rows: readonly T[], key: (row: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/**
 * The search index's documents, read from the catalogue: public add-ons that are not disabled by their
 * developer. At most five statements a page: the add-ons, then their translations, categories, tags and the
 * apps of their current version (the highest listed, not deleted version with an approved file).
 */
export class SqlSearchDocuments {
  readonly #db: Kysely<DB>;

  constructor(db: Kysely<DB>) {
    this.#db = db;
  }

  /** How many add-ons `batches` will yield (for a progress bar; the catalogue may change meanwhile). */
  async count(): Promise<number> {
    const row = await this.#db
      .selectFrom('addons')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('status', '=', ADDON_STATUS.public)
      .where('disabled_by_user', '=', 0)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * Every public add-on, by id, from pages of `size` add-ons (keyset pagination on the primary key; the
   * status is checked here, not in SQL, where it would lead the planner to the status indexes).
   */
  async *batches(size = 2000): AsyncGenerator<SearchDocument[]> {
    let after = 0;
    for (;;) {
      const rows = await addonsQuery(this.#db).where('id', '>', after).orderBy('id').limit(size).execute();
      const docs = await this.#documents(rows.filter(isPublic));
      if (docs.length > 0) yield docs;
      if (rows.length < size) return;
      after = Number(rows[rows.length - 1]?.id);
    }
  }

  /**
   * Documents of the add-ons with these guids that are public; `missingIds` are those that exist but are not
   * public any more (to remove from an index). Unknown guids are in neither.
   */
  async forGuids(guids: readonly string[]): Promise<{ docs: SearchDocument[]; missingIds: number[] }> {
    const docs: SearchDocument[] = [];
    const missingIds: number[] = [];
    for (let i = 0; i < guids.length; i += GUID_CHUNK) {
      const chunk = guids.slice(i, i + GUID_CHUNK);
      const rows = await addonsQuery(this.#db).where('guid', 'in', chunk).orderBy('id').execute();
      for (const row of rows) if (!isPublic(row)) missingIds.push(Number(row.id));
      docs.push(...(await this.#documents(rows.filter(isPublic))));
    }
    return { docs, missingIds };
  }

  async #documents(rows: readonly AddonRow[]): Promise<SearchDocument[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => Number(r.id));
    const db = this.#db;
    const [translations, categories, tags, compat] = await Promise.all([
      db.selectFrom('addon_translations').selectAll().where('addon_id', 'in', ids).execute(),
      db.selectFrom('addon_categories').selectAll().where('addon_id', 'in', ids).execute(),
      db.selectFrom('addon_tags').selectAll().where('addon_id', 'in', ids).orderBy('tag').execute(),
      db
        .selectFrom('versions as v')
        .innerJoin('files as f', 'f.version_id', 'v.id')
        .innerJoin('version_compat as c', 'c.version_id', 'v.id')
        .select(['v.addon_id', 'v.id', 'c.app'])
        .where('v.addon_id', 'in', ids)
        .where('v.channel', '=', CHANNEL.listed)
        .where('v.deleted', '=', 0)
        .where('f.status', '=', FILE_STATUS.public)
        .execute(),
    ]);
    const texts = groupBy(translations, (t) => Number(t.addon_id));
    const categoriesOf = groupBy(categories, (c) => Number(c.addon_id));
    const tagsOf = groupBy(tags, (t) => Number(t.addon_id));
    const compatOf = groupBy(compat, (c) => Number(c.addon_id));
    return rows.map((row) => {
      const id = Number(row.id);
      const name: Record<string, string> = {};
      const summary: Record<string, string> = {};
      const description: Record<string, string> = {};
      for (const t of texts.get(id) ?? []) {
        if (t.name) name[t.locale] = t.name;
        if (t.summary) summary[t.locale] = t.summary;
        if (t.description) description[t.locale] = t.description;
      }
      return {
        id,
        guid: row.guid,
        slug: row.slug,
        type: Number(row.type) as AddonTypeId,
        defaultLocale: row.default_locale,
        name: name as Translated,
        summary: summary as Translated,
        description: description as Translated,
        tags: (tagsOf.get(id) ?? []).map((t) => t.tag),
        categories: (categoriesOf.get(id) ?? []).map((c) => Number(c.category_id)).sort((a, b) => a - b),
        apps: currentApps(compatOf.get(id) ?? []),
        averageDailyUsers: Number(row.average_daily_users),
        weeklyDownloads: Number(row.weekly_downloads),
        bayesianRating: Number(row.rating_bayesian),
        promoted: row.promoted,
        created: fromSqlDate(row.created),
        lastUpdated: fromSqlDate(row.last_updated),
      };
    });
  }
}

/** The apps (known ones) of the newest version among these compat rows. */
function currentApps(rows: readonly { id: number; app: number }[]): AppShort[] {
  const current = Math.max(...rows.map((r) => Number(r.id)));
  return rows
    .filter((r) => Number(r.id) === current)
    .flatMap((r) => APP_BY_ID.get(Number(r.app)) ?? [])
    .sort();
}
