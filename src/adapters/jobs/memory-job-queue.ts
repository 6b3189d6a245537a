import type { JobOptions, JobProcessOptions, JobQueue } from '../../domain/ports.ts';

interface Job {
  readonly name: string;
  readonly data: unknown;
  readonly opts: JobOptions;
  attempt: number;
}

interface Processor {
  readonly handler: (data: unknown, job: { readonly attempt: number }) => Promise<void>;
  readonly opts: JobProcessOptions<unknown>;
  running: number;
  /** Start times within the rate-limit window. */
  starts: number[];
  wakeup: ReturnType<typeof setTimeout> | null;
}

/** BullMQ's backoff: fixed, or `delay × 2^(attempt − 1)`. */
export function backoffDelay(backoff: JobOptions['backoff'], attempt: number): number {
  if (!backoff) return 0;
  return backoff.type === 'fixed' ? backoff.delayMs : Math.round(backoff.delayMs * 2 ** (attempt - 1));
}

/**
 * Jobs in this process (the embedded default): retries with backoff, concurrency and rate limits per job
 * name. Nothing survives a restart, so callers keep their own durable record of pending work (uploads
 * left `processed = 0` are queued again when the origin starts).
 */
export class MemoryJobQueue implements JobQueue {
  readonly #waiting = new Map<string, Job[]>();
  readonly #processors = new Map<string, Processor>();
  readonly #ids = new Set<string>();
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  readonly #running = new Set<Promise<void>>();
  readonly #onError: (error: unknown) => void;
  readonly #now: () => number;
  #closed = false;

  constructor(opts: { onError?: (error: unknown) => void; now?: () => number } = {}) {
    this.#onError = opts.onError ?? (() => {});
    this.#now = opts.now ?? (() => Date.now());
  }

  async enqueue<T>(name: string, data: T, opts: JobOptions = {}): Promise<void> {
    if (this.#closed) throw new Error('the job queue is closed');
    if (opts.jobId) {
      if (this.#ids.has(opts.jobId)) return;
      this.#ids.add(opts.jobId);
    }
    const job: Job = { name, data, opts, attempt: 0 };
    if (opts.delayMs) this.#later(opts.delayMs, () => this.#push(job));
    else this.#push(job);
  }

  process<T>(
    name: string,
    handler: (data: T, job: { readonly attempt: number }) => Promise<void>,
    opts: JobProcessOptions<T> = {},
  ): void {
    if (this.#processors.has(name)) throw new Error(`jobs named ${name} already have a processor`);
    this.#processors.set(name, {
      handler: handler as Processor['handler'],
      opts: opts as JobProcessOptions<unknown>,
      running: 0,
      starts: [],
      wakeup: null,
    });
    this.#pump(name);
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    for (const p of this.#processors.values()) if (p.wakeup) clearTimeout(p.wakeup);
    await Promise.allSettled([...this.#running]);
  }

  #later(ms: number, fn: () => void) {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      fn();
    }, ms);
    this.#timers.add(timer);
  }

  #push(job: Job) {
    const queue = this.#waiting.get(job.name) ?? [];
    queue.push(job);
    this.#waiting.set(job.name, queue);
    this.#pump(job.name);
  }

  #pump(name: string) {
    const p = this.#processors.get(name);
    const queue = this.#waiting.get(name);
    if (!p || !queue || this.#closed) return;
    while (queue.length > 0 && p.running < (p.opts.concurrency ?? 1)) {
      const limit = p.opts.rateLimit;
      if (limit) {
        const now = this.#now();
        p.starts = p.starts.filter((t) => t > now - limit.durationMs);
        if (p.starts.length >= limit.max) {
          const wait = (p.starts[0] ?? now) + limit.durationMs - now;
          if (!p.wakeup) {
            p.wakeup = setTimeout(() => {
              p.wakeup = null;
              this.#pump(name);
            }, wait);
          }
          return;
        }
        p.starts.push(now);
      }
      const job = queue.shift() as Job;
      p.running++;
      const run = this.#run(p, job).finally(() => {
        this.#running.delete(run);
        p.running--;
        this.#pump(name);
      });
      this.#running.add(run);
    }
  }

  async #run(p: Processor, job: Job): Promise<void> {
    job.attempt++;
    try {
      await p.handler(job.data, { attempt: job.attempt });
      if (job.opts.jobId) this.#ids.delete(job.opts.jobId);
    } catch (error) {
      if (job.attempt < (job.opts.attempts ?? 1) && !this.#closed) {
        this.#later(backoffDelay(job.opts.backoff, job.attempt), () => this.#push(job));
        return;
      }
      if (job.opts.jobId) this.#ids.delete(job.opts.jobId);
      try {
        await p.opts.onFailed?.(job.data, error instanceof Error ? error : new Error(String(error)));
      } catch (failure) {
        this.#onError(failure);
      }
    }
  }
}
