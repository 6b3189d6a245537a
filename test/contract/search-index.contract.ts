import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADDON_TYPES } from '../../src/domain/constants.ts';
import { MAX_RESULT_WINDOW, type SearchIndex } from '../../src/domain/search.ts';
import { named, type SearchEngine, searchIds } from './search-support.ts';

/** What every search index must do. Each test starts from an empty index. */
export function searchIndexContract(engine: SearchEngine): void {
  describe.skipIf(engine.skip)(`search index contract: ${engine.name}`, () => {
    let close: () => Promise<void>;
    let index: SearchIndex;
    beforeEach(async () => {
      const backend = await engine.open();
      index = backend.index;
      close = () => backend.close();
    });
    afterEach(() => close());

    it('finds an add-on by a word of its name, whatever the case and diacritics', async () => {
      const doc = named('Fenêtre Organizer');
      await index.upsert([doc, named('Something Else')]);
      expect(await searchIds(index, 'fenetre')).toEqual([doc.id]);
      expect(await searchIds(index, 'FENÊTRE organizer')).toEqual([doc.id]);
      const results = await index.search({ q: 'organizer', page: 1, pageSize: 10 });
      expect(results.count).toBe(1);
      expect(results.hits[0]?.score).toBeGreaterThan(0);
    });

    it('needs every word to match somewhere (name, summary, tags, description), with no fallback to some', async () => {
      const sorter = named('Tab Sorter', { summary: { 'en-US': 'Sort your tabs.' }, tags: ['productivity'] });
      const cleaner = named('Cookie Cleaner', { description: { 'en-US': 'Removes cookies on exit.' } });
      await index.upsert([sorter, cleaner]);
      expect(await searchIds(index, 'tab cookie')).toEqual([]);
      expect((await index.search({ q: 'tab cookie', page: 1, pageSize: 10 })).count).toBe(0);
      expect(await searchIds(index, 'sorter sort productivity')).toEqual([sorter.id]);
      expect(await searchIds(index, 'cleaner exit')).toEqual([cleaner.id]);
    });

    it('takes the last word typed as the start of a name word, and only of a name word', async () => {
      const manager = named('Bookmark Manager');
      const other = named('Other Thing', { summary: { 'en-US': 'Bookmarklets galore' } });
      await index.upsert([manager, other]);
      expect(await searchIds(index, 'bookm')).toEqual([manager.id]);
      expect(await searchIds(index, 'bookmark man')).toEqual([manager.id]);
      expect(await searchIds(index, 'bookm ')).toEqual([]);
      expect(await searchIds(index, 'bookmarklets')).toEqual([other.id]);
    });

    it('replaces a document on upsert: its old words no longer match', async () => {
      const alpha = named('Alpha Viewer');
      await index.upsert([alpha]);
      await index.upsert([{ ...alpha, name: { 'en-US': 'Beta Viewer' } }]);
      expect(await searchIds(index, 'alpha')).toEqual([]);
      expect(await searchIds(index, 'beta')).toEqual([alpha.id]);
      expect((await index.search({ q: 'viewer', page: 1, pageSize: 10 })).count).toBe(1);
    });

    it('removes documents from search and autocomplete; an unknown id is ignored', async () => {
      const [first, second] = [named('Quiet Viewer'), named('Quiet Viewer Two')];
      await index.upsert([first, second]);
      await index.remove([first.id, 987_654]);
      expect(await searchIds(index, 'quiet')).toEqual([second.id]);
      expect((await index.autocomplete('qui', {})).map((h) => h.id)).toEqual([second.id]);
    });

    it('filters by type, category, app, tag and promoted', async () => {
      const a = named('Filter Alpha', { averageDailyUsers: 300, tags: ['tabs'], promoted: 'recommended' });
      const b = named('Filter Beta', {
        averageDailyUsers: 200,
        type: ADDON_TYPES.statictheme,
        categories: [300],
        apps: ['android'],
      });
      const c = named('Filter Gamma', {
        averageDailyUsers: 100,
        categories: [12],
        apps: ['android', 'firefox'],
        tags: ['privacy'],
      });
      await index.upsert([a, b, c]);
      expect(await searchIds(index, 'filter', { types: [ADDON_TYPES.statictheme] })).toEqual([b.id]);
      expect(await searchIds(index, 'filter', { types: [ADDON_TYPES.extension, 10] })).toEqual([
        a.id,
        b.id,
        c.id,
      ]);
      expect(await searchIds(index, 'filter', { categoryId: 12 })).toEqual([c.id]);
      expect(await searchIds(index, 'filter', { app: 'android' })).toEqual([b.id, c.id]);
      expect(await searchIds(index, 'filter', { tag: 'tabs' })).toEqual([a.id]);
      expect(await searchIds(index, 'filter', { tag: 'nope' })).toEqual([]);
      expect(await searchIds(index, 'filter', { promoted: true })).toEqual([a.id]);
      expect(await searchIds(index, '', { app: 'android', types: [ADDON_TYPES.extension] })).toEqual([c.id]);
      expect(await searchIds(index, '', { categoryId: 12, tag: 'privacy' })).toEqual([c.id]);
    });

    it('lists everything the filters allow when there is no text, most used first', async () => {
      const docs = [named('One', { averageDailyUsers: 5 }), named('Two', { averageDailyUsers: 50 })];
      await index.upsert(docs);
      const results = await index.search({ q: '  ', page: 1, pageSize: 10 });
      expect(results.hits.map((h) => h.id)).toEqual([docs[1]?.id, docs[0]?.id]);
      expect(results.count).toBe(2);
    });

    it('sorts by users, rating, created, updated and downloads, descending, ties by id', async () => {
      const day = (d: number) => new Date(Date.UTC(2025, 0, d));
      const [x, y, z] = [
        {
          averageDailyUsers: 30,
          bayesianRating: 1,
          created: day(3),
          lastUpdated: day(1),
          weeklyDownloads: 2,
        },
        {
          averageDailyUsers: 20,
          bayesianRating: 3,
          created: day(1),
          lastUpdated: day(3),
          weeklyDownloads: 1,
        },
        {
          averageDailyUsers: 10,
          bayesianRating: 2,
          created: day(2),
          lastUpdated: day(2),
          weeklyDownloads: 3,
        },
      ].map((fields) => named('Sortable', fields)) as [
        ReturnType<typeof named>,
        ReturnType<typeof named>,
        ReturnType<typeof named>,
      ];
      const twin = named('Sortable', { ...z, id: z.id + 1000 });
      await index.upsert([x, y, z, twin]);
      expect(await searchIds(index, 'sortable', { sort: 'users' })).toEqual([x.id, y.id, z.id, twin.id]);
      expect(await searchIds(index, 'sortable', { sort: 'rating' })).toEqual([y.id, z.id, twin.id, x.id]);
      expect(await searchIds(index, 'sortable', { sort: 'created' })).toEqual([x.id, z.id, twin.id, y.id]);
      expect(await searchIds(index, 'sortable', { sort: 'updated' })).toEqual([y.id, z.id, twin.id, x.id]);
      expect(await searchIds(index, '', { sort: 'downloads' })).toEqual([z.id, twin.id, x.id, y.id]);
    });

    it('ranks by relevance when there is text: a name match before a more used summary match', async () => {
      const inName = named('Weather Forecast', { averageDailyUsers: 10 });
      const inSummary = named('Sky Now', {
        averageDailyUsers: 100_000,
        summary: { 'en-US': 'The weather.' },
      });
      await index.upsert([inSummary, inName]);
      expect(await searchIds(index, 'weather')).toEqual([inName.id, inSummary.id]);
      expect(await searchIds(index, 'weather', { sort: 'users' })).toEqual([inSummary.id, inName.id]);
    });

    it('pages through results in a stable order, and past the window only counts', async () => {
      const docs = Array.from({ length: 25 }, (_, i) => named(`Paged ${i}`, { averageDailyUsers: 7 }));
      await index.upsert(docs);
      const all = await searchIds(index, 'paged', { pageSize: 25 });
      const pages = await Promise.all(
        [1, 2, 3].map((page) => searchIds(index, 'paged', { page, pageSize: 10 })),
      );
      expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
      expect(pages.flat()).toEqual(all);
      const past = await index.search({ q: 'paged', page: MAX_RESULT_WINDOW / 10 + 1, pageSize: 10 });
      expect(past).toEqual({ count: 25, hits: [] });
      expect(await index.search({ q: 'paged', page: 4, pageSize: 10 })).toEqual({ count: 25, hits: [] });
    });

    it('autocompletes names only, best first, at most the limit and never more than 10', async () => {
      const zebras = Array.from({ length: 12 }, (_, i) =>
        named(`Zebra ${i}`, { averageDailyUsers: 100 * (i + 1) }),
      );
      const summaryOnly = named('Stripes', {
        summary: { 'en-US': 'zebra patterns' },
        averageDailyUsers: 1e6,
      });
      await index.upsert([...zebras, summaryOnly]);
      const hits = await index.autocomplete('zeb', {});
      expect(hits.map((h) => h.id)).toEqual(
        zebras
          .slice(2)
          .reverse()
          .map((d) => d.id),
      );
      expect(await index.autocomplete('zeb', { limit: 3 })).toHaveLength(3);
      expect(await index.autocomplete('zeb', { limit: 50 })).toHaveLength(10);
      expect(await index.autocomplete('', {})).toEqual([]);
      expect(await index.autocomplete('…', {})).toEqual([]);
    });

    it('autocompletes within an app', async () => {
      const firefox = named('Otter Tools', { averageDailyUsers: 1000 });
      const android = named('Otter Mobile', { apps: ['android'] });
      await index.upsert([firefox, android]);
      expect((await index.autocomplete('ott', { app: 'android' })).map((h) => h.id)).toEqual([android.id]);
    });

    it('counts a name in the visitor’s language like the default one', async () => {
      const french = named('Tab Tidy', { name: { 'en-US': 'Tab Tidy', fr: 'Trieur d’onglets' } });
      const other = named('Tab Express', {
        name: { 'en-US': 'Tab Express', it: 'Trieur express' },
        averageDailyUsers: 500_000,
      });
      await index.upsert([french, other]);
      expect(await searchIds(index, 'trieur')).toEqual([other.id, french.id]);
      expect(await searchIds(index, 'trieur', { lang: 'fr' })).toEqual([french.id, other.id]);
    });
  });
}
