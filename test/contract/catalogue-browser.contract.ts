import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlCatalogueBrowser } from '../../src/adapters/sql/catalogue-browser.ts';
import type { SqlDatabase } from '../../src/adapters/sql/open-database.ts';
import type { CatalogueBrowser } from '../../src/domain/browse.ts';
import type { AddonInput } from '../../src/domain/catalogue.ts';
import { ADDON_STATUS, ADDON_TYPES, CHANNEL } from '../../src/domain/constants.ts';
import type { CatalogueWriter } from '../../src/domain/ports.ts';
import { addonFactory, versionFactory } from '../support/factories.ts';

export interface BrowserBackend {
  readonly db: SqlDatabase;
  readonly writer: CatalogueWriter;
  close(): Promise<void>;
}

/** The storefront's reads, with their statement budgets (issue 4: detail ≤ 3, listings ≤ 2). */
export function catalogueBrowserContract(name: string, open: () => Promise<BrowserBackend>) {
  describe(`catalogue browser contract: ${name}`, () => {
    let backend: BrowserBackend;
    const run = async <T>(fn: (browser: CatalogueBrowser) => Promise<T>) => {
      let statements = 0;
      const browser = new SqlCatalogueBrowser(() => ({ db: backend.db.primary, markDown() {} }), {
        meter: { record: () => void statements++ },
      });
      return { result: await fn(browser), statements };
    };
    const prefix = `b${Date.now().toString(36)}`;
    const make = (n: number, over: Partial<AddonInput> = {}) =>
      addonFactory({ slug: `${prefix}-${n}`, guid: `${prefix}-${n}@trove.test`, ...over });

    beforeAll(async () => {
      backend = await open();
    });
    afterAll(async () => {
      await backend?.close();
    });

    it('reads an add-on in full by id, slug or guid in at most 3 statements', async () => {
      const addon = make(1, {
        name: { 'en-US': 'Tab Sorter', fr: 'Trieur' },
        summary: { 'en-US': 'Sorts tabs' },
        description: { 'en-US': '<b>Sorts</b> your tabs', fr: 'Trie' },
        tags: ['tabs', 'productivity'],
        categories: [93, 12],
        authors: [{ username: `${prefix}-ana`, name: 'Ana' }],
        versions: [
          versionFactory({ version: '1.0', releaseNotes: 'First' }),
          versionFactory({
            version: '2.0',
            releaseNotes: 'Second',
            compat: { firefox: { min: '115.0', max: '*' }, android: { min: '120.0', max: '*' } },
          }),
          versionFactory({ version: '3.0-beta', channel: CHANNEL.unlisted }),
        ],
      });
      await backend.writer.importAddons([addon]);
      const bySlug = await run((b) => b.findAddon({ slug: addon.slug }));
      expect(bySlug.statements).toBeLessThanOrEqual(3);
      const detail = bySlug.result;
      expect(detail?.name).toEqual({ 'en-US': 'Tab Sorter', fr: 'Trieur' });
      expect(detail?.description).toEqual({ 'en-US': '<b>Sorts</b> your tabs', fr: 'Trie' });
      expect(detail?.tags).toEqual(['productivity', 'tabs']);
      expect([...(detail?.categories ?? [])].sort()).toEqual([12, 93]);
      expect(detail?.authors.map((a) => [a.username, a.name])).toEqual([[`${prefix}-ana`, 'Ana']]);
      expect(detail?.currentVersion?.version).toBe('2.0');
      expect(detail?.currentVersion?.releaseNotes).toBe('Second');
      expect(detail?.currentVersion?.compat).toEqual({
        firefox: { min: '115.0', max: '*' },
        android: { min: '120.0', max: '*' },
      });
      expect(detail?.currentVersion?.file.permissions).toEqual(['storage']);
      const id = detail?.id ?? 0;
      expect((await run((b) => b.findAddon({ id }))).result?.slug).toBe(addon.slug);
      expect((await run((b) => b.findAddon({ guid: addon.guid }))).result?.id).toBe(id);
    });

    it('hides add-ons that are not public', async () => {
      const hidden = [make(2, { status: ADDON_STATUS.disabled }), make(3, { disabledByUser: true })];
      await backend.writer.importAddons(hidden);
      for (const addon of hidden)
        expect((await run((b) => b.findAddon({ guid: addon.guid }))).result).toBeNull();
      expect((await run((b) => b.findAddon({ slug: 'no-such-addon' }))).result).toBeNull();
    });

    it('lists with filters, sorts and pages in at most 2 statements', async () => {
      const category = 141;
      const themes = [10, 11, 12].map((n) =>
        make(n, {
          type: ADDON_TYPES.statictheme,
          categories: [category],
          averageDailyUsers: n * 1000,
          weeklyDownloads: 100 - n,
        }),
      );
      await backend.writer.importAddons(themes);
      const page1 = await run((b) =>
        b.listAddons({
          type: ADDON_TYPES.statictheme,
          categoryId: category,
          sort: 'users',
          page: 1,
          pageSize: 2,
        }),
      );
      expect(page1.statements).toBeLessThanOrEqual(2);
      expect(page1.result.count).toBe(3);
      expect(page1.result.results.map((a) => a.slug)).toEqual([themes[2]?.slug, themes[1]?.slug]);
      expect(page1.result.results[0]?.name['en-US']).toBeTruthy();
      const page2 = await run((b) =>
        b.listAddons({
          type: ADDON_TYPES.statictheme,
          categoryId: category,
          sort: 'users',
          page: 2,
          pageSize: 2,
        }),
      );
      expect(page2.result.results.map((a) => a.slug)).toEqual([themes[0]?.slug]);
      const byDownloads = await run((b) =>
        b.listAddons({
          type: ADDON_TYPES.statictheme,
          categoryId: category,
          sort: 'downloads',
          page: 1,
          pageSize: 3,
          withCount: false,
        }),
      );
      expect(byDownloads.result.results.map((a) => a.slug)).toEqual(themes.map((t) => t.slug));
    });

    it('lists recommended, by author and by app', async () => {
      const [promoted, plain, android] = [
        make(20, { promoted: 'recommended', authors: [{ username: `${prefix}-bo`, name: 'Bo' }] }),
        make(21, { authors: [{ username: `${prefix}-bo`, name: 'Bo' }] }),
        make(22, { versions: [versionFactory({ compat: { android: { min: '120.0', max: '*' } } })] }),
      ];
      await backend.writer.importAddons([promoted, plain, android]);
      const recommended = await run((b) => b.listAddons({ sort: 'recommended', page: 1, pageSize: 50 }));
      expect(recommended.result.results.map((a) => a.slug)).toContain(promoted.slug);
      expect(recommended.result.results.map((a) => a.slug)).not.toContain(plain.slug);
      const byAuthor = await run((b) =>
        b.listAddons({ authorUsername: `${prefix}-bo`, sort: 'users', page: 1, pageSize: 10 }),
      );
      expect(byAuthor.result.results.map((a) => a.slug).sort()).toEqual([promoted.slug, plain.slug].sort());
      const forAndroid = await run((b) =>
        b.listAddons({ app: 'android', sort: 'created', page: 1, pageSize: 50 }),
      );
      expect(forAndroid.result.results.map((a) => a.slug)).toContain(android.slug);
      expect(forAndroid.result.results.map((a) => a.slug)).not.toContain(plain.slug);
      expect((await run((b) => b.findAuthor(`${prefix}-bo`))).result?.name).toBe('Bo');
    });

    it('reads several shelves in two statements', async () => {
      const [top, promoted] = [
        make(40, { averageDailyUsers: 9e8 }),
        make(41, { promoted: 'line', averageDailyUsers: 9e8 - 1 }),
      ];
      await backend.writer.importAddons([top, promoted]);
      const shelves = await run((b) =>
        b.listShelves([
          { sort: 'users', page: 1, pageSize: 2 },
          { sort: 'recommended', page: 1, pageSize: 1 },
          { sort: 'rating', page: 1, pageSize: 3 },
        ]),
      );
      expect(shelves.statements).toBeLessThanOrEqual(2);
      expect(shelves.result.map((shelf) => shelf.length)).toEqual([2, 1, 3]);
      expect(shelves.result[0]?.map((a) => a.slug)).toEqual([top.slug, promoted.slug]);
      expect(shelves.result[1]?.[0]?.promoted).toBeTruthy();
      expect(shelves.result[0]?.[0]?.name['en-US']).toBeTruthy();
    });

    it('reads cards by ids in order, and versions by page, id and number', async () => {
      const addon = make(30, {
        versions: ['1.0', '1.1', '1.2'].map((version) => versionFactory({ version })),
      });
      const other = make(31);
      await backend.writer.importAddons([addon, other]);
      const ids = await Promise.all(
        [addon, other].map(async (a) => (await run((b) => b.findAddon({ guid: a.guid }))).result?.id ?? 0),
      );
      const cards = await run((b) => b.findAddonsByIds([ids[1] ?? 0, 999_999_999, ids[0] ?? 0]));
      expect(cards.statements).toBeLessThanOrEqual(2);
      expect(cards.result.map((c) => c.slug)).toEqual([other.slug, addon.slug]);
      const versions = await run((b) => b.listVersions(ids[0] ?? 0, 1, 2));
      expect(versions.statements).toBeLessThanOrEqual(2);
      expect(versions.result.count).toBe(3);
      expect(versions.result.results.map((v) => v.version)).toEqual(['1.2', '1.1']);
      expect(versions.result.results[0]?.compat.firefox).toEqual({ min: '58.0', max: '*' });
      const one = await run((b) => b.findVersion(ids[0] ?? 0, { version: '1.1' }));
      expect(one.statements).toBe(1);
      expect(one.result?.version).toBe('1.1');
      expect(
        (await run((b) => b.findVersion(ids[0] ?? 0, { id: one.result?.id ?? 0 }))).result?.version,
      ).toBe('1.1');
      expect((await run((b) => b.findVersion(ids[1] ?? 0, { id: one.result?.id ?? 0 }))).result).toBeNull();
    });
  });
}
