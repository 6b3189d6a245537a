import type { Translated } from './catalogue.ts';
import type { AddonTypeId, AppShort } from './constants.ts';

/** What the search index holds for one public add-on (built from the catalogue by an adapter). */
export interface SearchDocument {
  readonly id: number;
  readonly guid: string;
  readonly slug: string;
  readonly type: AddonTypeId;
  readonly defaultLocale: string;
  readonly name: Translated;
  readonly summary: Translated;
  readonly description: Translated;
  readonly tags: readonly string[];
  readonly categories: readonly number[];
  /** Apps the current version is compatible with. */
  readonly apps: readonly AppShort[];
  readonly averageDailyUsers: number;
  readonly weeklyDownloads: number;
  readonly bayesianRating: number;
  readonly promoted: string | null;
  readonly created: Date;
  readonly lastUpdated: Date;
}

export type SearchSort = 'relevance' | 'users' | 'rating' | 'created' | 'updated' | 'downloads';

export interface SearchQuery {
  /** Free text, at most 100 characters (AMO's limit); empty lists everything that matches the filters. */
  readonly q: string;
  readonly types?: readonly AddonTypeId[];
  readonly categoryId?: number;
  readonly app?: AppShort;
  readonly tag?: string;
  /** Only promoted add-ons. */
  readonly promoted?: boolean;
  /** Default: relevance with `q`, users without. */
  readonly sort?: SearchSort;
  /** The visitor's locale: matches in it count like matches in the default locale. */
  readonly lang?: string;
  /** 1-based. */
  readonly page: number;
  readonly pageSize: number;
}

export interface SearchHit {
  readonly id: number;
  readonly score: number;
}

export interface SearchResults {
  readonly count: number;
  readonly hits: readonly SearchHit[];
}

/** AMO caps search at this many results (ES_MAX_RESULT_WINDOW). */
export const MAX_RESULT_WINDOW = 30_000;
export const MAX_QUERY_LENGTH = 100;

/** The search port: a built-in engine and Elasticsearch implement it, and pass one contract suite. */
export interface SearchIndex {
  search(query: SearchQuery): Promise<SearchResults>;
  /** At most `limit` (≤ 10) add-ons whose name matches the prefix typed so far, best first. */
  autocomplete(
    q: string,
    opts: { readonly app?: AppShort; readonly lang?: string; readonly limit?: number },
  ): Promise<SearchHit[]>;
  /** Adds or replaces these documents. */
  upsert(docs: readonly SearchDocument[]): Promise<void>;
  /** Removes these add-ons (no longer public, deleted). */
  remove(ids: readonly number[]): Promise<void>;
}
