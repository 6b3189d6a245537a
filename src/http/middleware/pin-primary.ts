import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

export const PIN_COOKIE = 'trove_pin';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

export interface PinPrimaryOptions {
  /** How long a client reads from the primary after it wrote (AMO's MULTIDB_PINNING_SECONDS). */
  readonly seconds: number;
}

/**
 * Read-your-writes across requests: a request that writes (any unsafe method) pins its client to the
 * primary for `seconds` with a cookie; a pinned request sets `c.var.pinned` so its reads skip replicas.
 *
 * @example app.use(pinPrimary({ seconds: 15 }))
 */
export function pinPrimary(options: PinPrimaryOptions): MiddlewareHandler {
  return async function pinPrimaryMiddleware(c, next) {
    const writes = !SAFE.has(c.req.method);
    c.set('pinned', writes || getCookie(c, PIN_COOKIE) === '1');
    await next();
    if (writes && options.seconds > 0) {
      setCookie(c, PIN_COOKIE, '1', { maxAge: options.seconds, path: '/', httpOnly: true, sameSite: 'Lax' });
    }
  };
}
