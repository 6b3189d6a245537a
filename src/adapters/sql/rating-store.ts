import { type Kysely, type Selectable, sql, type Transaction, type Updateable } from 'kysely';
import type { RatingsAggregate } from '../../domain/catalogue.ts';
import { ADDON_STATUS } from '../../domain/constants.ts';
import { TroveError } from '../../domain/errors.ts';
import type { Page } from '../../domain/ports.ts';
import {
  type NewRating,
  type Rating,
  type RatingFlag,
  type RatingFlagReason,
  type RatingQuery,
  type RatingStore,
  type RatingView,
  type RatingWrite,
  ratingsAggregate,
  withBayesian,
} from '../../domain/ratings.ts';
import { bool, fromSqlDate, toSqlDate } from './rows.ts';
import type { DB, RatingsTable } from './schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

const DUPLICATE = "You can't leave more than one review for the same version of an add-on.";

function toRating(row: Selectable<RatingsTable>): Rating {
  return {
    id: Number(row.id),
    addonId: Number(row.addon_id),
    userId: Number(row.user_id),
    versionId: row.version_id === null ? null : Number(row.version_id),
    score: row.score === null ? null : Number(row.score),
    body: row.body,
    replyTo: row.reply_to === null ? null : Number(row.reply_to),
    isLatest: bool(row.is_latest),
    deleted: bool(row.deleted),
    created: fromSqlDate(row.created),
    modified: fromSqlDate(row.modified),
  };
}

function joined(db: Db) {
  return db
    .selectFrom('ratings as r')
    .innerJoin('addons as a', 'a.id', 'r.addon_id')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .leftJoin('versions as v', 'v.id', 'r.version_id');
}

/** Besides the rating's own columns: its add-on, author and version. */
const JOINED_COLUMNS = [
  'a.slug as addon_slug',
  'a.guid as addon_guid',
  'u.username',
  'u.display_name',
  'v.version',
] as const;

function viewed(db: Db) {
  return joined(db).selectAll('r').select(JOINED_COLUMNS);
}

const previousCount = sql<number>`(SELECT COUNT(*) FROM ratings p WHERE p.addon_id = r.addon_id
  AND p.user_id = r.user_id AND p.reply_to IS NULL AND p.deleted = 0 AND p.id < r.id)`;

type ViewRow = Selectable<RatingsTable> & {
  addon_slug: string;
  addon_guid: string;
  username: string;
  display_name: string;
  version: string | null;
  previous_count: number;
};

function toView(row: ViewRow, reply: RatingView | null): RatingView {
  const rating = toRating(row);
  return {
    ...rating,
    addon: { id: rating.addonId, slug: row.addon_slug, guid: row.addon_guid },
    user: { id: rating.userId, username: row.username, name: row.display_name },
    version:
      rating.versionId === null || row.version === null
        ? null
        : { id: rating.versionId, version: row.version },
    previousCount: rating.replyTo === null ? Number(row.previous_count) : 0,
    reply,
  };
}

function newRow(
  r: Omit<NewRating, 'score'> & { readonly score: number | null; readonly replyTo: number | null },
  now: Date,
) {
  const at = toSqlDate(now);
  return {
    addon_id: r.addonId,
    user_id: r.userId,
    version_id: r.versionId,
    score: r.score,
    body: r.body,
    reply_to: r.replyTo,
    is_latest: 1,
    deleted: 0,
    created: at,
    modified: at,
  };
}

/** Ratings in SQL, on the primary: every write recomputes its add-on's aggregates in the same transaction. */
export class SqlRatingStore implements RatingStore {
  readonly #db: Kysely<DB>;

  constructor(db: Kysely<DB>) {
    this.#db = db;
  }

  async findRating(id: number): Promise<Rating | null> {
    const row = await this.#db.selectFrom('ratings').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toRating(row) : null;
  }

  async findView(id: number, opts: { readonly flagsFor?: number } = {}): Promise<RatingView | null> {
    const rows = await viewed(this.#db)
      .select(previousCount.as('previous_count'))
      .where('r.id', '=', id)
      .execute();
    return (await this.#views(rows as ViewRow[], opts.flagsFor))[0] ?? null;
  }

  async listRatings(query: RatingQuery): Promise<Page<RatingView>> {
    let q = joined(this.#db)
      .where('r.reply_to', 'is', null)
      .where('a.status', '=', ADDON_STATUS.public)
      .where('a.disabled_by_user', '=', 0);
    if (query.addonId !== undefined) q = q.where('r.addon_id', '=', query.addonId);
    if (query.userId !== undefined) q = q.where('r.user_id', '=', query.userId);
    if (query.versionId !== undefined) q = q.where('r.version_id', '=', query.versionId);
    if (query.scores?.length) q = q.where('r.score', 'in', [...query.scores]);
    if (query.withoutEmptyBody) q = q.where('r.body', 'is not', null);
    if (!query.withDeleted) q = q.where('r.deleted', '=', 0);
    if (query.latestOnly) q = q.where('r.is_latest', '=', 1);
    if (query.excludeIds?.length) q = q.where('r.id', 'not in', [...query.excludeIds]);
    const [counted, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
      q
        .selectAll('r')
        .select(JOINED_COLUMNS)
        .select(previousCount.as('previous_count'))
        .orderBy('r.id', 'desc')
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .execute(),
    ]);
    return { count: Number(counted.n), results: await this.#views(rows as ViewRow[], query.flagsFor) };
  }

  /** Attaches replies (one statement) and, when asked, the user's flags (one more). */
  async #views(rows: readonly ViewRow[], flagsFor: number | undefined): Promise<RatingView[]> {
    const parents = rows.filter((r) => r.reply_to === null).map((r) => Number(r.id));
    const replyRows =
      parents.length > 0
        ? ((await viewed(this.#db)
            .select(sql<number>`0`.as('previous_count'))
            .where('r.reply_to', 'in', parents)
            .where('r.deleted', '=', 0)
            .execute()) as ViewRow[])
        : [];
    const replies = new Map(replyRows.map((r) => [Number(r.reply_to), toView(r, null)]));
    // One flag per user per rating: the list has at most one.
    const flags = new Map<number, RatingFlag[]>();
    if (flagsFor !== undefined && rows.length > 0) {
      const ids = rows.map((r) => Number(r.id));
      const flagRows = await this.#db
        .selectFrom('rating_flags')
        .select(['rating_id', 'flag', 'note'])
        .where('user_id', '=', flagsFor)
        .where('rating_id', 'in', ids)
        .execute();
      for (const f of flagRows)
        flags.set(Number(f.rating_id), [{ flag: f.flag as RatingFlagReason, note: f.note }]);
    }
    return rows.map((row) => {
      const view = toView(row, replies.get(Number(row.id)) ?? null);
      return flagsFor === undefined ? view : { ...view, flags: flags.get(view.id) ?? [] };
    });
  }

  createRating(rating: NewRating, now: Date): Promise<RatingWrite> {
    return this.#write(rating.addonId, async (tx) => {
      const duplicate = await tx
        .selectFrom('ratings')
        .select('id')
        .where('addon_id', '=', rating.addonId)
        .where('user_id', '=', rating.userId)
        .where('reply_to', 'is', null)
        .where('deleted', '=', 0)
        .where('version_id', rating.versionId === null ? 'is' : '=', rating.versionId)
        .executeTakeFirst();
      if (duplicate) {
        throw new TroveError('DuplicateRating', DUPLICATE, { fields: { non_field_errors: [DUPLICATE] } });
      }
      await tx
        .updateTable('ratings')
        .set({ is_latest: 0 })
        .where('addon_id', '=', rating.addonId)
        .where('user_id', '=', rating.userId)
        .where('reply_to', 'is', null)
        .where('is_latest', '=', 1)
        .execute();
      const result = await tx
        .insertInto('ratings')
        .values(newRow({ ...rating, replyTo: null }, now))
        .executeTakeFirstOrThrow();
      return Number(result.insertId);
    });
  }

  editRating(
    id: number,
    changes: { readonly score?: number; readonly body?: string | null },
    now: Date,
  ): Promise<RatingWrite> {
    const { score, body } = changes;
    return this.#update(id, {
      ...(score !== undefined ? { score } : {}),
      ...(body !== undefined ? { body } : {}),
      modified: toSqlDate(now),
    });
  }

  deleteRating(id: number, now: Date): Promise<RatingWrite> {
    return this.#update(id, { deleted: 1, modified: toSqlDate(now) });
  }

  async #update(id: number, values: Updateable<RatingsTable>): Promise<RatingWrite> {
    const rating = await this.findRating(id);
    if (!rating) throw new TroveError('NotFound', 'Not found.');
    return this.#write(rating.addonId, async (tx) => {
      await tx.updateTable('ratings').set(values).where('id', '=', id).execute();
      return id;
    });
  }

  async saveReply(ratingId: number, reply: { readonly userId: number; readonly body: string }, now: Date) {
    const rating = await this.findRating(ratingId);
    if (!rating) throw new TroveError('NotFound', 'Not found.');
    return this.#db.transaction().execute(async (tx) => {
      await lockAddon(tx, rating.addonId);
      const existing = await tx
        .selectFrom('ratings')
        .select('id')
        .where('reply_to', '=', ratingId)
        .where('deleted', '=', 0)
        .executeTakeFirst();
      if (existing) {
        await tx
          .updateTable('ratings')
          .set({ body: reply.body, user_id: reply.userId, modified: toSqlDate(now) })
          .where('id', '=', existing.id)
          .execute();
        return { id: Number(existing.id), created: false };
      }
      const result = await tx
        .insertInto('ratings')
        .values(newRow({ ...rating, ...reply, score: null, replyTo: ratingId }, now))
        .executeTakeFirstOrThrow();
      return { id: Number(result.insertId), created: true };
    });
  }

  async flagRating(
    ratingId: number,
    flag: { readonly userId: number; readonly flag: RatingFlagReason; readonly note: string | null },
    now: Date,
  ): Promise<void> {
    await this.#db.transaction().execute(async (tx) => {
      await tx
        .deleteFrom('rating_flags')
        .where('rating_id', '=', ratingId)
        .where('user_id', '=', flag.userId)
        .execute();
      await tx
        .insertInto('rating_flags')
        .values({
          rating_id: ratingId,
          user_id: flag.userId,
          flag: flag.flag,
          note: flag.note,
          created: toSqlDate(now),
        })
        .execute();
    });
  }

  #write(addonId: number, change: (tx: Transaction<DB>) => Promise<number>): Promise<RatingWrite> {
    return this.#db.transaction().execute(async (tx) => {
      const addonGuid = await lockAddon(tx, addonId);
      const ratingId = await change(tx);
      return { ratingId, addonGuid, aggregates: await recompute(tx, addonId) };
    });
  }
}

/**
 * Takes the add-on's row lock before anything else (a no-op update locks on every back end), so writes to
 * one add-on's ratings take turns and each recomputation reads the others' committed rows.
 */
async function lockAddon(tx: Transaction<DB>, addonId: number): Promise<string> {
  await tx
    .updateTable('addons')
    .set((eb) => ({ rating_count: eb.ref('rating_count') }))
    .where('id', '=', addonId)
    .execute();
  const row = await tx.selectFrom('addons').select('guid').where('id', '=', addonId).executeTakeFirst();
  if (!row) throw new TroveError('AddonNotFound', 'Not found.');
  return row.guid;
}

/** The add-on's aggregates (see `ratingsAggregate`), then its Bayesian average (see `withBayesian`). */
async function recompute(tx: Transaction<DB>, addonId: number): Promise<RatingsAggregate> {
  const mine = await tx
    .selectFrom('ratings')
    .select((eb) => [
      eb.fn.countAll().as('n'),
      eb.fn.sum<number | string | null>('score').as('total'),
      sql<number | string | null>`SUM(CASE WHEN body IS NULL THEN 0 ELSE 1 END)`.as('texts'),
    ])
    .where('addon_id', '=', addonId)
    .where('reply_to', 'is', null)
    .where('is_latest', '=', 1)
    .where('deleted', '=', 0)
    .where('score', 'is not', null)
    .executeTakeFirstOrThrow();
  const own = ratingsAggregate({
    count: Number(mine.n),
    total: Number(mine.total ?? 0),
    texts: Number(mine.texts ?? 0),
  });
  const others = await tx
    .selectFrom('addons')
    .select((eb) => [
      eb.fn.countAll().as('n'),
      eb.fn.sum<number | string | null>('rating_average').as('averages'),
      eb.fn.sum<number | string | null>('rating_count').as('ratings'),
    ])
    .where('rating_count', '>', 0)
    .where('id', '!=', addonId)
    .executeTakeFirstOrThrow();
  const aggregates = withBayesian(own, {
    addons: Number(others.n),
    averages: Number(others.averages ?? 0),
    ratings: Number(others.ratings ?? 0),
  });
  await tx
    .updateTable('addons')
    .set({
      rating_average: aggregates.average,
      rating_bayesian: aggregates.bayesianAverage,
      rating_count: aggregates.count,
      rating_text_count: aggregates.textCount,
    })
    .where('id', '=', addonId)
    .execute();
  return aggregates;
}
