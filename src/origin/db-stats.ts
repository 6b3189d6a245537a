import { AsyncLocalStorage } from 'node:async_hooks';
import type { QueryMeter } from '../adapters/sql/query-meter.ts';
import type { DbStats, DbStatsScope } from '../http/types.ts';

/** Attributes every SQL statement to the request it ran for, through AsyncLocalStorage. */
export class AlsDbStats implements DbStatsScope, QueryMeter {
  readonly #als = new AsyncLocalStorage<DbStats>();

  run<T>(fn: () => Promise<T>): Promise<T> {
    return this.#als.run({ queries: 0, durationMs: 0 }, fn);
  }

  current(): DbStats | undefined {
    return this.#als.getStore();
  }

  record(durationMs: number): void {
    const stats = this.#als.getStore();
    if (!stats) return;
    stats.queries++;
    stats.durationMs += durationMs;
  }
}
