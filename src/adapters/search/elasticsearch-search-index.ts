import type { Client, estypes } from '@elastic/elasticsearch';
import { ADDONS_INDEX } from '../../../infra/search/addons-mapping.ts';
import type { AppShort } from '../../domain/constants.ts';
import {
  MAX_RESULT_WINDOW,
  type SearchDocument,
  type SearchHit,
  type SearchIndex,
  type SearchQuery,
  type SearchResults,
} from '../../domain/search.ts';
import { autocompleteRequest, searchRequest, toEsAddon } from './elasticsearch-query.ts';

const AUTOCOMPLETE_MAX = 10;
/** Documents per bulk request while reindexing (a few MB). */
const BULK_SIZE = 2000;

export interface ElasticsearchOptions {
  /** The alias searches and writes go through; each reindex points it at a new index (default `trove-addons`). */
  readonly alias?: string;
  /** Make writes visible before `upsert`/`remove` resolve (`wait_for`), as the port expects; default true. */
  readonly waitForRefresh?: boolean;
  /** The new index's name for a reindex (default `<alias>-<epoch ms>`). */
  readonly indexName?: () => string;
}

export class ElasticsearchError extends Error {
  override name = 'ElasticsearchError';
}

function hitsOf(response: estypes.SearchResponse): SearchHit[] {
  return response.hits.hits.map((hit) => ({ id: Number(hit._id), score: hit._score ?? 0 }));
}

/** The search port on Elasticsearch, through an alias so that a reindex swaps indices atomically. */
export class ElasticsearchSearchIndex implements SearchIndex {
  readonly #client: Client;
  readonly alias: string;
  readonly #refresh: 'wait_for' | false;
  readonly #indexName: () => string;

  constructor(client: Client, opts: ElasticsearchOptions = {}) {
    this.#client = client;
    this.alias = opts.alias ?? 'trove-addons';
    this.#refresh = opts.waitForRefresh === false ? false : 'wait_for';
    this.#indexName = opts.indexName ?? (() => `${this.alias}-${Date.now()}`);
  }

  async search(query: SearchQuery): Promise<SearchResults> {
    const response = await this.#client.search(searchRequest(this.alias, query));
    const total = response.hits.total;
    const count = typeof total === 'number' ? total : (total?.value ?? 0);
    return { count: Math.min(count, MAX_RESULT_WINDOW), hits: hitsOf(response) };
  }

  async autocomplete(
    q: string,
    opts: { readonly app?: AppShort; readonly lang?: string; readonly limit?: number },
  ): Promise<SearchHit[]> {
    const limit = Math.max(0, Math.min(opts.limit ?? AUTOCOMPLETE_MAX, AUTOCOMPLETE_MAX));
    const request = autocompleteRequest(this.alias, q, { ...opts, limit });
    return limit === 0 || request === null ? [] : hitsOf(await this.#client.search(request));
  }

  async upsert(docs: readonly SearchDocument[]): Promise<void> {
    if (docs.length === 0) return;
    await this.#bulk(
      this.alias,
      docs.flatMap((doc) => [{ index: { _index: this.alias, _id: String(doc.id) } }, toEsAddon(doc)]),
      this.#refresh,
    );
  }

  async remove(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.#bulk(
      this.alias,
      ids.map((id) => ({ delete: { _index: this.alias, _id: String(id) } })),
      this.#refresh,
    );
  }

  /** Creates an empty index behind the alias unless the alias exists (the first start, before a reindex). */
  async ensureIndex(): Promise<void> {
    if (await this.#client.indices.existsAlias({ name: this.alias })) return;
    await this.#client.indices.create({
      index: this.#indexName(),
      ...ADDONS_INDEX,
      aliases: { [this.alias]: {} },
    });
  }

  /**
   * Loads every document of `source` into a new index, then points the alias at it and deletes the indices it
   * pointed at, in one atomic alias update: searches see the old index until the new one is complete. Writes
   * made through the alias meanwhile go to the old index and are lost with it: reapply them afterwards.
   */
  async reindex(
    source: AsyncIterable<readonly SearchDocument[]>,
    onProgress: (indexed: number) => void = () => {},
  ): Promise<{ index: string; documents: number }> {
    const index = this.#indexName();
    const { settings, mappings } = ADDONS_INDEX;
    const indices = this.#client.indices;
    await indices.create({ index, mappings, settings: { ...settings, refresh_interval: '-1' } });
    let documents = 0;
    try {
      for await (const batch of source) {
        for (let i = 0; i < batch.length; i += BULK_SIZE) {
          const part = batch.slice(i, i + BULK_SIZE);
          const operations = part.flatMap((doc) => [
            { index: { _index: index, _id: String(doc.id) } },
            toEsAddon(doc),
          ]);
          await this.#bulk(index, operations, false);
          documents += part.length;
          onProgress(documents);
        }
      }
      await indices.putSettings({ index, settings: { refresh_interval: '1s' } });
      await indices.refresh({ index });
      const previous = (await indices.existsAlias({ name: this.alias }))
        ? Object.keys(await indices.getAlias({ name: this.alias }))
        : [];
      await indices.updateAliases({
        actions: [
          ...previous.map((old) => ({ remove: { index: old, alias: this.alias } })),
          { add: { index, alias: this.alias } },
        ],
      });
      if (previous.length > 0) await indices.delete({ index: previous });
    } catch (error) {
      await indices.delete({ index }, { ignore: [404] }).catch(() => {});
      throw error;
    }
    return { index, documents };
  }

  async #bulk(index: string, operations: unknown[], refresh: 'wait_for' | false): Promise<void> {
    const response = await this.#client.bulk({ index, operations, refresh });
    if (!response.errors) return;
    const failures = response.items.flatMap((item) =>
      Object.values(item).filter(
        (result) => result?.error && !(result.status === 404 && result.result === 'not_found'),
      ),
    );
    if (failures.length === 0) return;
    const first = failures[0]?.error;
    throw new ElasticsearchError(
      `Elasticsearch refused ${failures.length} of ${response.items.length} bulk operations: ${first?.type}: ${first?.reason}`,
    );
  }
}
