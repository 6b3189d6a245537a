import type { MiddlewareHandler } from 'hono';
import type { DbStats } from '../types.ts';

export function createDbStats(): DbStats {
  return {
    queries: 0,
    durationMs: 0,
    record(durationMs) {
      this.queries++;
      this.durationMs += durationMs;
    },
  };
}

/** The `Server-Timing` entry for a request's statements: `db;dur=1.8;desc="3 queries"`. */
export function serverTimingDb(stats: DbStats): string {
  return `db;dur=${stats.durationMs.toFixed(1)};desc="${stats.queries} ${stats.queries === 1 ? 'query' : 'queries'}"`;
}

/**
 * Gives the request a statement counter (`c.var.dbStats`, handed to its services as their meter) and
 * reports it in `Server-Timing` as `db;dur=1.8;desc="3 queries"` on every response, errors included.
 *
 * @example app.use(dbTiming())
 */
export function dbTiming(): MiddlewareHandler {
  return async function dbTimingMiddleware(c, next) {
    const stats = createDbStats();
    c.set('dbStats', stats);
    await next();
    c.res.headers.append('Server-Timing', serverTimingDb(stats));
  };
}
