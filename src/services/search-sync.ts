import type { SearchDocument, SearchIndex } from '../domain/search.ts';

/** Where the index's documents come from (the catalogue's primary). */
export interface SearchDocumentSource {
  batches(size?: number): AsyncGenerator<SearchDocument[]>;
  forGuids(guids: readonly string[]): Promise<{ docs: SearchDocument[]; missingIds: number[] }>;
}

/**
 * Keeps a search index in step with the catalogue: a full build (at start, or after another process
 * changed an embedded database), and per-add-on updates after each write this process sees.
 */
export class SearchSync {
  readonly #index: SearchIndex;
  readonly #source: SearchDocumentSource;
  #rebuilding: Promise<number> | null = null;
  #again = false;

  constructor(index: SearchIndex, source: SearchDocumentSource) {
    this.#index = index;
    this.#source = source;
  }

  /** Upserts every public add-on; resolves to how many. Calls made while one runs fold into one more run. */
  rebuild(): Promise<number> {
    if (this.#rebuilding) {
      this.#again = true;
      return this.#rebuilding;
    }
    this.#rebuilding = (async () => {
      let total = 0;
      do {
        this.#again = false;
        total = 0;
        for await (const docs of this.#source.batches()) {
          await this.#index.upsert(docs);
          total += docs.length;
        }
      } while (this.#again);
      return total;
    })().finally(() => {
      this.#rebuilding = null;
    });
    return this.#rebuilding;
  }

  async changed(guids: readonly string[]): Promise<void> {
    if (guids.length === 0) return;
    const { docs, missingIds } = await this.#source.forGuids(guids);
    if (missingIds.length > 0) await this.#index.remove(missingIds);
    if (docs.length > 0) await this.#index.upsert(docs);
  }
}
