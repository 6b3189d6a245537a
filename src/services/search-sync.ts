import type { SearchDocument, SearchIndex, SearchQuery } from '../domain/search.ts';

/** Where the index's documents come from (the catalogue's primary). */
export interface SearchDocumentSource {
  batches(size?: number): AsyncGenerator<SearchDocument[]>;
  forGuids(guids: readonly string[]): Promise<{ docs: SearchDocument[]; missingIds: number[] }>;
}

/** A search index whose implementation can be replaced at once by a freshly built one. */
export class SwappableSearchIndex implements SearchIndex {
  #current: SearchIndex;

  constructor(initial: SearchIndex) {
    this.#current = initial;
  }

  get current(): SearchIndex {
    return this.#current;
  }

  swap(next: SearchIndex): void {
    this.#current = next;
  }

  search(query: SearchQuery) {
    return this.#current.search(query);
  }
  autocomplete(q: string, opts: Parameters<SearchIndex['autocomplete']>[1]) {
    return this.#current.autocomplete(q, opts);
  }
  upsert(docs: readonly SearchDocument[]) {
    return this.#current.upsert(docs);
  }
  remove(ids: readonly number[]) {
    return this.#current.remove(ids);
  }
}

/**
 * Keeps a search index in step with the catalogue: a full build (at start, or after another process
 * changed an embedded database) built aside and swapped in whole, so add-ons that stopped being public
 * leave it; and per-add-on updates after each write this process sees. Changes made while a build runs
 * are applied again to the new index once it is in place.
 */
export class SearchSync {
  readonly #index: SwappableSearchIndex;
  readonly #source: SearchDocumentSource;
  readonly #build: (source: AsyncIterable<readonly SearchDocument[]>) => Promise<SearchIndex>;
  #rebuilding: Promise<number> | null = null;
  #again = false;
  #changedMeanwhile = new Set<string>();

  constructor(
    index: SwappableSearchIndex,
    source: SearchDocumentSource,
    build: (source: AsyncIterable<readonly SearchDocument[]>) => Promise<SearchIndex>,
  ) {
    this.#index = index;
    this.#source = source;
    this.#build = build;
  }

  /** Builds a new index from the catalogue and swaps it in; resolves to how many add-ons it holds. */
  rebuild(): Promise<number> {
    if (this.#rebuilding) {
      this.#again = true;
      return this.#rebuilding;
    }
    this.#rebuilding = (async () => {
      let total = 0;
      do {
        this.#again = false;
        this.#changedMeanwhile = new Set();
        let count = 0;
        const counted = async function* (batches: AsyncGenerator<SearchDocument[]>) {
          for await (const docs of batches) {
            count += docs.length;
            yield docs;
          }
        };
        const fresh = await this.#build(counted(this.#source.batches()));
        this.#index.swap(fresh);
        total = count;
        const missed = [...this.#changedMeanwhile];
        this.#changedMeanwhile = new Set();
        await this.#apply(missed);
      } while (this.#again);
      return total;
    })().finally(() => {
      this.#rebuilding = null;
    });
    return this.#rebuilding;
  }

  async changed(guids: readonly string[]): Promise<void> {
    if (guids.length === 0) return;
    if (this.#rebuilding) for (const guid of guids) this.#changedMeanwhile.add(guid);
    await this.#apply(guids);
  }

  async #apply(guids: readonly string[]): Promise<void> {
    if (guids.length === 0) return;
    const { docs, missingIds } = await this.#source.forGuids(guids);
    if (missingIds.length > 0) await this.#index.remove(missingIds);
    if (docs.length > 0) await this.#index.upsert(docs);
  }
}
