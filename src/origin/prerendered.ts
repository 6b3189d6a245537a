import fs from 'node:fs';
import path from 'node:path';
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { SESSION_COOKIE } from '../domain/accounts.ts';
import { SHARED_PAGE_CACHE_CONTROL, SHARED_PAGE_CDN_CACHE_CONTROL } from '../http/cache-headers.ts';

/** What `npm run build` prerendered (infra/build/prerender.ts): when, and each page's file and tags. */
export interface PrerenderManifest {
  readonly builtAt: string;
  readonly pages: Readonly<Record<string, { readonly file: string; readonly tags: string }>>;
}

export const PRERENDER_DIR = path.resolve(import.meta.dirname, '../../dist/prerendered');

export function readPrerenderManifest(dir = PRERENDER_DIR): PrerenderManifest | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as PrerenderManifest;
  } catch {
    return null;
  }
}

/**
 * Serves pages prerendered at build time to anonymous visitors, for as long as the catalogue has not
 * changed since the build (`isFresh`); after any change they are rendered on demand again (and cached by
 * the edge), so a prerendered page is never staler than an on-demand one.
 *
 * @example app.use(prerenderedPages({ manifest, isFresh: (builtAt) => container.unchangedSince(builtAt) }))
 */
export function prerenderedPages(opts: {
  readonly manifest: PrerenderManifest;
  readonly dir?: string;
  readonly isFresh: (builtAt: Date) => Promise<boolean>;
}): MiddlewareHandler {
  const dir = opts.dir ?? PRERENDER_DIR;
  const builtAt = new Date(opts.manifest.builtAt);
  return async function prerenderedPagesMiddleware(c, next) {
    const page = opts.manifest.pages[c.req.path];
    if (!page || (c.req.method !== 'GET' && c.req.method !== 'HEAD') || getCookie(c, SESSION_COOKIE))
      return next();
    if (c.req.query() && Object.keys(c.req.query()).length > 0) return next();
    if (!(await opts.isFresh(builtAt))) return next();
    const html = await fs.promises.readFile(path.join(dir, page.file), 'utf8').catch(() => null);
    if (html === null) return next();
    return c.html(html, 200, {
      'Cache-Control': SHARED_PAGE_CACHE_CONTROL,
      'CDN-Cache-Control': SHARED_PAGE_CDN_CACHE_CONTROL,
      'Cache-Tag': page.tags,
      'X-Trove-Prerendered': opts.manifest.builtAt,
    });
  };
}
