import type { AddonSummary, CompatRange, Translated } from './catalogue.ts';
import type { AddonTypeId, AppShort, ChannelId } from './constants.ts';
import type { Page } from './ports.ts';

/** An add-on in a listing, a shelf or a search result: what a card shows. */
export interface AddonCard extends AddonSummary {
  readonly promoted: string | null;
  readonly iconHash: string | null;
  /** Category ids (AMO's), at most two. */
  readonly categories: readonly number[];
}

export interface Author {
  readonly id: number;
  readonly username: string;
  readonly name: string;
}

export interface VersionFile {
  readonly id: number;
  readonly filename: string;
  readonly size: number;
  /** `sha256:<hex>`. */
  readonly hash: string;
  readonly status: number;
  readonly strictCompatibility: boolean;
  readonly permissions: readonly string[];
}

export interface VersionDetail {
  readonly id: number;
  readonly version: string;
  readonly channel: ChannelId;
  /** User input (HTML allowed by AMO's small set): sanitise before rendering. */
  readonly releaseNotes: string | null;
  readonly license: string | null;
  readonly created: Date;
  readonly file: VersionFile;
  readonly compat: Partial<Record<AppShort, CompatRange>>;
  /** A reviewer's reason for rejecting the version; shown to its authors only (never in public reads). */
  readonly reviewNotes?: string | null;
}

/** Everything the detail page and `/api/v5/addons/addon/{id}/` show. */
export interface AddonDetail extends AddonCard {
  /** User input: sanitise before rendering. */
  readonly description: Translated;
  readonly tags: readonly string[];
  readonly authors: readonly Author[];
  readonly previews: number;
  /** The latest approved listed version; null when there is none. */
  readonly currentVersion: VersionDetail | null;
}

export type ListingSort = 'users' | 'rating' | 'created' | 'updated' | 'downloads' | 'recommended';

/** A page of public add-ons; `recommended` lists promoted add-ons only. */
export interface ListingQuery {
  readonly type?: AddonTypeId;
  readonly categoryId?: number;
  readonly app?: AppShort;
  readonly authorUsername?: string;
  readonly sort: ListingSort;
  /** 1-based. */
  readonly page: number;
  readonly pageSize: number;
  /** False skips counting the whole listing (shelves); `count` is then the number of results. */
  readonly withCount?: boolean;
}

export type AddonRef = { readonly id: number } | { readonly slug: string } | { readonly guid: string };

/** Reads for the storefront and the v5 API; public add-ons only. Statement budgets are in the adapter's tests. */
export interface CatalogueBrowser {
  /** ≤ 3 statements. Null for unknown, deleted, disabled or not public add-ons. */
  findAddon(ref: AddonRef): Promise<AddonDetail | null>;
  /** ≤ 2 statements. */
  listAddons(query: ListingQuery): Promise<Page<AddonCard>>;
  /** Several short listings at once (a home page's shelves, no counts): two statements. */
  listShelves(queries: readonly ListingQuery[]): Promise<AddonCard[][]>;
  /** Cards for these ids, in the order given (missing or not public: left out); ≤ 2 statements. */
  findAddonsByIds(ids: readonly number[]): Promise<AddonCard[]>;
  /** Listed, approved, not deleted versions, newest first; ≤ 2 statements. */
  listVersions(addonId: number, page: number, pageSize: number): Promise<Page<VersionDetail>>;
  /** One version by id or version string; ≤ 1 statement. */
  findVersion(
    addonId: number,
    ref: { readonly id: number } | { readonly version: string },
  ): Promise<VersionDetail | null>;
  findAuthor(username: string): Promise<Author | null>;
}

/** AMO's `/api/v5/` page size default and limit (amo.md b.1). */
export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 50;
