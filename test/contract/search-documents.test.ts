import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { metered } from '../../src/adapters/sql/query-meter.ts';
import { SqlSearchDocuments } from '../../src/adapters/sql/search-documents.ts';
import { ADDON_STATUS, CHANNEL, FILE_STATUS } from '../../src/domain/constants.ts';
import type { SearchDocument } from '../../src/domain/search.ts';
import { addonFactory, versionFactory } from '../support/factories.ts';
import { createTestDatabase } from '../support/mysql-test-db.ts';
import { openSqlBackend, tempSqliteUrl } from '../support/sql-backend.ts';

type Backend = Awaited<ReturnType<typeof openSqlBackend>>;

const CREATED = new Date('2024-03-01T08:00:00Z');
const UPDATED = new Date('2026-10-01T09:30:00Z');
const firefox = { min: '115.0', max: '*' };

/** A public add-on whose newest listed, approved version supports Android only. */
const rich = addonFactory({
  id: 1,
  slug: 'rich',
  defaultLocale: 'fr',
  name: { fr: 'Fenêtre Rangée', 'en-US': 'Tidy Window' },
  summary: { fr: 'Rangez vos fenêtres.', 'en-US': 'Tidy your windows.' },
  description: { 'en-US': 'Long text.' },
  tags: ['windows', 'productivity'],
  categories: [93, 14],
  averageDailyUsers: 5000,
  weeklyDownloads: 300,
  ratings: { average: 4.4, bayesianAverage: 4.25, count: 80, textCount: 20 },
  promoted: 'recommended',
  created: CREATED,
  lastUpdated: UPDATED,
  versions: [
    versionFactory({ id: 101, compat: { firefox, android: { min: '120.0', max: '*' } } }),
    versionFactory({ id: 102, compat: { android: { min: '120.0', max: '*' } } }),
    versionFactory({ id: 103, channel: CHANNEL.unlisted, compat: { firefox } }),
    versionFactory({ id: 104, deleted: true, compat: { firefox } }),
    versionFactory({ id: 105, compat: { firefox }, file: { status: FILE_STATUS.unreviewed } }),
  ],
});
const disabled = addonFactory({ id: 2, slug: 'disabled', disabledByUser: true });
const nominated = addonFactory({ id: 3, slug: 'nominated', status: ADDON_STATUS.nominated });
const unlistedOnly = addonFactory({
  id: 4,
  slug: 'unlisted-only',
  versions: [versionFactory({ channel: CHANNEL.unlisted })],
});
const plain = [5, 6, 7, 8, 9].map((id) => addonFactory({ id, slug: `plain-${id}` }));

function searchDocumentsContract(name: string, open: () => Promise<Backend>): void {
  describe(`SQL search documents: ${name}`, () => {
    let backend: Backend;
    let source: SqlSearchDocuments;
    beforeAll(async () => {
      backend = await open();
      await backend.writer.importAddons([rich, disabled, nominated, unlistedOnly, ...plain]);
      source = new SqlSearchDocuments(backend.db.primary);
    });
    afterAll(() => backend?.close());

    const all = async (size?: number) => {
      const batches: SearchDocument[][] = [];
      for await (const batch of source.batches(size)) batches.push(batch);
      return batches;
    };

    it('reads a public add-on whole: every locale, tags, categories, current version’s apps', async () => {
      const [batch] = await all();
      expect(batch?.[0]).toEqual({
        id: 1,
        guid: rich.guid,
        slug: 'rich',
        type: rich.type,
        defaultLocale: 'fr',
        name: rich.name,
        summary: rich.summary,
        description: rich.description,
        tags: ['productivity', 'windows'],
        categories: [14, 93],
        apps: ['android'],
        averageDailyUsers: 5000,
        weeklyDownloads: 300,
        bayesianRating: 4.25,
        promoted: 'recommended',
        created: CREATED,
        lastUpdated: UPDATED,
      } satisfies SearchDocument);
    });

    it('leaves out add-ons that are not public or disabled by their developer, and keeps one with no version', async () => {
      const ids = (await all()).flat().map((d) => d.id);
      expect(ids).toEqual([1, 4, 5, 6, 7, 8, 9]);
      expect((await all()).flat().find((d) => d.id === 4)?.apps).toEqual([]);
    });

    it('pages through the add-ons by id, the size asked at a time, with five statements a page', async () => {
      let statements = 0;
      const counted = new SqlSearchDocuments(
        metered(backend.db.primary, { record: () => void statements++ }),
      );
      const sizes: number[][] = [];
      for await (const batch of counted.batches(3)) sizes.push(batch.map((d) => d.id));
      expect(sizes).toEqual([[1], [4, 5, 6], [7, 8, 9]]);
      expect(statements).toBe(3 * 5 + 1);
    });

    it('reads given guids: documents of the public ones, ids of those no longer public', async () => {
      const found = await source.forGuids([
        plain[0]?.guid as string,
        disabled.guid,
        nominated.guid,
        'nobody@x',
      ]);
      expect(found.docs.map((d) => d.id)).toEqual([5]);
      expect(found.missingIds.sort()).toEqual([2, 3]);
      expect(await source.forGuids([])).toEqual({ docs: [], missingIds: [] });
    });
  });
}

searchDocumentsContract('SQLite', async () => {
  const temp = tempSqliteUrl();
  return openSqlBackend({ url: temp.url, cleanup: temp.cleanup });
});

searchDocumentsContract('MariaDB', async () => {
  const database = await createTestDatabase(inject('mariadb').plain, 'trove_search_docs');
  return openSqlBackend({ url: database.url, cleanup: database.drop });
});
