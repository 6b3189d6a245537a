import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { TroveError } from '../../domain/errors.ts';
import { bearerMatches } from '../bearer.ts';

/** The double-submit cookie for forms used before there is a session (sign up, sign in). */
export const CSRF_COOKIE = 'trove_csrf';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The token a form or script must send back: the session's, else the anonymous double-submit cookie's. */
export function csrfTokenOf(c: Context): string | null {
  return c.var.csrf ?? getCookie(c, CSRF_COOKIE) ?? null;
}

async function submittedToken(c: Context): Promise<string | null> {
  const header = c.req.header('X-CSRF-Token');
  if (header) return header;
  const type = c.req.header('Content-Type') ?? '';
  if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
    const body = await c.req.parseBody();
    const value = body.csrf;
    return typeof value === 'string' ? value : null;
  }
  return null;
}

/** The page the form was on (its same-origin Referer), else the path it posted to. */
function formPage(c: Context): string {
  const referer = c.req.header('Referer');
  if (referer) {
    try {
      const url = new URL(referer);
      if (url.origin === new URL(c.req.url).origin) return url.pathname;
    } catch {
      // An unparsable Referer is ignored.
    }
  }
  return c.req.path;
}

/**
 * Every state-changing request authenticated by a cookie (or made before sign-in) must carry the CSRF
 * token; requests authenticated by a JWT header cannot be forged by another site and need none.
 *
 * @example app.use('/en-US/*', requireCsrf())
 */
export function requireCsrf(): MiddlewareHandler {
  return async function requireCsrfMiddleware(c, next) {
    if (SAFE.has(c.req.method) || c.var.viaJwt) return next();
    // An API call without a session carries no ambient credential to forge: it is anonymous (and refused
    // by any route that needs a person) or authenticated by its own header.
    if (c.var.csrf === null && c.req.path.startsWith('/api/')) return next();
    const expected = csrfTokenOf(c);
    const submitted = await submittedToken(c);
    if (!expected || !submitted || !bearerMatches(`Bearer ${submitted}`, expected)) {
      // A site form goes back to its page, which says what happened; API callers get the 403.
      if (!c.req.path.startsWith('/api/')) return c.redirect(`${formPage(c)}?error=CsrfFailed`, 303);
      throw new TroveError('CsrfFailed', 'CSRF verification failed: reload the page and try again.');
    }
    return next();
  };
}
