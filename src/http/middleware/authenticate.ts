import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { SESSION_COOKIE } from '../../domain/accounts.ts';
import { makePrivate } from '../cache-headers.ts';

/**
 * Who is asking: a `trove_session` cookie (the site) or `Authorization: JWT …` (API clients such as
 * web-ext) sets `c.var.account` (null when anonymous) and, for sessions, `c.var.csrf`. A bad JWT is a 401
 * with AMO's message. Every response to a signed-in request is made private: nothing personal may enter a
 * shared cache, whatever a route set.
 *
 * @example app.use(authenticate())
 */
export function authenticate(): MiddlewareHandler {
  return async function authenticateMiddleware(c, next) {
    const accounts = c.var.services.accounts;
    const token = getCookie(c, SESSION_COOKIE);
    const session = token ? await accounts.session(token) : null;
    c.set('account', session?.account ?? null);
    c.set('csrf', session?.csrf ?? null);
    c.set('viaJwt', false);
    if (!session) {
      const account = await accounts.authenticateJwt(c.req.header('Authorization'));
      if (account) {
        c.set('account', account);
        c.set('viaJwt', true);
      }
    }
    await next();
    if (c.var.account || token || c.req.header('Authorization')) {
      makePrivate(c.res.headers);
    }
  };
}
