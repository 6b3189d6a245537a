import { type Kysely, sql } from 'kysely';
import type {
  AddonCard,
  AddonDetail,
  AddonRef,
  Author,
  CatalogueBrowser,
  ListingQuery,
  ListingSort,
  VersionDetail,
} from '../../domain/browse.ts';
import type { Translated } from '../../domain/catalogue.ts';
import { ADDON_STATUS, APPLICATIONS, CHANNEL, FILE_STATUS } from '../../domain/constants.ts';
import type { Page, StatementMeter } from '../../domain/ports.ts';
import { isConnectionError, type ReadTarget } from './catalogue-reader.ts';
import { metered } from './query-meter.ts';
import {
  type AddonRow,
  CARD_COLUMNS,
  type TranslationRow,
  toAddonSummary,
  translationsByAddon,
} from './rows.ts';
import type { DB } from './schema.ts';
import { type CompatRow, compatOf, toVersions, VERSION_COLUMNS, type VersionRow } from './version-rows.ts';

const SORTS = {
  users: 'a.average_daily_users',
  recommended: 'a.average_daily_users',
  rating: 'a.rating_bayesian',
  created: 'a.created',
  updated: 'a.last_updated',
  downloads: 'a.weekly_downloads',
} as const satisfies Record<ListingSort, string>;

const byDesc = (value: (c: AddonCard) => number) => (a: AddonCard, b: AddonCard) =>
  value(b) - value(a) || b.id - a.id;

/** The SQL sorts, in JavaScript (for rows that came back through a union). */
const SORT_ORDER: Record<ListingSort, (a: AddonCard, b: AddonCard) => number> = {
  users: byDesc((c) => c.averageDailyUsers),
  recommended: byDesc((c) => c.averageDailyUsers),
  rating: byDesc((c) => c.ratings.bayesianAverage),
  created: byDesc((c) => c.created.getTime()),
  updated: byDesc((c) => c.lastUpdated.getTime()),
  downloads: byDesc((c) => c.weeklyDownloads),
};

type CardRow = AddonRow & {
  promoted: string | null;
  icon_hash: string | null;
  previews: number;
  category_ids: string | null;
};

const APP_IDS = Object.fromEntries(Object.values(APPLICATIONS).map((a) => [a.short, a.id]));

function publicAddons(db: Kysely<DB>) {
  return db
    .selectFrom('addons as a')
    .where('a.status', '=', ADDON_STATUS.public)
    .where('a.disabled_by_user', '=', 0);
}

// Categories travel with the add-on row: one statement fewer per listing. group_concat is spelt the same on
// SQLite and MySQL, and category ids never contain its separator.
const categoryIds = sql<
  string | null
>`(SELECT group_concat(ac.category_id) FROM addon_categories ac WHERE ac.addon_id = a.id)`;

function toCard(row: CardRow, translations: readonly TranslationRow[]): AddonCard {
  return {
    ...toAddonSummary(row, translations),
    promoted: row.promoted,
    iconHash: row.icon_hash,
    categories: row.category_ids ? row.category_ids.split(',').map(Number) : [],
  };
}

function filtered(db: Kysely<DB>, query: ListingQuery) {
  let q = publicAddons(db);
  if (query.type !== undefined) q = q.where('a.type', '=', query.type);
  if (query.sort === 'recommended') q = q.where('a.promoted', 'is not', null);
  if (query.categoryId !== undefined) {
    const categoryId = query.categoryId;
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('addon_categories as ac')
          .select('ac.addon_id')
          .whereRef('ac.addon_id', '=', 'a.id')
          .where('ac.category_id', '=', categoryId),
      ),
    );
  }
  if (query.authorUsername !== undefined) {
    const username = query.authorUsername;
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('addon_authors as aa')
          .innerJoin('users as u', 'u.id', 'aa.user_id')
          .select('aa.addon_id')
          .whereRef('aa.addon_id', '=', 'a.id')
          .where('u.username', '=', username),
      ),
    );
  }
  if (query.app !== undefined) {
    const app = APP_IDS[query.app] ?? 0;
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('versions as v')
          .innerJoin('files as f', 'f.version_id', 'v.id')
          .innerJoin('version_compat as c', 'c.version_id', 'v.id')
          .select('v.id')
          .whereRef('v.addon_id', '=', 'a.id')
          .where('v.channel', '=', CHANNEL.listed)
          .where('v.deleted', '=', 0)
          .where('f.status', '=', FILE_STATUS.public)
          .where('c.app', '=', app),
      ),
    );
  }
  return q;
}

type Filtered = ReturnType<typeof filtered>;

/**
 * The storefront's reads in SQL, on a replica unless the request is pinned (a replica that fails to connect
 * is marked down and the read retried on `fallback`); statement budgets are asserted in the contract tests.
 */
export class SqlCatalogueBrowser implements CatalogueBrowser {
  readonly #target: ReadTarget;
  readonly #meter: StatementMeter | undefined;
  readonly #fallback: Kysely<DB> | undefined;

  constructor(target: ReadTarget, opts: { meter?: StatementMeter; fallback?: Kysely<DB> } = {}) {
    this.#target = target;
    this.#meter = opts.meter;
    this.#fallback = opts.fallback;
  }

  async #run<T>(read: (browser: BrowserOn) => Promise<T>): Promise<T> {
    const target = this.#target();
    try {
      return await read(new BrowserOn(metered(target.db, this.#meter)));
    } catch (error) {
      if (!this.#fallback || target.db === this.#fallback || !isConnectionError(error)) throw error;
      target.markDown(error);
      return read(new BrowserOn(metered(this.#fallback, this.#meter)));
    }
  }

  findAddon(ref: AddonRef) {
    return this.#run((b) => b.findAddon(ref));
  }
  listAddons(query: ListingQuery) {
    return this.#run((b) => b.listAddons(query));
  }
  listShelves(queries: readonly ListingQuery[]) {
    return this.#run((b) => b.listShelves(queries));
  }
  findAddonsByIds(ids: readonly number[]) {
    return this.#run((b) => b.findAddonsByIds(ids));
  }
  listVersions(addonId: number, page: number, pageSize: number) {
    return this.#run((b) => b.listVersions(addonId, page, pageSize));
  }
  findVersion(addonId: number, ref: { readonly id: number } | { readonly version: string }) {
    return this.#run((b) => b.findVersion(addonId, ref));
  }
  findAuthor(username: string) {
    return this.#run((b) => b.findAuthor(username));
  }
}

/** The reads on one database handle. */
class BrowserOn implements CatalogueBrowser {
  readonly #handle: Kysely<DB>;

  constructor(db: Kysely<DB>) {
    this.#handle = db;
  }

  #db(): Kysely<DB> {
    return this.#handle;
  }

  async findAddon(ref: AddonRef): Promise<AddonDetail | null> {
    const db = this.#db();
    let query = publicAddons(db).select([...CARD_COLUMNS, categoryIds.as('category_ids')]);
    if ('id' in ref) query = query.where('a.id', '=', ref.id);
    else if ('slug' in ref) query = query.where('a.slug', '=', ref.slug);
    else query = query.where('a.guid', '=', ref.guid);
    const row = (await query.executeTakeFirst()) as CardRow | undefined;
    if (!row) return null;
    const id = Number(row.id);
    const [related, versions] = await Promise.all([this.#related(db, id), this.#currentVersion(db, id)]);
    const description: Record<string, string> = {};
    for (const t of related.translations) if (t.description) description[t.locale] = t.description;
    return {
      ...toCard(row, related.translations),
      description: description as Translated,
      tags: related.tags,
      authors: related.authors,
      previews: Number(row.previews),
      currentVersion: versions[0] ?? null,
    };
  }

  /** Translations, tags and authors in one statement (UNION ALL over a common row shape). */
  async #related(db: Kysely<DB>, id: number) {
    const { rows } = await sql<{
      kind: string;
      k: string;
      a: string | null;
      b: string | null;
      c: string | null;
      n: number | null;
    }>`
      SELECT 't' AS kind, locale AS k, name AS a, summary AS b, description AS c, NULL AS n
        FROM addon_translations WHERE addon_id = ${id}
      UNION ALL
      SELECT 'g', tag, NULL, NULL, NULL, NULL FROM addon_tags WHERE addon_id = ${id}
      UNION ALL
      SELECT 'u', u.username, u.display_name, NULL, NULL, u.id
        FROM addon_authors aa JOIN users u ON u.id = aa.user_id WHERE aa.addon_id = ${id}`.execute(db);
    const translations: (TranslationRow & { description: string | null })[] = [];
    const tags: string[] = [];
    const authors: Author[] = [];
    for (const r of rows) {
      if (r.kind === 't')
        translations.push({ addon_id: id, locale: r.k, name: r.a, summary: r.b, description: r.c });
      else if (r.kind === 'g') tags.push(r.k);
      else authors.push({ id: Number(r.n), username: r.k, name: r.a ?? r.k });
    }
    tags.sort();
    return { translations, tags, authors };
  }

  async #currentVersion(db: Kysely<DB>, addonId: number): Promise<VersionDetail[]> {
    const latest = db
      .selectFrom('versions as lv')
      .innerJoin('files as lf', 'lf.version_id', 'lv.id')
      .select((eb) => eb.fn.max('lv.id').as('id'))
      .where('lv.addon_id', '=', addonId)
      .where('lv.channel', '=', CHANNEL.listed)
      .where('lv.deleted', '=', 0)
      .where('lf.status', '=', FILE_STATUS.public);
    const rows = await db
      .selectFrom('versions as v')
      .innerJoin('files as f', 'f.version_id', 'v.id')
      .leftJoin('version_compat as c', 'c.version_id', 'v.id')
      .select([...VERSION_COLUMNS, 'c.app', 'c.min_version', 'c.max_version'])
      .where('v.id', '=', latest)
      .execute();
    return toVersions(rows as (VersionRow & CompatRow)[], rows as CompatRow[]);
  }

  async listAddons(query: ListingQuery): Promise<Page<AddonCard>> {
    const db = this.#db();
    const q = filtered(db, query);
    const withCount = query.withCount ?? true;
    // The total rides on the page's statement as an uncorrelated subquery (evaluated once), so the page
    // itself can still walk the sort index and stop after one page: a window count would not.
    const rows = (await this.#page(q, query)
      .$if(withCount, (b) => b.select(filtered(db, query).select(sql<number>`count(*)`.as('n')).as('total')))
      .execute()) as (CardRow & { total?: number })[];
    const cards = await this.#cards(db, rows);
    // Past the last page no row carries the total: count again only then.
    let count = withCount ? Number(rows[0]?.total ?? 0) : rows.length;
    if (withCount && rows.length === 0 && query.page > 1) {
      count = Number((await q.select(sql<number>`count(*)`.as('n')).executeTakeFirst())?.n ?? 0);
    }
    return { count, results: cards };
  }

  /** Every shelf in one statement (a UNION ALL of each shelf's page), then one for their text. */
  async listShelves(queries: readonly ListingQuery[]): Promise<AddonCard[][]> {
    if (queries.length === 0) return [];
    const db = this.#db();
    const shelf = (query: ListingQuery, i: number) =>
      db
        .selectFrom(this.#page(filtered(db, query), query).as(`s${i}`))
        .selectAll()
        .select(sql.lit(i).as('shelf'));
    const [first, ...rest] = queries.map(shelf);
    if (!first) return [];
    const rows = (await rest.reduce((all, next) => all.unionAll(next), first).execute()) as (CardRow & {
      shelf: number;
    })[];
    const unique = new Map(rows.map((row) => [Number(row.id), row]));
    const cards = new Map((await this.#cards(db, [...unique.values()])).map((c) => [c.id, c]));
    const shelves: AddonCard[][] = queries.map(() => []);
    for (const row of rows) {
      const card = cards.get(Number(row.id));
      if (card) shelves[Number(row.shelf)]?.push(card);
    }
    // A union keeps no order: each shelf is put back in its own sort order.
    return shelves.map((cardsOfShelf, i) => cardsOfShelf.sort(SORT_ORDER[queries[i]?.sort ?? 'users']));
  }

  #page(q: Filtered, query: ListingQuery) {
    return q
      .select([...CARD_COLUMNS, categoryIds.as('category_ids')])
      .orderBy(SORTS[query.sort], 'desc')
      .orderBy('a.id', 'desc')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize);
  }

  async findAddonsByIds(ids: readonly number[]): Promise<AddonCard[]> {
    if (ids.length === 0) return [];
    const db = this.#db();
    const rows = (await publicAddons(db)
      .select([...CARD_COLUMNS, categoryIds.as('category_ids')])
      .where('a.id', 'in', [...ids])
      .execute()) as CardRow[];
    const cards = new Map((await this.#cards(db, rows)).map((c) => [c.id, c]));
    return ids.flatMap((id) => cards.get(id) ?? []);
  }

  async #cards(db: Kysely<DB>, rows: readonly CardRow[]): Promise<AddonCard[]> {
    if (rows.length === 0) return [];
    const translations = await translationsByAddon(
      db,
      rows.map((r) => Number(r.id)),
    );
    return rows.map((row) => toCard(row, translations.get(Number(row.id)) ?? []));
  }

  async listVersions(addonId: number, page: number, pageSize: number): Promise<Page<VersionDetail>> {
    const db = this.#db();
    const rows = (await db
      .selectFrom('versions as v')
      .innerJoin('files as f', 'f.version_id', 'v.id')
      .select([...VERSION_COLUMNS, sql<number>`count(*) over ()`.as('total')])
      .where('v.addon_id', '=', addonId)
      .where('v.channel', '=', CHANNEL.listed)
      .where('v.deleted', '=', 0)
      .where('f.status', '=', FILE_STATUS.public)
      .orderBy('v.id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute()) as (VersionRow & { total: number })[];
    if (rows.length === 0) return { count: 0, results: [] };
    const compat = await compatOf(
      db,
      rows.map((r) => Number(r.id)),
    );
    return { count: Number(rows[0]?.total ?? 0), results: toVersions(rows, compat) };
  }

  async findVersion(
    addonId: number,
    ref: { readonly id: number } | { readonly version: string },
  ): Promise<VersionDetail | null> {
    const db = this.#db();
    let q = db
      .selectFrom('versions as v')
      .innerJoin('files as f', 'f.version_id', 'v.id')
      .leftJoin('version_compat as c', 'c.version_id', 'v.id')
      .select([...VERSION_COLUMNS, 'c.app', 'c.min_version', 'c.max_version'])
      .where('v.addon_id', '=', addonId)
      .where('v.channel', '=', CHANNEL.listed)
      .where('v.deleted', '=', 0)
      .where('f.status', '=', FILE_STATUS.public);
    q = 'id' in ref ? q.where('v.id', '=', ref.id) : q.where('v.version', '=', ref.version);
    const rows = (await q.execute()) as (VersionRow & CompatRow)[];
    return toVersions(rows, rows)[0] ?? null;
  }

  async findAuthor(username: string): Promise<Author | null> {
    const row = await this.#db()
      .selectFrom('users')
      .select(['id', 'username', 'display_name'])
      .where('username', '=', username)
      .executeTakeFirst();
    return row ? { id: Number(row.id), username: row.username, name: row.display_name } : null;
  }
}
