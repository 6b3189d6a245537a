import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { HttpBindings } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { SESSION_COOKIE } from '../domain/accounts.ts';
import { makePrivate, SHARED_CACHE_HEADERS } from '../http/cache-headers.ts';
import { CSRF_COOKIE, csrfTokenOf } from '../http/middleware/csrf.ts';
import { serverTimingDb } from '../http/middleware/db-timing.ts';
import type { PageLocals } from '../http/types.ts';
import { prerenderedPages, readPrerenderManifest } from './prerendered.ts';

type AstroHandler = (
  req: HttpBindings['incoming'],
  res: HttpBindings['outgoing'],
  next: () => void,
  locals: PageLocals,
) => void;

const DIST = path.resolve(import.meta.dirname, '../../dist');

/**
 * The Astro storefront inside the origin: prerendered pages and hashed assets from `dist/client`
 * (assets cached for a year, immutable), then Astro's on-demand pages (built with `@astrojs/node` in
 * middleware mode), which get the request's services as `Astro.locals.services`. Needs `npm run build`.
 */
export async function astroPages(
  opts: { readonly isFresh?: (builtAt: Date) => Promise<boolean> } = {},
): Promise<MiddlewareHandler[]> {
  const entry = path.join(DIST, 'server/entry.mjs');
  if (!fs.existsSync(entry)) {
    throw new Error(`The storefront is not built (${entry} is missing): run "npm run build".`);
  }
  const { handler } = (await import(pathToFileURL(entry).href)) as { handler: AstroHandler };
  const assets = serveStatic({ root: path.relative(process.cwd(), path.join(DIST, 'client')) });
  const manifest = opts.isFresh ? readPrerenderManifest() : null;
  const prerendered = manifest && opts.isFresh ? [prerenderedPages({ manifest, isFresh: opts.isFresh })] : [];
  return [
    ...prerendered,
    async function immutableAssets(c, next) {
      await next();
      if (c.req.path.startsWith('/_astro/') && c.res.ok) {
        c.res.headers.set('Cache-Control', 'public, max-age=31536000, immutable');
      }
    },
    assets,
    function onDemandPages(c, next) {
      const { incoming, outgoing } = c.env as HttpBindings;
      // Astro writes the response itself: add the headers every origin response carries as it does.
      // With streaming off, the head is written after the page's queries, so the count is complete.
      const writeHead = outgoing.writeHead;
      const stats = c.get('dbStats');
      const personal = c.get('account') !== null || getCookie(c, SESSION_COOKIE) !== undefined;
      // The sign-in and sign-up forms (under /users/) post back a double-submit token: give the visitor one.
      let csrf = csrfTokenOf(c);
      const newCsrf =
        csrf === null && c.req.path.includes('/users/') ? randomBytes(16).toString('hex') : null;
      csrf ??= newCsrf;
      outgoing.writeHead = function writeHeadWithTiming(this: typeof outgoing, ...args: unknown[]) {
        this.setHeader('Server-Timing', serverTimingDb(stats));
        this.setHeader('X-Request-Id', c.get('requestId'));
        if (personal) {
          makePrivate({ set: (n, v) => this.setHeader(n, v), delete: (n) => this.removeHeader(n) });
          // Astro passes the page's headers to writeHead, where they win over setHeader's: drop its own.
          const given = args[1];
          if (given && typeof given === 'object' && !Array.isArray(given)) {
            const dropped = new Set<string>(['cache-control', ...SHARED_CACHE_HEADERS]);
            for (const name of Object.keys(given)) {
              if (dropped.has(name.toLowerCase())) delete (given as Record<string, unknown>)[name];
            }
          }
        }
        if (newCsrf) {
          this.appendHeader('Set-Cookie', `${CSRF_COOKIE}=${newCsrf}; Path=/; HttpOnly; SameSite=Lax`);
        }
        return (writeHead as (...a: unknown[]) => typeof outgoing).apply(this, args);
      } as typeof outgoing.writeHead;
      return new Promise((resolve) => {
        outgoing.once('finish', () => resolve(RESPONSE_ALREADY_SENT));
        handler(incoming, outgoing, () => resolve(next()), {
          services: c.get('services'),
          account: c.get('account') ?? null,
          csrf,
        });
      });
    },
  ];
}
