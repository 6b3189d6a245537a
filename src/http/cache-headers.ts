/**
 * Anonymous catalogue pages: browsers keep them a minute; the edge shares them for five minutes (purged by
 * tag as soon as the catalogue changes), refreshes them in the background for ten more, and serves them
 * for a day when the origin is down.
 */
export const SHARED_PAGE_CACHE_CONTROL =
  'public, max-age=60, s-maxage=300, stale-while-revalidate=600, stale-if-error=86400';
