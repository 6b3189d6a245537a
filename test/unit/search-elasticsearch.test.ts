import { createRequire } from 'node:module';
import type { Client, errors as esErrors } from '@elastic/elasticsearch';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  ElasticsearchError,
  ElasticsearchSearchIndex,
} from '../../src/adapters/search/elasticsearch-search-index.ts';
import { ADDON_TYPES } from '../../src/domain/constants.ts';
import { MAX_RESULT_WINDOW } from '../../src/domain/search.ts';
import { ElasticsearchMock, mockedClient, named, searchDocumentFactory } from '../contract/search-support.ts';

interface Recorded {
  method: string;
  path: string;
  // biome-ignore lint/suspicious/noExplicitAny: request bodies are arbitrary JSON, inspected by the assertions.
  body: any;
  querystring: Record<string, string>;
}

/** A realistic search response: two hits, a total past the window. */
const SEARCH_RESPONSE = {
  took: 3,
  timed_out: false,
  _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
  hits: {
    total: { value: 31_000, relation: 'gte' },
    max_score: 7007.52,
    hits: [
      { _index: 'trove-addons-1', _id: '607454', _score: 7007.52, sort: [7007.52, 607454] },
      { _index: 'trove-addons-1', _id: '855413', _score: 6006.1, sort: [6006.1, 855413] },
    ],
  },
};

let mock: ElasticsearchMock;
let requests: Recorded[];
let index: ElasticsearchSearchIndex;
let client: Client;

function route(method: string | string[], path: string, response: (req: Recorded) => unknown = () => ({})) {
  mock.add({ method, path }, (params) => {
    const recorded = params as unknown as Recorded;
    requests.push(recorded);
    return response(recorded) as Record<string, unknown>;
  });
}

// The mock is CommonJS and recognises errors by its own copy of the client's classes, not the ES module's.
const { errors } = createRequire(import.meta.url)('@elastic/elasticsearch') as { errors: typeof esErrors };
const notFound = () =>
  new errors.ResponseError({ body: { status: 404 }, statusCode: 404, warnings: null, meta: {} as never });

beforeEach(() => {
  mock = new ElasticsearchMock();
  requests = [];
  client = mockedClient(mock);
  let n = 0;
  index = new ElasticsearchSearchIndex(client, { indexName: () => `trove-addons-${++n}` });
});

describe('Elasticsearch search index (client mocked at the HTTP layer)', () => {
  it('passes the client’s product check: the mock answers as Elasticsearch', async () => {
    route(['GET', 'POST'], '/:index/_search', () => SEARCH_RESPONSE);
    const response = await client.search({ index: 'trove-addons' }, { meta: true });
    expect(response.headers['x-elastic-product']).toBe('Elasticsearch');
  });

  it('builds a ranked query: words as filters, tiers as constant scores, usage as functions', async () => {
    route(['GET', 'POST'], '/:index/_search', () => SEARCH_RESPONSE);
    const results = await index.search({
      q: 'Dark Re',
      lang: 'fr',
      types: [ADDON_TYPES.extension],
      categoryId: 14,
      app: 'firefox',
      tag: 'dark mode',
      promoted: true,
      page: 3,
      pageSize: 20,
    });
    expect(results).toEqual({
      count: MAX_RESULT_WINDOW,
      hits: [
        { id: 607454, score: 7007.52 },
        { id: 855413, score: 6006.1 },
      ],
    });
    const [request] = requests;
    expect(request?.path).toBe('/trove-addons/_search');
    const body = request?.body;
    expect(body).toMatchObject({ from: 40, size: 20, track_total_hits: MAX_RESULT_WINDOW, _source: false });
    expect(body.sort).toEqual([{ _score: { order: 'desc' } }, { id: { order: 'asc' } }]);
    const score = body.query.function_score;
    expect(score).toMatchObject({ score_mode: 'sum', boost_mode: 'sum' });
    expect(score.functions).toEqual([
      { field_value_factor: { field: 'average_daily_users', modifier: 'log1p', missing: 0 } },
      { field_value_factor: { field: 'bayesian_rating', factor: 0.2, missing: 0 } },
      { filter: { exists: { field: 'promoted' } }, weight: 0.5 },
    ]);
    const [words, ...filters] = score.query.bool.filter;
    expect(filters).toEqual([
      { terms: { type: [1] } },
      { term: { categories: 14 } },
      { term: { apps: 'firefox' } },
      { term: { tags: 'dark mode' } },
      { exists: { field: 'promoted' } },
    ]);
    const fields = ['name_all', 'summary', 'tags_text', 'description'];
    expect(words.bool.filter).toEqual([
      { multi_match: { query: 'dark', fields } },
      {
        bool: {
          should: [{ multi_match: { query: 're', fields } }, { prefix: { name_all: 're' } }],
          minimum_should_match: 1,
        },
      },
    ]);
    const tiers = score.query.bool.must[0].dis_max.queries;
    expect(tiers.map((t: { constant_score: { boost: number } }) => t.constant_score.boost)).toEqual([
      7000, 6000, 5000, 4000, 3000, 2000, 1000,
    ]);
    expect(tiers[0].constant_score.filter.bool.should).toEqual([
      { term: { 'name_default.exact': 'dark re' } },
      { term: { 'name_l10n.fr.exact': 'dark re' } },
    ]);
    expect(tiers[1].constant_score.filter.bool.should[1]).toEqual({
      match_phrase_prefix: { 'name_l10n.fr': { query: 'dark re', max_expansions: 200 } },
    });
    expect(tiers[2].constant_score.filter.bool.should[0]).toEqual({
      bool: { filter: [{ term: { name_default: 'dark' } }, { prefix: { name_default: 're' } }] },
    });
  });

  it('lists without text by a sort field, then id, with no scoring', async () => {
    route(['GET', 'POST'], '/:index/_search', () => SEARCH_RESPONSE);
    await index.search({ q: '', page: 1, pageSize: 10, app: 'android' });
    await index.search({ q: 'tab', sort: 'rating', page: 1, pageSize: 10 });
    const [list, sorted] = requests.map((r) => r.body);
    expect(list.query).toEqual({ bool: { filter: [{ term: { apps: 'android' } }] } });
    expect(list.sort).toEqual([{ average_daily_users: { order: 'desc' } }, { id: { order: 'asc' } }]);
    expect(list.track_scores).toBeUndefined();
    expect(sorted.sort[0]).toEqual({ bayesian_rating: { order: 'desc' } });
    expect(sorted.track_scores).toBe(true);
  });

  it('only counts past the result window', async () => {
    route(['GET', 'POST'], '/:index/_search', () => SEARCH_RESPONSE);
    const results = await index.search({ q: 'tab', page: 1501, pageSize: 20 });
    expect(requests[0]?.body).toMatchObject({ from: 0, size: 0 });
    expect(results.count).toBe(MAX_RESULT_WINDOW);
  });

  it('autocompletes on names only, at most 10', async () => {
    route(['GET', 'POST'], '/:index/_search', () => SEARCH_RESPONSE);
    const hits = await index.autocomplete('ubl', { app: 'firefox', limit: 50 });
    expect(hits.map((h) => h.id)).toEqual([607454, 855413]);
    const body = requests[0]?.body;
    expect(body.size).toBe(10);
    const bool = body.query.function_score.query.bool;
    expect(bool.filter).toEqual([
      {
        bool: {
          filter: [
            {
              bool: {
                should: [
                  { multi_match: { query: 'ubl', fields: ['name_all'] } },
                  { prefix: { name_all: 'ubl' } },
                ],
                minimum_should_match: 1,
              },
            },
          ],
        },
      },
      { term: { apps: 'firefox' } },
    ]);
    expect(bool.must[0].dis_max.queries).toHaveLength(4);
    expect(await index.autocomplete(' … ', {})).toEqual([]);
    expect(requests).toHaveLength(1);
  });

  it('upserts through the alias in one bulk request of normalised documents, waiting for the refresh', async () => {
    route('POST', '/:index/_bulk', () => ({ errors: false, took: 1, items: [] }));
    const doc = searchDocumentFactory({
      id: 42,
      defaultLocale: 'fr',
      name: { fr: 'Fenêtre Rangée', 'en-US': 'Tidy Window' },
      summary: { fr: 'Rangez vos fenêtres.' },
      tags: ['Dark Mode'],
      created: new Date('2024-05-01T10:00:00Z'),
    });
    await index.upsert([doc]);
    const [request] = requests;
    expect(request?.path).toBe('/trove-addons/_bulk');
    expect(request?.querystring).toEqual({ refresh: 'wait_for' });
    expect(request?.body[0]).toEqual({ index: { _index: 'trove-addons', _id: '42' } });
    expect(request?.body[1]).toMatchObject({
      id: 42,
      name_default: 'fenetre rangee',
      name_l10n: { fr: 'fenetre rangee', 'en-US': 'tidy window' },
      name_all: ['fenetre rangee', 'tidy window'],
      summary: ['rangez vos fenetres'],
      tags: ['Dark Mode'],
      tags_text: ['dark mode'],
      categories: [93],
      apps: ['firefox'],
      promoted: null,
      created: '2024-05-01T10:00:00.000Z',
    });
  });

  it('removes with bulk deletes, tolerating ids that are not there, and reports real failures', async () => {
    route('POST', '/:index/_bulk', (req) => ({
      errors: true,
      took: 1,
      items: req.body.map((op: { delete: { _id: string } }) =>
        op.delete._id === '1'
          ? { delete: { _id: '1', status: 404, result: 'not_found', error: { type: 'x', reason: 'gone' } } }
          : {
              delete: {
                _id: op.delete._id,
                status: 503,
                error: { type: 'unavailable_shards_exception', reason: 'busy' },
              },
            },
      ),
    }));
    await expect(index.remove([1])).resolves.toBeUndefined();
    expect(requests[0]?.body).toEqual([{ delete: { _index: 'trove-addons', _id: '1' } }]);
    await expect(index.remove([1, 2])).rejects.toThrow(ElasticsearchError);
    await expect(index.remove([2])).rejects.toThrow(
      /1 of 1 bulk operations: unavailable_shards_exception: busy/,
    );
  });

  it('reindexes into a new index, then swaps the alias atomically and drops the old index', async () => {
    route('PUT', '/:index');
    route('POST', '/:index/_bulk', () => ({ errors: false, took: 1, items: [] }));
    route('PUT', '/:index/_settings');
    route(['GET', 'POST'], '/:index/_refresh');
    route('HEAD', '/_alias/:name', () => '');
    route('GET', '/_alias/:name', () => ({ 'trove-addons-0': { aliases: { 'trove-addons': {} } } }));
    route('POST', '/_aliases', () => ({ acknowledged: true }));
    route('DELETE', '/:index');
    async function* source() {
      yield [named('One'), named('Two')];
      yield [named('Three')];
    }
    const progress: number[] = [];
    const result = await index.reindex(source(), (n) => progress.push(n));
    expect(result).toEqual({ index: 'trove-addons-1', documents: 3 });
    expect(progress).toEqual([2, 3]);
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'PUT /trove-addons-1',
      'POST /trove-addons-1/_bulk',
      'POST /trove-addons-1/_bulk',
      'PUT /trove-addons-1/_settings',
      'GET /trove-addons-1/_refresh',
      'HEAD /_alias/trove-addons',
      'GET /_alias/trove-addons',
      'POST /_aliases',
      'DELETE /trove-addons-0',
    ]);
    const [create, bulk] = requests;
    expect(create?.body.settings).toMatchObject({
      refresh_interval: '-1',
      max_result_window: MAX_RESULT_WINDOW,
    });
    expect(create?.body.mappings.properties.name_default).toMatchObject({
      type: 'text',
      analyzer: 'trove_tokens',
    });
    expect(bulk?.body).toHaveLength(4);
    expect(bulk?.querystring).toEqual({ refresh: 'false' });
    expect(requests[7]?.body).toEqual({
      actions: [
        { remove: { index: 'trove-addons-0', alias: 'trove-addons' } },
        { add: { index: 'trove-addons-1', alias: 'trove-addons' } },
      ],
    });
  });

  it('deletes the half-built index when a reindex fails, and leaves the alias alone', async () => {
    route('PUT', '/:index');
    route('POST', '/:index/_bulk', () => ({
      errors: true,
      took: 1,
      items: [{ index: { status: 400, error: { type: 'mapper_parsing_exception', reason: 'bad' } } }],
    }));
    route('DELETE', '/:index');
    async function* source() {
      yield [named('Broken')];
    }
    await expect(index.reindex(source())).rejects.toThrow(/mapper_parsing_exception/);
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'PUT /trove-addons-1',
      'POST /trove-addons-1/_bulk',
      'DELETE /trove-addons-1',
    ]);
  });

  it('creates the first index with the alias only when the alias is missing', async () => {
    route('HEAD', '/_alias/:name', notFound);
    route('PUT', '/:index');
    await index.ensureIndex();
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'HEAD /_alias/trove-addons',
      'PUT /trove-addons-1',
    ]);
    expect(requests[1]?.body.aliases).toEqual({ 'trove-addons': {} });
    mock.clearAll();
    requests = [];
    route('HEAD', '/_alias/:name', () => '');
    await index.ensureIndex();
    expect(requests).toHaveLength(1);
  });
});
