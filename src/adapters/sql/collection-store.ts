import { type Kysely, type Selectable, sql } from 'kysely';
import type { Author } from '../../domain/browse.ts';
import type {
  Collection,
  CollectionAddonQuery,
  CollectionChanges,
  CollectionItem,
  CollectionStore,
  NewCollection,
} from '../../domain/collections.ts';
import { ADDON_STATUS } from '../../domain/constants.ts';
import { TroveError } from '../../domain/errors.ts';
import type { Page } from '../../domain/ports.ts';
import { bool, fromSqlDate, toSqlDate } from './rows.ts';
import type { CollectionsTable, DB } from './schema.ts';

const SLUG_TAKEN = 'This custom URL is already in use by another one of your collections.';

function slugTaken(): TroveError {
  return new TroveError('CollectionSlugTaken', SLUG_TAKEN, { fields: { slug: [SLUG_TAKEN] } });
}

function isDuplicate(error: unknown): boolean {
  const text = `${(error as { code?: string }).code ?? ''} ${String(error)}`;
  return /UNIQUE constraint|Duplicate entry|ER_DUP_ENTRY/i.test(text);
}

/** Public add-ons in the collection: the ones its listing shows. */
const addonCount = sql<number>`(SELECT COUNT(*) FROM collection_addons ca
  JOIN addons x ON x.id = ca.addon_id
  WHERE ca.collection_id = c.id AND x.status = ${ADDON_STATUS.public} AND x.disabled_by_user = 0)`;

type CollectionRow = Selectable<CollectionsTable> & {
  username: string;
  display_name: string;
  addon_count: number;
};

function toCollection(row: CollectionRow): Collection {
  return {
    id: Number(row.id),
    uuid: row.uuid,
    author: { id: Number(row.author_id), username: row.username, name: row.display_name },
    slug: row.slug,
    name: row.name,
    description: row.description,
    public: bool(row.public),
    defaultLocale: row.default_locale,
    addonCount: Number(row.addon_count),
    created: fromSqlDate(row.created),
    modified: fromSqlDate(row.modified),
  };
}

function toItem(row: { addon_id: number; notes: string | null; created: string }): CollectionItem {
  return { addonId: Number(row.addon_id), notes: row.notes, created: fromSqlDate(row.created) };
}

const ORDER = {
  added: 'ca.created',
  popularity: 'a.average_daily_users',
  name: sql`LOWER(t.name)`,
} as const;

/** Collections in SQL, on the primary (an edit is seen by the next request). */
export class SqlCollectionStore implements CollectionStore {
  readonly #db: Kysely<DB>;

  constructor(db: Kysely<DB>) {
    this.#db = db;
  }

  async findOwner(ref: { readonly id: number } | { readonly username: string }): Promise<Author | null> {
    let q = this.#db.selectFrom('users').select(['id', 'username', 'display_name']).where('deleted', '=', 0);
    q = 'id' in ref ? q.where('id', '=', ref.id) : q.where('username', '=', ref.username);
    const row = await q.executeTakeFirst();
    return row ? { id: Number(row.id), username: row.username, name: row.display_name } : null;
  }

  #collections() {
    return this.#db
      .selectFrom('collections as c')
      .innerJoin('users as u', 'u.id', 'c.author_id')
      .selectAll('c')
      .select(['u.username', 'u.display_name', addonCount.as('addon_count')]);
  }

  async findCollection(authorId: number, slug: string): Promise<Collection | null> {
    const row = await this.#collections()
      .where('c.author_id', '=', authorId)
      .where('c.slug', '=', slug)
      .executeTakeFirst();
    return row ? toCollection(row as CollectionRow) : null;
  }

  async listCollections(
    authorId: number,
    opts: { readonly includePrivate: boolean; readonly page: number; readonly pageSize: number },
  ): Promise<Page<Collection>> {
    let count = this.#db.selectFrom('collections as c').where('c.author_id', '=', authorId);
    let rows = this.#collections().where('c.author_id', '=', authorId);
    if (!opts.includePrivate) {
      count = count.where('c.public', '=', 1);
      rows = rows.where('c.public', '=', 1);
    }
    const [counted, found] = await Promise.all([
      count.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
      rows
        .orderBy('c.modified', 'desc')
        .orderBy('c.id', 'desc')
        .limit(opts.pageSize)
        .offset((opts.page - 1) * opts.pageSize)
        .execute(),
    ]);
    return { count: Number(counted.n), results: found.map((r) => toCollection(r as CollectionRow)) };
  }

  async createCollection(collection: NewCollection, now: Date): Promise<number> {
    if (await this.findCollection(collection.authorId, collection.slug)) throw slugTaken();
    try {
      const result = await this.#db
        .insertInto('collections')
        .values({
          uuid: collection.uuid,
          author_id: collection.authorId,
          slug: collection.slug,
          name: collection.name,
          description: collection.description,
          public: collection.public ? 1 : 0,
          default_locale: collection.defaultLocale,
          created: toSqlDate(now),
          modified: toSqlDate(now),
        })
        .executeTakeFirstOrThrow();
      return Number(result.insertId);
    } catch (error) {
      if (isDuplicate(error)) throw slugTaken();
      throw error;
    }
  }

  async updateCollection(id: number, changes: CollectionChanges, now: Date): Promise<void> {
    const { public: isPublic, defaultLocale, ...same } = changes;
    try {
      await this.#db
        .updateTable('collections')
        .set({
          ...same,
          ...(isPublic !== undefined ? { public: isPublic ? 1 : 0 } : {}),
          ...(defaultLocale !== undefined ? { default_locale: defaultLocale } : {}),
          modified: toSqlDate(now),
        })
        .where('id', '=', id)
        .execute();
    } catch (error) {
      if (isDuplicate(error)) throw slugTaken();
      throw error;
    }
  }

  async deleteCollection(id: number): Promise<void> {
    await this.#db.transaction().execute(async (tx) => {
      await tx.deleteFrom('collection_addons').where('collection_id', '=', id).execute();
      await tx.deleteFrom('collections').where('id', '=', id).execute();
    });
  }

  async addAddon(collectionId: number, addonId: number, notes: string | null | undefined, now: Date) {
    return this.#db.transaction().execute(async (tx) => {
      const existing = await tx
        .selectFrom('collection_addons')
        .select('addon_id')
        .where('collection_id', '=', collectionId)
        .where('addon_id', '=', addonId)
        .executeTakeFirst();
      if (existing && notes !== undefined) {
        await tx
          .updateTable('collection_addons')
          .set({ notes })
          .where('collection_id', '=', collectionId)
          .where('addon_id', '=', addonId)
          .execute();
      } else if (!existing) {
        await tx
          .insertInto('collection_addons')
          .values({
            collection_id: collectionId,
            addon_id: addonId,
            notes: notes ?? null,
            created: toSqlDate(now),
          })
          .execute();
      }
      await tx
        .updateTable('collections')
        .set({ modified: toSqlDate(now) })
        .where('id', '=', collectionId)
        .execute();
      return { created: !existing };
    });
  }

  async removeAddon(collectionId: number, addonId: number, now: Date): Promise<boolean> {
    return this.#db.transaction().execute(async (tx) => {
      const result = await tx
        .deleteFrom('collection_addons')
        .where('collection_id', '=', collectionId)
        .where('addon_id', '=', addonId)
        .executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) return false;
      await tx
        .updateTable('collections')
        .set({ modified: toSqlDate(now) })
        .where('id', '=', collectionId)
        .execute();
      return true;
    });
  }

  async listAddons(collectionId: number, query: CollectionAddonQuery): Promise<Page<CollectionItem>> {
    const q = this.#db
      .selectFrom('collection_addons as ca')
      .innerJoin('addons as a', 'a.id', 'ca.addon_id')
      .where('ca.collection_id', '=', collectionId)
      .where('a.status', '=', ADDON_STATUS.public)
      .where('a.disabled_by_user', '=', 0);
    const direction = query.descending ? 'desc' : 'asc';
    const [counted, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
      q
        .leftJoin('addon_translations as t', (join) =>
          join.onRef('t.addon_id', '=', 'a.id').onRef('t.locale', '=', 'a.default_locale'),
        )
        .select(['ca.addon_id', 'ca.notes', 'ca.created'])
        .orderBy(ORDER[query.sort], direction)
        .orderBy('ca.addon_id', direction)
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .execute(),
    ]);
    return { count: Number(counted.n), results: rows.map(toItem) };
  }

  async findItem(collectionId: number, addonId: number): Promise<CollectionItem | null> {
    const row = await this.#db
      .selectFrom('collection_addons')
      .select(['addon_id', 'notes', 'created'])
      .where('collection_id', '=', collectionId)
      .where('addon_id', '=', addonId)
      .executeTakeFirst();
    return row ? toItem(row) : null;
  }
}
