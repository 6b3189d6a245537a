import type { Kysely } from 'kysely';
import type { AddonDetail, AddonRef, VersionDetail } from '../../domain/browse.ts';
import type { ChannelId } from '../../domain/constants.ts';
import { TroveError } from '../../domain/errors.ts';
import type {
  AddonPlan,
  AuthorAddon,
  DownloadTarget,
  OwnedAddon,
  QueueEntry,
  ReviewOutcome,
  ReviewTarget,
  StoredIds,
  StoreFile,
  SubmissionStore,
  VersionPlan,
} from '../../domain/submission-ports.ts';
import { bool, toSqlDate } from './rows.ts';
import type { DB } from './schema.ts';
import { addonDetail, authorAddons, authorIdsOf, reviewQueue, versionsWhere } from './submission-reads.ts';
import {
  insertId,
  insertVersion,
  isDuplicate,
  refreshStatus,
  uniqueSlug,
  whereRef,
} from './submission-writes.ts';

/** The submission flow's SQL: every statement on the primary, every write in one transaction. */
export class SqlSubmissionStore implements SubmissionStore {
  readonly #db: Kysely<DB>;

  constructor(db: Kysely<DB>) {
    this.#db = db;
  }

  async findAddon(ref: AddonRef): Promise<OwnedAddon | null> {
    const [column, value] = whereRef(ref);
    const db = this.#db;
    const row = await db
      .selectFrom('addons')
      .select(['id', 'guid', 'slug', 'type', 'status', 'default_locale'])
      .where(column, '=', value as never)
      .executeTakeFirst();
    if (!row) return null;
    const id = Number(row.id);
    const [translations, categories, authorIds, versions] = await Promise.all([
      db
        .selectFrom('addon_translations')
        .select(['locale', 'name', 'summary'])
        .where('addon_id', '=', id)
        .execute(),
      db.selectFrom('addon_categories').select('category_id').where('addon_id', '=', id).execute(),
      authorIdsOf(db, id),
      db
        .selectFrom('versions')
        .select(['version', 'channel', 'deleted', 'license'])
        .where('addon_id', '=', id)
        .orderBy('id')
        .execute(),
    ]);
    const pick = (key: 'name' | 'summary') =>
      Object.fromEntries(translations.flatMap((t) => (t[key] ? [[t.locale, t[key] as string]] : [])));
    return {
      id,
      guid: row.guid,
      slug: row.slug,
      type: Number(row.type),
      status: Number(row.status),
      defaultLocale: row.default_locale,
      name: pick('name'),
      summary: pick('summary'),
      categories: categories.map((c) => Number(c.category_id)),
      authorIds,
      versions: versions.map((v) => ({
        version: v.version,
        channel: Number(v.channel) as ChannelId,
        deleted: bool(v.deleted),
        license: v.license,
      })),
    };
  }

  async createAddon(plan: AddonPlan, now: Date, storeFile: StoreFile): Promise<StoredIds> {
    try {
      return await this.#db.transaction().execute(async (tx) => {
        const existing = await tx
          .selectFrom('addons')
          .select('id')
          .where('guid', '=', plan.guid)
          .executeTakeFirst();
        if (existing) throw new TroveError('Conflict', 'Duplicate add-on ID found.');
        const created = toSqlDate(now);
        const addonId = insertId(
          await tx
            .insertInto('addons')
            .values({
              guid: plan.guid,
              slug: await uniqueSlug(tx, plan.slug),
              type: plan.type,
              status: 0,
              disabled_by_user: 0,
              default_locale: plan.defaultLocale,
              average_daily_users: 0,
              weekly_downloads: 0,
              rating_average: 0,
              rating_bayesian: 0,
              rating_count: 0,
              rating_text_count: 0,
              previews: 0,
              created,
              last_updated: created,
            })
            .executeTakeFirst(),
        );
        const locales = new Set([...Object.keys(plan.name), ...Object.keys(plan.summary)]);
        if (locales.size > 0) {
          await tx
            .insertInto('addon_translations')
            .values(
              [...locales].map((locale) => ({
                addon_id: addonId,
                locale,
                name: plan.name[locale] ?? null,
                summary: plan.summary[locale] ?? null,
                description: null,
              })),
            )
            .execute();
        }
        if (plan.categories.length > 0) {
          await tx
            .insertInto('addon_categories')
            .values(plan.categories.map((category_id) => ({ addon_id: addonId, category_id })))
            .execute();
        }
        await tx
          .insertInto('addon_authors')
          .values({ addon_id: addonId, user_id: plan.authorId, position: 0 })
          .execute();
        const ids = await insertVersion(tx, addonId, plan.version, now);
        await refreshStatus(tx, addonId, now);
        await storeFile(ids);
        return ids;
      });
    } catch (error) {
      if (isDuplicate(error)) throw new TroveError('Conflict', 'Duplicate add-on ID found.');
      throw error;
    }
  }

  addVersion(addonId: number, plan: VersionPlan, now: Date, storeFile: StoreFile): Promise<StoredIds> {
    return this.#db.transaction().execute(async (tx) => {
      const ids = await insertVersion(tx, addonId, plan, now);
      await refreshStatus(tx, addonId, now);
      await storeFile(ids);
      return ids;
    });
  }

  findAddonDetail(addonId: number): Promise<AddonDetail | null> {
    return addonDetail(this.#db, addonId);
  }

  async findVersion(
    addonId: number,
    ref: { id: number } | { version: string },
  ): Promise<VersionDetail | null> {
    const [version] = await versionsWhere(this.#db, { addonId, ref }, 1);
    return version ?? null;
  }

  async findReviewTarget(versionId: number): Promise<ReviewTarget | null> {
    const row = await this.#db
      .selectFrom('versions as v')
      .innerJoin('files as f', 'f.version_id', 'v.id')
      .innerJoin('addons as a', 'a.id', 'v.addon_id')
      .select(['a.id as addon_id', 'a.guid', 'a.status', 'v.version', 'v.channel', 'v.deleted'])
      .select(['f.id as file_id', 'f.status as file_status', 'f.filename'])
      .where('v.id', '=', versionId)
      .executeTakeFirst();
    if (!row || bool(row.deleted)) return null;
    return {
      addonId: Number(row.addon_id),
      versionId,
      fileId: Number(row.file_id),
      guid: row.guid,
      addonStatus: Number(row.status),
      version: row.version,
      channel: Number(row.channel) as ChannelId,
      fileStatus: Number(row.file_status),
      filename: row.filename,
      authorIds: await authorIdsOf(this.#db, Number(row.addon_id)),
    };
  }

  async recordReview(
    versionId: number,
    outcome: ReviewOutcome,
    now: Date,
    storeFile: StoreFile,
  ): Promise<void> {
    const target = await this.findReviewTarget(versionId);
    if (!target) throw new TroveError('NotFound', 'Not found.');
    await this.#db.transaction().execute(async (tx) => {
      await tx
        .updateTable('files')
        .set({
          status: outcome.fileStatus,
          ...(outcome.file ? { hash: outcome.file.hash, size: outcome.file.size } : {}),
        })
        .where('version_id', '=', versionId)
        .execute();
      await tx
        .updateTable('versions')
        .set({ review_notes: outcome.reviewNotes })
        .where('id', '=', versionId)
        .execute();
      await refreshStatus(tx, target.addonId, now);
      await storeFile(target);
    });
  }

  listAuthorAddons(userId: number, limit: number): Promise<AuthorAddon[]> {
    return authorAddons(this.#db, userId, limit);
  }

  listReviewQueue(limit: number): Promise<QueueEntry[]> {
    return reviewQueue(this.#db, limit);
  }

  async findFile(fileId: number): Promise<DownloadTarget | null> {
    const row = await this.#db
      .selectFrom('files as f')
      .innerJoin('versions as v', 'v.id', 'f.version_id')
      .select(['v.addon_id', 'v.deleted', 'f.filename', 'f.hash'])
      .where('f.id', '=', fileId)
      .executeTakeFirst();
    if (!row) return null;
    const addonId = Number(row.addon_id);
    return {
      addonId,
      filename: row.filename,
      hash: row.hash,
      deleted: bool(row.deleted),
      authorIds: await authorIdsOf(this.#db, addonId),
    };
  }

  async listGuids(afterId: number, limit: number): Promise<{ id: number; guid: string }[]> {
    const rows = await this.#db
      .selectFrom('addons')
      .select(['id', 'guid'])
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ id: Number(r.id), guid: r.guid }));
  }
}
