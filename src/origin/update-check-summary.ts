import type { Logger, UpdateCheckRecorder } from '../http/types.ts';

// Latency buckets of 0.1 ms up to 1 s; slower checks count in the last bucket.
const BUCKETS = 10_000;

/**
 * Update checks are logged as one summary line every `intervalMs` (count, by status and by source,
 * p50/p99/max latency, statements), like AMO's statsd timer `services.update`, rather than one line per
 * check: at thousands a second the per-check lines cost a third of the service's CPU. Failures are still
 * logged one by one, with their request id, by the app's error handler.
 */
export class UpdateCheckSummary implements UpdateCheckRecorder {
  readonly #logger: Logger;
  readonly #histogram = new Uint32Array(BUCKETS);
  #count = 0;
  #queries = 0;
  #max = 0;
  #byStatus: Record<string, number> = {};
  #bySource: Record<string, number> = {};
  #since = performance.now();

  constructor(logger: Logger, opts: { intervalMs?: number } = {}) {
    this.#logger = logger;
    setInterval(() => this.flush(), opts.intervalMs ?? 10_000).unref();
    process.once('exit', () => this.flush());
  }

  record(entry: { status: number; source: string; ms: number; queries: number }): void {
    this.#count++;
    this.#queries += entry.queries;
    if (entry.ms > this.#max) this.#max = entry.ms;
    const bucket = Math.min(BUCKETS - 1, Math.floor(entry.ms * 10));
    this.#histogram[bucket] = (this.#histogram[bucket] ?? 0) + 1;
    this.#byStatus[entry.status] = (this.#byStatus[entry.status] ?? 0) + 1;
    this.#bySource[entry.source] = (this.#bySource[entry.source] ?? 0) + 1;
  }

  #percentile(p: number): number {
    const target = Math.ceil(this.#count * p);
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.#histogram[i] ?? 0;
      if (seen >= target) return (i + 1) / 10;
    }
    return this.#max;
  }

  flush(): void {
    if (this.#count === 0) return;
    const seconds = (performance.now() - this.#since) / 1000;
    this.#logger.info(
      {
        checks: this.#count,
        per_second: Math.round(this.#count / seconds),
        by_status: this.#byStatus,
        by_source: this.#bySource,
        p50_ms: this.#percentile(0.5),
        p99_ms: this.#percentile(0.99),
        max_ms: Math.round(this.#max * 100) / 100,
        queries: this.#queries,
      },
      'update checks',
    );
    this.#histogram.fill(0);
    this.#count = 0;
    this.#queries = 0;
    this.#max = 0;
    this.#byStatus = {};
    this.#bySource = {};
    this.#since = performance.now();
  }
}
