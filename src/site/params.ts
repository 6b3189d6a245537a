import { MAX_QUERY_LENGTH, MAX_RESULT_WINDOW, type SearchSort } from '../domain/search.ts';

/** Results per page on listings and search (AMO's page size). */
export const PAGE_SIZE = 25;
const MAX_PAGE = Math.floor(MAX_RESULT_WINDOW / PAGE_SIZE);

/** `?page=`: 1 when absent, null when not a page number within the result window. */
export function parsePage(value: string | null): number | null {
  if (value === null || value === '') return 1;
  if (!/^\d{1,6}$/.test(value)) return null;
  const page = Number(value);
  return page >= 1 && page <= MAX_PAGE ? page : null;
}

export const LISTING_SORTS = ['users', 'rating', 'created', 'updated'] as const;
export type PageListingSort = (typeof LISTING_SORTS)[number];

/** `?sort=` on a category listing; anything else is the default, most users first. */
export function parseListingSort(value: string | null): PageListingSort {
  return LISTING_SORTS.find((s) => s === value) ?? 'users';
}

export const SEARCH_SORTS = ['relevance', 'users', 'rating', 'created', 'updated', 'downloads'] as const;

/** `?sort=` on search; undefined lets the index choose (relevance with words, users without). */
export function parseSearchSort(value: string | null): SearchSort | undefined {
  return SEARCH_SORTS.find((s) => s === value);
}

/** `?q=`, trimmed and cut to AMO's limit. */
export function parseQuery(value: string | null): string {
  return (value ?? '').trim().slice(0, MAX_QUERY_LENGTH);
}

/** How many pages `count` results fill, within the result window. */
export function pageCount(count: number): number {
  return Math.max(1, Math.ceil(Math.min(count, MAX_RESULT_WINDOW) / PAGE_SIZE));
}
