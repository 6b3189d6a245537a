import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlAccountStore } from '../../src/adapters/sql/account-store.ts';
import { SqlRatingStore } from '../../src/adapters/sql/rating-store.ts';
import type { AddonInput } from '../../src/domain/catalogue.ts';
import { bayesianAverage } from '../../src/domain/catalogue.ts';
import { ADDON_STATUS } from '../../src/domain/constants.ts';
import type { NewRating } from '../../src/domain/ratings.ts';
import { addonFactory, versionFactory } from '../support/factories.ts';
import type { openSqlBackend } from '../support/sql-backend.ts';

export type Backend = Awaited<ReturnType<typeof openSqlBackend>>;

export const NO_RATINGS = { average: 0, bayesianAverage: 0, count: 0, textCount: 0 };
const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 12, minute));

/** An imported add-on (no ratings unless given) with its id and version ids, oldest first. */
export async function seedAddon(backend: Backend, overrides: Partial<AddonInput> = {}) {
  const addon = addonFactory({
    ratings: NO_RATINGS,
    versions: [versionFactory(), versionFactory()],
    ...overrides,
  });
  await backend.writer.importAddons([addon]);
  const db = backend.db.primary;
  const row = await db
    .selectFrom('addons')
    .select('id')
    .where('guid', '=', addon.guid)
    .executeTakeFirstOrThrow();
  const versions = await db
    .selectFrom('versions')
    .select('id')
    .where('addon_id', '=', row.id)
    .orderBy('id')
    .execute();
  return { ...addon, id: Number(row.id), versionIds: versions.map((v) => Number(v.id)) };
}

let users = 0;
export async function seedUser(backend: Backend, name = 'user'): Promise<number> {
  const username = `${name}${++users}${Date.now().toString(36)}`;
  return new SqlAccountStore(backend.db.primary).createUser(
    { username, email: `${username}@trove.test`, displayName: `Name ${username}`, passwordHash: 'x' },
    at(0),
  );
}

/** The `RatingStore` contract: every adapter passes it. */
export function ratingStoreContract(name: string, open: () => Promise<Backend>) {
  describe(`rating store contract: ${name}`, () => {
    let backend: Backend;
    let store: SqlRatingStore;
    const rating = (r: Partial<NewRating> & Pick<NewRating, 'addonId' | 'userId'>): NewRating => ({
      versionId: null,
      score: 4,
      body: null,
      ...r,
    });
    beforeAll(async () => {
      backend = await open();
      store = new SqlRatingStore(backend.db.primary);
    });
    afterAll(async () => {
      await backend?.close();
    });

    it('creates a rating that is its author’s latest, with its add-on, author and version', async () => {
      const addon = await seedAddon(backend);
      const user = await seedUser(backend);
      const write = await store.createRating(
        rating({
          addonId: addon.id,
          userId: user,
          versionId: addon.versionIds[0] ?? 0,
          score: 5,
          body: 'Great',
        }),
        at(1),
      );
      expect(write.addonGuid).toBe(addon.guid);
      expect(write.aggregates).toMatchObject({ average: 5, count: 1, textCount: 1 });
      const view = await store.findView(write.ratingId);
      expect(view).toMatchObject({
        id: write.ratingId,
        addon: { id: addon.id, slug: addon.slug, guid: addon.guid },
        user: { id: user },
        version: { id: addon.versionIds[0], version: addon.versions[0]?.version },
        score: 5,
        body: 'Great',
        isLatest: true,
        deleted: false,
        previousCount: 0,
        reply: null,
        created: at(1),
      });
      expect(view?.flags).toBeUndefined();
    });

    it('replaces: a new rating is the latest, the previous one is not, and one version is rated once', async () => {
      const addon = await seedAddon(backend);
      const user = await seedUser(backend);
      const [v1, v2] = addon.versionIds;
      const first = await store.createRating(
        rating({ addonId: addon.id, userId: user, versionId: v1 ?? 0 }),
        at(1),
      );
      await expect(
        store.createRating(rating({ addonId: addon.id, userId: user, versionId: v1 ?? 0 }), at(2)),
      ).rejects.toMatchObject({
        code: 'DuplicateRating',
        fields: { non_field_errors: [expect.any(String)] },
      });
      const second = await store.createRating(
        rating({ addonId: addon.id, userId: user, versionId: v2 ?? 0, score: 2 }),
        at(3),
      );
      expect((await store.findRating(first.ratingId))?.isLatest).toBe(false);
      const latest = await store.listRatings({ addonId: addon.id, latestOnly: true, page: 1, pageSize: 10 });
      expect(latest.count).toBe(1);
      expect(latest.results.map((r) => [r.id, r.isLatest, r.previousCount])).toEqual([
        [second.ratingId, true, 1],
      ]);
      const all = await store.listRatings({ addonId: addon.id, page: 1, pageSize: 10 });
      expect(all.results.map((r) => r.id)).toEqual([second.ratingId, first.ratingId]);
      expect(second.aggregates).toMatchObject({ average: 2, count: 1 });
    });

    it('keeps exact aggregates through create, replace, edit and delete', async () => {
      // A database of its own: the Bayesian average depends on every add-on with ratings.
      const own = await open();
      try {
        const s = new SqlRatingStore(own.db.primary);
        const rated = await seedAddon(own, {
          ratings: { average: 3, bayesianAverage: 3, count: 2, textCount: 0 },
        });
        const addon = await seedAddon(own);
        const [alice, bob] = [await seedUser(own), await seedUser(own)];
        const [v1, v2] = addon.versionIds as [number, number];
        // Others: one add-on (`rated`) averaging 3 over 2 ratings.
        const expected = (average: number, count: number, textCount: number) => {
          const addons = count > 0 ? 2 : 1;
          const mean = (3 + (count > 0 ? average : 0)) / addons;
          const meanCount = (2 + count) / addons;
          return { average, count, textCount, bayesian: bayesianAverage(average, count, mean, meanCount) };
        };
        const check = async (
          write: { aggregates: { bayesianAverage: number } },
          e: ReturnType<typeof expected>,
        ) => {
          const stored = (await own.reader.findAddonByGuid(addon.guid))?.ratings;
          expect(stored).toMatchObject({ average: e.average, count: e.count, textCount: e.textCount });
          expect(stored?.bayesianAverage).toBeCloseTo(e.bayesian, 10);
          expect(write.aggregates).toMatchObject({
            average: e.average,
            count: e.count,
            textCount: e.textCount,
          });
          expect(write.aggregates.bayesianAverage).toBeCloseTo(e.bayesian, 10);
        };
        const a1 = await s.createRating(
          rating({ addonId: addon.id, userId: alice, versionId: v1, score: 5, body: 'Yes' }),
          at(1),
        );
        await check(a1, expected(5, 1, 1));
        expect(expected(5, 1, 1).bayesian).toBeCloseTo(4.4, 10);
        const a2 = await s.createRating(
          rating({ addonId: addon.id, userId: alice, versionId: v2, score: 1 }),
          at(2),
        );
        await check(a2, expected(1, 1, 0));
        const b1 = await s.createRating(
          rating({ addonId: addon.id, userId: bob, versionId: v2, score: 4, body: 'ok' }),
          at(3),
        );
        await check(b1, expected(2.5, 2, 1));
        await check(await s.editRating(b1.ratingId, { score: 2 }, at(4)), expected(1.5, 2, 1));
        await check(await s.editRating(a2.ratingId, { body: 'Now with text' }, at(5)), expected(1.5, 2, 2));
        await check(await s.deleteRating(a2.ratingId, at(6)), expected(2, 1, 1));
        await check(await s.deleteRating(b1.ratingId, at(7)), {
          average: 0,
          count: 0,
          textCount: 0,
          bayesian: 0,
        });
        // The other add-on kept its own figures.
        expect((await own.reader.findAddonByGuid(rated.guid))?.ratings).toMatchObject({
          average: 3,
          count: 2,
        });
      } finally {
        await own.close();
      }
    });

    it('counts every rating when several people rate the same add-on at once', async () => {
      const addon = await seedAddon(backend);
      const people = await Promise.all(Array.from({ length: 8 }, () => seedUser(backend)));
      await Promise.all(
        people.map((userId, i) =>
          store.createRating(rating({ addonId: addon.id, userId, score: (i % 5) + 1 }), at(i)),
        ),
      );
      const stored = (await backend.reader.findAddonByGuid(addon.guid))?.ratings;
      expect(stored).toMatchObject({ count: 8, average: (1 + 2 + 3 + 4 + 5 + 1 + 2 + 3) / 8 });
    });

    it('edits and soft-deletes: deleted ratings are listed only when asked for', async () => {
      const addon = await seedAddon(backend);
      const user = await seedUser(backend);
      const { ratingId } = await store.createRating(
        rating({ addonId: addon.id, userId: user, body: 'Meh' }),
        at(1),
      );
      await store.editRating(ratingId, { score: 3, body: null }, at(9));
      expect(await store.findRating(ratingId)).toMatchObject({
        score: 3,
        body: null,
        modified: at(9),
        created: at(1),
      });
      await store.deleteRating(ratingId, at(10));
      expect((await store.findRating(ratingId))?.deleted).toBe(true);
      const query = { addonId: addon.id, page: 1, pageSize: 10 };
      expect((await store.listRatings(query)).count).toBe(0);
      expect((await store.listRatings({ ...query, withDeleted: true })).results.map((r) => r.id)).toEqual([
        ratingId,
      ]);
      await expect(store.editRating(987_654, { score: 1 }, at(1))).rejects.toMatchObject({
        code: 'NotFound',
      });
    });

    it('keeps one reply per rating: saving again edits it; replies are not listed as ratings', async () => {
      const addon = await seedAddon(backend);
      const [user, dev] = [await seedUser(backend), await seedUser(backend, 'dev')];
      const { ratingId } = await store.createRating(rating({ addonId: addon.id, userId: user }), at(1));
      const first = await store.saveReply(ratingId, { userId: dev, body: 'Thanks' }, at(2));
      const again = await store.saveReply(ratingId, { userId: dev, body: 'Thanks again' }, at(3));
      expect([first.created, again.created, again.id]).toEqual([true, false, first.id]);
      const list = await store.listRatings({ addonId: addon.id, page: 1, pageSize: 10 });
      expect(list.count).toBe(1);
      expect(list.results[0]?.reply).toMatchObject({
        id: first.id,
        body: 'Thanks again',
        replyTo: ratingId,
        score: null,
        user: { id: dev },
      });
      expect(
        (await store.listRatings({ addonId: addon.id, latestOnly: true, page: 1, pageSize: 10 })).count,
      ).toBe(1);
      await store.deleteRating(first.id, at(4));
      expect((await store.findView(ratingId))?.reply).toBeNull();
      const third = await store.saveReply(ratingId, { userId: dev, body: 'New reply' }, at(5));
      expect(third.created).toBe(true);
      expect((await store.findView(ratingId))?.reply?.body).toBe('New reply');
    });

    it('keeps one flag per user per rating and shows a user their own flags', async () => {
      const addon = await seedAddon(backend);
      const [user, flagger, other] = [
        await seedUser(backend),
        await seedUser(backend),
        await seedUser(backend),
      ];
      const { ratingId } = await store.createRating(rating({ addonId: addon.id, userId: user }), at(1));
      await store.flagRating(
        ratingId,
        { userId: flagger, flag: 'rating_flag_reason_spam', note: null },
        at(2),
      );
      await store.flagRating(
        ratingId,
        { userId: flagger, flag: 'rating_flag_reason_other', note: 'Off topic' },
        at(3),
      );
      await store.flagRating(
        ratingId,
        { userId: other, flag: 'rating_flag_reason_language', note: null },
        at(3),
      );
      expect((await store.findView(ratingId, { flagsFor: flagger }))?.flags).toEqual([
        { flag: 'rating_flag_reason_other', note: 'Off topic' },
      ]);
      const page = await store.listRatings({ addonId: addon.id, flagsFor: user, page: 1, pageSize: 10 });
      expect(page.results[0]?.flags).toEqual([]);
    });

    it('filters lists by user, version, score, text and ids, pages them, and hides non-public add-ons', async () => {
      const addon = await seedAddon(backend);
      const hidden = await seedAddon(backend, { status: ADDON_STATUS.nominated });
      const [u1, u2, u3] = [await seedUser(backend), await seedUser(backend), await seedUser(backend)];
      const [v1, v2] = addon.versionIds as [number, number];
      const r1 = await store.createRating(
        rating({ addonId: addon.id, userId: u1, versionId: v1, score: 5, body: 'A' }),
        at(1),
      );
      const r2 = await store.createRating(
        rating({ addonId: addon.id, userId: u2, versionId: v2, score: 1 }),
        at(2),
      );
      const r3 = await store.createRating(
        rating({ addonId: addon.id, userId: u3, versionId: v2, score: 5 }),
        at(3),
      );
      await store.createRating(rating({ addonId: hidden.id, userId: u1, score: 2 }), at(4));
      const ids = async (q: Partial<Parameters<SqlRatingStore['listRatings']>[0]>) =>
        (await store.listRatings({ addonId: addon.id, page: 1, pageSize: 10, ...q })).results.map(
          (r) => r.id,
        );
      expect(await ids({ scores: [5] })).toEqual([r3.ratingId, r1.ratingId]);
      expect(await ids({ withoutEmptyBody: true })).toEqual([r1.ratingId]);
      expect(await ids({ versionId: v2 })).toEqual([r3.ratingId, r2.ratingId]);
      expect(await ids({ excludeIds: [r2.ratingId, r3.ratingId] })).toEqual([r1.ratingId]);
      expect(await ids({ addonId: undefined, userId: u1 })).toEqual([r1.ratingId]);
      const second = await store.listRatings({ addonId: addon.id, page: 2, pageSize: 2 });
      expect([second.count, second.results.map((r) => r.id)]).toEqual([3, [r1.ratingId]]);
    });
  });
}
