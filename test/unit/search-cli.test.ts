import { afterEach, describe, expect, it, vi } from 'vitest';
import { runSearch } from '../../src/cli/search.ts';
import { UsageError } from '../../src/cli/usage-error.ts';
import { ElasticsearchMock, mockedClient } from '../contract/search-support.ts';
import { addonFactory } from '../support/factories.ts';
import { openSqlBackend, tempSqliteUrl } from '../support/sql-backend.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('trove search reindex', () => {
  it('explains there is nothing to reindex without Elasticsearch, without opening the database', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const open = vi.fn();
    expect(await runSearch(['reindex'], {}, open, { env: {} })).toBe(0);
    expect(open).not.toHaveBeenCalled();
    expect(log.mock.calls[0]?.[0]).toMatch(/built-in engine.*nothing to reindex.*ELASTICSEARCH_URL/);
  });

  it('refuses an unknown subcommand and a URL that is not http(s)', async () => {
    const open = vi.fn();
    await expect(runSearch(['rebuild'], {}, open)).rejects.toThrow(UsageError);
    await expect(runSearch(['reindex'], { url: 'localhost:9200' }, open)).rejects.toThrow(/http\(s\)/);
    await expect(
      runSearch(['reindex'], {}, open, { env: { ELASTICSEARCH_URL: 'ftp://es' } }),
    ).rejects.toThrow(UsageError);
    expect(open).not.toHaveBeenCalled();
  });

  it('loads every public add-on from the database into a new index and swaps the alias', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const temp = tempSqliteUrl();
    const backend = await openSqlBackend({ url: temp.url, cleanup: temp.cleanup });
    await backend.writer.importAddons([
      addonFactory(),
      addonFactory(),
      addonFactory({ disabledByUser: true }),
    ]);
    const mock = new ElasticsearchMock();
    const bulks: unknown[][] = [];
    const aliases: unknown[] = [];
    mock.add({ method: 'PUT', path: ['/:index', '/:index/_settings'] }, () => ({ acknowledged: true }));
    mock.add({ method: 'POST', path: '/:index/_bulk' }, (req) => {
      bulks.push(req.body as unknown[]);
      return { errors: false, took: 1, items: [] };
    });
    mock.add({ method: ['GET', 'POST'], path: '/:index/_refresh' }, () => ({}));
    mock.add({ method: 'HEAD', path: '/_alias/:name' }, () => '');
    mock.add({ method: 'GET', path: '/_alias/:name' }, () => ({}));
    mock.add({ method: 'POST', path: '/_aliases' }, (req) => {
      aliases.push(req.body);
      return { acknowledged: true };
    });
    const client = () => {
      const es = mockedClient(mock, 'http://es:9200');
      // The mock's connection cannot close (it has nothing open).
      vi.spyOn(es, 'close').mockResolvedValue();
      return es;
    };
    const close = vi.spyOn(backend, 'close');

    const code = await runSearch(['reindex'], { url: 'http://es:9200' }, async () => backend, { client });

    expect(code).toBe(0);
    expect(bulks).toHaveLength(1);
    expect(bulks[0]).toHaveLength(4);
    expect(aliases).toEqual([
      { actions: [{ add: { index: expect.stringMatching(/^trove-addons-\d+$/), alias: 'trove-addons' } }] },
    ]);
    expect(close).toHaveBeenCalledOnce();
  });
});
