import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { JobOptions, JobProcessOptions, JobQueue } from '../../domain/ports.ts';

/** Failed jobs kept in Redis for inspection; completed ones are removed at once. */
const KEEP_FAILED = 1000;
const CLOSE_WAIT_MS = 10_000;
const ENQUEUE_WAIT_MS = 5000;

/**
 * Jobs on Redis through BullMQ: they survive restarts and are shared by every origin; retries, backoff,
 * per-name concurrency (per process) and rate limits (`limiter`, across processes) are BullMQ's own.
 */
export class BullJobQueue implements JobQueue {
  readonly #connection: Redis;
  readonly #prefix: string;
  readonly #queues = new Map<string, Queue>();
  readonly #workers: Worker[] = [];
  readonly #onError: (error: unknown) => void;

  constructor(opts: { url: string; prefix: string; onError?: (error: unknown) => void }) {
    // BullMQ's blocking commands need `maxRetriesPerRequest: null`; nothing connects until a queue or a
    // worker is used (a one-shot command that enqueues nothing opens no connection).
    this.#connection = new Redis(opts.url, { maxRetriesPerRequest: null, lazyConnect: true });
    this.#onError = opts.onError ?? (() => {});
    this.#connection.on('error', (error) => this.#onError(error));
    this.#prefix = opts.prefix;
  }

  /** Fails after a few seconds while Redis is away (the add itself stays queued in the client until it returns). */
  async enqueue<T>(name: string, data: T, opts: JobOptions = {}): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`job ${name} not queued: Redis did not answer`)),
        ENQUEUE_WAIT_MS,
      );
    });
    await Promise.race([this.#add(name, data, opts), timeout]).finally(() => clearTimeout(timer));
  }

  async #add<T>(name: string, data: T, opts: JobOptions): Promise<void> {
    await this.#queue(name).add(name, data, {
      attempts: opts.attempts ?? 1,
      backoff: opts.backoff ? { type: opts.backoff.type, delay: opts.backoff.delayMs } : undefined,
      delay: opts.delayMs,
      // BullMQ refuses ':' in custom ids.
      jobId: opts.jobId?.replace(/:/g, '-'),
      removeOnComplete: true,
      removeOnFail: KEEP_FAILED,
    });
  }

  process<T>(
    name: string,
    handler: (data: T, job: { readonly attempt: number }) => Promise<void>,
    opts: JobProcessOptions<T> = {},
  ): void {
    const worker = new Worker(name, (job) => handler(job.data as T, { attempt: job.attemptsMade + 1 }), {
      connection: this.#connection,
      prefix: this.#prefix,
      concurrency: opts.concurrency ?? 1,
      limiter: opts.rateLimit ? { max: opts.rateLimit.max, duration: opts.rateLimit.durationMs } : undefined,
    });
    worker.on('failed', (job, error) => {
      if (!job || job.attemptsMade < (job.opts.attempts ?? 1)) return;
      Promise.resolve(opts.onFailed?.(job.data as T, error)).catch(this.#onError);
    });
    worker.on('error', (error) => this.#onError(error));
    this.#workers.push(worker);
  }

  /** Lets running jobs finish while Redis answers; with Redis away, it cannot wait for it and lets go. */
  async close(): Promise<void> {
    const all = [...this.#workers, ...this.#queues.values()];
    if (all.length === 0) return this.#connection.disconnect();
    const ready = this.#connection.status === 'ready';
    const closing = Promise.allSettled(
      ready
        ? all.map((c) => c.close())
        : [...all.map((c) => c.disconnect()), ...this.#workers.map((w) => w.close(true))],
    );
    await Promise.race([closing, new Promise((r) => setTimeout(r, ready ? CLOSE_WAIT_MS : 100).unref())]);
    this.#connection.disconnect();
  }

  /** Removes every job of these names (tests). */
  async obliterate(): Promise<void> {
    await Promise.all([...this.#queues.values()].map((q) => q.obliterate({ force: true })));
  }

  #queue(name: string): Queue {
    let queue = this.#queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.#connection, prefix: this.#prefix });
      queue.on('error', (error) => this.#onError(error));
      this.#queues.set(name, queue);
    }
    return queue;
  }
}
