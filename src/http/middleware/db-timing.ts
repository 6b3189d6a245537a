import type { MiddlewareHandler } from 'hono';
import type { DbStatsScope } from '../types.ts';

/**
 * Counts the SQL statements a request runs and reports them in `Server-Timing`, as
 * `db;dur=1.8;desc="3 queries"`, on every response, errors included.
 *
 * @example app.use(dbTiming(scope))
 */
export function dbTiming(scope: DbStatsScope): MiddlewareHandler {
  return async function dbTimingMiddleware(c, next) {
    await scope.run(async () => {
      await next();
      const stats = scope.current();
      if (!stats) return;
      const entry = `db;dur=${stats.durationMs.toFixed(1)};desc="${stats.queries} ${stats.queries === 1 ? 'query' : 'queries'}"`;
      c.res.headers.append('Server-Timing', entry);
    });
  };
}
