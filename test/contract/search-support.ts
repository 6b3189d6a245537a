import { randomBytes } from 'node:crypto';
import { Client, type ClientOptions } from '@elastic/elasticsearch';
import mockModule from '@elastic/elasticsearch-mock';
import { ElasticsearchSearchIndex } from '../../src/adapters/search/elasticsearch-search-index.ts';
import { MemorySearchIndex } from '../../src/adapters/search/memory-search-index.ts';
import { ADDON_TYPES } from '../../src/domain/constants.ts';
import type { SearchDocument, SearchIndex, SearchQuery } from '../../src/domain/search.ts';

/**
 * `@elastic/elasticsearch-mock`'s class. The package is CommonJS (`module.exports = Mocker`) but its types say
 * `export default`, which TypeScript reads as `exports.default` from an ES module.
 */
export const ElasticsearchMock = mockModule as unknown as typeof mockModule.default;
export type ElasticsearchMock = InstanceType<typeof ElasticsearchMock>;

/** A client whose HTTP layer is `mock` (its connection class comes from the CommonJS copy of the client). */
export function mockedClient(mock: ElasticsearchMock, node = 'http://localhost:9200'): Client {
  return new Client({ node, Connection: mock.getConnection() as unknown as ClientOptions['Connection'] });
}

export interface SearchBackend {
  readonly index: SearchIndex;
  close(): Promise<void>;
}

export interface SearchEngine {
  readonly name: string;
  readonly skip: boolean;
  open(): Promise<SearchBackend>;
}

const elasticsearchUrl = process.env.ELASTICSEARCH_URL;

/** Every adapter of the search port: the built-in engine always, Elasticsearch when a server is given. */
export const SEARCH_ENGINES: readonly SearchEngine[] = [
  {
    name: 'built-in engine',
    skip: false,
    open: async () => ({ index: new MemorySearchIndex(), close: async () => {} }),
  },
  {
    name: elasticsearchUrl
      ? `Elasticsearch at ${elasticsearchUrl}`
      : 'Elasticsearch (skipped: no server here; set ELASTICSEARCH_URL to run it)',
    skip: !elasticsearchUrl,
    async open() {
      const client = new Client({ node: elasticsearchUrl as string });
      const alias = `trove-test-${randomBytes(4).toString('hex')}`;
      const index = new ElasticsearchSearchIndex(client, { alias });
      await index.ensureIndex();
      return {
        index,
        async close() {
          // Elasticsearch refuses wildcard deletes by default (action.destructive_requires_name).
          const indices = Object.keys(await client.indices.getAlias({ name: alias }));
          if (indices.length > 0) await client.indices.delete({ index: indices });
          await client.close();
        },
      };
    },
  },
];

let n = 0;

/** A public extension in en-US for Firefox, 100 users, unless overridden. Ids start at 10,001. */
export function searchDocumentFactory(overrides: Partial<SearchDocument> = {}): SearchDocument {
  const id = overrides.id ?? 10_000 + ++n;
  return {
    id,
    guid: `search-${id}@trove.test`,
    slug: `search-${id}`,
    type: ADDON_TYPES.extension,
    defaultLocale: 'en-US',
    name: { 'en-US': `Nameless ${id}` },
    summary: {},
    description: {},
    tags: [],
    categories: [93],
    apps: ['firefox'],
    averageDailyUsers: 100,
    weeklyDownloads: 10,
    bayesianRating: 3.5,
    promoted: null,
    created: new Date('2024-01-01T00:00:00Z'),
    lastUpdated: new Date('2025-01-01T00:00:00Z'),
    ...overrides,
  };
}

/** An English-named add-on (`name` in en-US), with the other fields given. */
export function named(name: string, overrides: Partial<SearchDocument> = {}): SearchDocument {
  return searchDocumentFactory({ name: { 'en-US': name }, ...overrides });
}

/** The ids a search returns, first page of 50. */
export async function searchIds(
  index: SearchIndex,
  q: string,
  rest: Partial<Omit<SearchQuery, 'q'>> = {},
): Promise<number[]> {
  const results = await index.search({ q, page: 1, pageSize: 50, ...rest });
  return results.hits.map((hit) => hit.id);
}
