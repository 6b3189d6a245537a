import { formatCacheTags } from '../domain/edge/cache-policy.ts';
import { shareAtTheEdge } from '../http/cache-headers.ts';

/** A missing page may exist soon (an add-on being imported): shared briefly, and purged with the catalogue. */
export const NOT_FOUND_CACHE_CONTROL = 'public, max-age=60';
/** Locale and app redirects never change: the edge may share them for an hour. */
export const REDIRECT_CACHE_CONTROL = 'public, max-age=3600';
/** An error page must not outlive the error. */
export const ERROR_CACHE_CONTROL = 'no-store';

/** Marks a catalogue page as shared at the edge and purged by these tags. */
export function shareable(headers: Headers, tags: readonly string[]): void {
  shareAtTheEdge(headers);
  headers.set('Cache-Tag', formatCacheTags(tags));
}

/** Astro answers a page that returns an empty 404 with src/pages/404.astro, keeping these headers. */
export function notFound(tags: readonly string[] = []): Response {
  const headers = new Headers({ 'Cache-Control': NOT_FOUND_CACHE_CONTROL });
  if (tags.length > 0) headers.set('Cache-Tag', formatCacheTags(tags));
  return new Response(null, { status: 404, headers });
}

export function redirect(location: string, status: 301 | 302 = 302): Response {
  return new Response(null, {
    status,
    headers: { Location: location, 'Cache-Control': REDIRECT_CACHE_CONTROL },
  });
}
