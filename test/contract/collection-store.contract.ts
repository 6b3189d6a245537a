import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlAccountStore } from '../../src/adapters/sql/account-store.ts';
import { SqlCollectionStore } from '../../src/adapters/sql/collection-store.ts';
import type { NewCollection } from '../../src/domain/collections.ts';
import { ADDON_STATUS } from '../../src/domain/constants.ts';
import { type Backend, seedAddon, seedUser } from './rating-store.contract.ts';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 21, 9, minute));
let n = 0;

function collectionFactory(authorId: number, overrides: Partial<NewCollection> = {}): NewCollection {
  const i = ++n;
  return {
    authorId,
    uuid: `${i.toString(16).padStart(8, '0')}${'0'.repeat(24)}`,
    slug: `picks-${i}`,
    name: `Picks ${i}`,
    description: null,
    public: true,
    defaultLocale: 'en-US',
    ...overrides,
  };
}

/** The `CollectionStore` contract: every adapter passes it. */
export function collectionStoreContract(name: string, open: () => Promise<Backend>) {
  describe(`collection store contract: ${name}`, () => {
    let backend: Backend;
    let store: SqlCollectionStore;
    beforeAll(async () => {
      backend = await open();
      store = new SqlCollectionStore(backend.db.primary);
    });
    afterAll(async () => {
      await backend?.close();
    });

    const create = async (authorId: number, overrides: Partial<NewCollection> = {}, minute = 0) => {
      const input = collectionFactory(authorId, overrides);
      const id = await store.createCollection(input, at(minute));
      const found = await store.findCollection(authorId, input.slug);
      if (!found || found.id !== id) throw new Error('created collection not found');
      return found;
    };

    it('finds owners by id or username, but not deleted ones', async () => {
      const id = await seedUser(backend, 'owner');
      const owner = await store.findOwner({ id });
      expect(owner?.id).toBe(id);
      expect(await store.findOwner({ username: owner?.username ?? '' })).toEqual(owner);
      await new SqlAccountStore(backend.db.primary).deleteUser(id);
      expect(await store.findOwner({ id })).toBeNull();
    });

    it('creates a collection, with a slug unique per author', async () => {
      const [author, other] = [await seedUser(backend), await seedUser(backend)];
      const made = await create(author, { slug: 'tabs', description: 'For tabs', public: false }, 3);
      expect(made).toMatchObject({
        author: { id: author },
        slug: 'tabs',
        description: 'For tabs',
        public: false,
        defaultLocale: 'en-US',
        addonCount: 0,
        created: at(3),
        modified: at(3),
      });
      expect(made.uuid).toMatch(/^[0-9a-f]{32}$/);
      await expect(
        store.createCollection(collectionFactory(author, { slug: 'tabs' }), at(4)),
      ).rejects.toMatchObject({ code: 'CollectionSlugTaken', fields: { slug: [expect.any(String)] } });
      expect((await create(other, { slug: 'tabs' })).author.id).toBe(other);
    });

    it('edits a collection; renaming onto another of the author’s slugs is refused', async () => {
      const author = await seedUser(backend);
      const a = await create(author);
      const b = await create(author);
      await store.updateCollection(
        a.id,
        { name: 'Renamed', slug: 'renamed', public: false, defaultLocale: 'fr' },
        at(7),
      );
      expect(await store.findCollection(author, a.slug)).toBeNull();
      expect(await store.findCollection(author, 'renamed')).toMatchObject({
        id: a.id,
        name: 'Renamed',
        public: false,
        defaultLocale: 'fr',
        description: null,
        modified: at(7),
      });
      await expect(store.updateCollection(b.id, { slug: 'renamed' }, at(8))).rejects.toMatchObject({
        code: 'CollectionSlugTaken',
      });
    });

    it('lists an author’s collections, private ones only when asked for', async () => {
      const author = await seedUser(backend);
      const open1 = await create(author, {}, 1);
      const hidden = await create(author, { public: false }, 2);
      const open2 = await create(author, {}, 3);
      const ids = async (includePrivate: boolean, page = 1, pageSize = 10) => {
        const found = await store.listCollections(author, { includePrivate, page, pageSize });
        return [found.count, found.results.map((c) => c.id)];
      };
      expect(await ids(true)).toEqual([3, [open2.id, hidden.id, open1.id]]);
      expect(await ids(false)).toEqual([2, [open2.id, open1.id]]);
      expect(await ids(true, 2, 2)).toEqual([3, [open1.id]]);
    });

    it('adds add-ons once, sets notes only when given, and counts public ones', async () => {
      const collection = await create(await seedUser(backend));
      const [addon, hidden] = [
        await seedAddon(backend),
        await seedAddon(backend, { status: ADDON_STATUS.disabled }),
      ];
      expect(await store.addAddon(collection.id, addon.id, 'Must have', at(10))).toEqual({ created: true });
      expect(await store.addAddon(collection.id, addon.id, undefined, at(11))).toEqual({ created: false });
      expect((await store.findItem(collection.id, addon.id))?.notes).toBe('Must have');
      await store.addAddon(collection.id, addon.id, null, at(12));
      expect(await store.findItem(collection.id, addon.id)).toEqual({
        addonId: addon.id,
        notes: null,
        created: at(10),
      });
      await store.addAddon(collection.id, hidden.id, null, at(13));
      const found = await store.findCollection(collection.author.id, collection.slug);
      expect([found?.addonCount, found?.modified]).toEqual([1, at(13)]);
      const listed = await store.listAddons(collection.id, {
        sort: 'added',
        descending: false,
        page: 1,
        pageSize: 10,
      });
      expect([listed.count, listed.results.map((i) => i.addonId)]).toEqual([1, [addon.id]]);
    });

    it('lists add-ons by date added, popularity or name, either way, in pages', async () => {
      const collection = await create(await seedUser(backend));
      const small = await seedAddon(backend, { averageDailyUsers: 10, name: { 'en-US': 'beta' } });
      const big = await seedAddon(backend, { averageDailyUsers: 9000, name: { 'en-US': 'Alpha' } });
      const mid = await seedAddon(backend, { averageDailyUsers: 500, name: { 'en-US': 'gamma' } });
      await store.addAddon(collection.id, mid.id, null, at(1));
      await store.addAddon(collection.id, small.id, null, at(2));
      await store.addAddon(collection.id, big.id, null, at(3));
      const order = async (sort: 'added' | 'popularity' | 'name', descending: boolean) =>
        (await store.listAddons(collection.id, { sort, descending, page: 1, pageSize: 10 })).results.map(
          (i) => i.addonId,
        );
      expect(await order('added', false)).toEqual([mid.id, small.id, big.id]);
      expect(await order('added', true)).toEqual([big.id, small.id, mid.id]);
      expect(await order('popularity', true)).toEqual([big.id, mid.id, small.id]);
      expect(await order('name', false)).toEqual([big.id, small.id, mid.id]);
      expect(await order('name', true)).toEqual([mid.id, small.id, big.id]);
      const page = await store.listAddons(collection.id, {
        sort: 'popularity',
        descending: true,
        page: 2,
        pageSize: 2,
      });
      expect([page.count, page.results.map((i) => i.addonId)]).toEqual([3, [small.id]]);
    });

    it('removes add-ons and deletes collections with their list', async () => {
      const collection = await create(await seedUser(backend));
      const addon = await seedAddon(backend);
      await store.addAddon(collection.id, addon.id, null, at(1));
      expect(await store.removeAddon(collection.id, addon.id, at(2))).toBe(true);
      expect(await store.removeAddon(collection.id, addon.id, at(3))).toBe(false);
      expect((await store.findCollection(collection.author.id, collection.slug))?.modified).toEqual(at(2));
      await store.addAddon(collection.id, addon.id, null, at(4));
      await store.deleteCollection(collection.id);
      expect(await store.findCollection(collection.author.id, collection.slug)).toBeNull();
      expect(await store.findItem(collection.id, addon.id)).toBeNull();
    });
  });
}
