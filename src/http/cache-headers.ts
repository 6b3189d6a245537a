/**
 * Anonymous catalogue pages, for browsers: use a copy only after checking it with the edge, so a visitor
 * who signs in never sees the anonymous copy their browser kept.
 */
export const SHARED_PAGE_CACHE_CONTROL = 'public, max-age=0, must-revalidate';

/**
 * The same pages, for the edge (RFC 9213's `CDN-Cache-Control`, which browsers ignore): shared for five
 * minutes and purged by tag as soon as the catalogue changes, refreshed in the background for ten more,
 * and served for a day when the origin is down.
 */
export const SHARED_PAGE_CDN_CACHE_CONTROL =
  'public, s-maxage=300, stale-while-revalidate=600, stale-if-error=86400';

/** Sets both on a response's headers. */
export function shareAtTheEdge(headers: { set(name: string, value: string): void }): void {
  headers.set('Cache-Control', SHARED_PAGE_CACHE_CONTROL);
  headers.set('CDN-Cache-Control', SHARED_PAGE_CDN_CACHE_CONTROL);
}

/** Headers that would let a shared cache keep or find a response: never on a personal one. */
export const SHARED_CACHE_HEADERS = ['cache-tag', 'cdn-cache-control'] as const;

/** Marks a response personal: no cache may store it, and nothing tells a shared one how long to keep it. */
export function makePrivate(headers: {
  set(name: string, value: string): void;
  delete(name: string): void;
}): void {
  headers.set('Cache-Control', 'private, no-store');
  for (const name of SHARED_CACHE_HEADERS) headers.delete(name);
}
