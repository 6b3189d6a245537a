import { afterEach, describe, expect, it } from 'vitest';
import type { JobQueue } from '../../src/domain/ports.ts';

export interface JobQueueHarness {
  readonly queue: JobQueue;
  close(): Promise<void>;
}

/** Resolves once `check` holds, polling every 10 ms; fails after `timeoutMs`. */
export async function eventually(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What every JobQueue adapter must do; `open` gives a fresh, empty queue each time. */
export function jobQueueContract(name: string, open: () => Promise<JobQueueHarness>) {
  describe(`job queue contract: ${name}`, () => {
    let harness: JobQueueHarness | undefined;
    const fresh = async () => {
      harness = await open();
      return harness.queue;
    };
    afterEach(async () => {
      await harness?.close();
      harness = undefined;
    });

    it('runs a job with its data', async () => {
      const queue = await fresh();
      const seen: unknown[] = [];
      queue.process<{ n: number }>('echo', async (data) => void seen.push(data));
      await queue.enqueue('echo', { n: 7 });
      await eventually(() => seen.length === 1);
      expect(seen).toEqual([{ n: 7 }]);
    });

    it('retries a failing job with backoff until it succeeds', async () => {
      const queue = await fresh();
      const attempts: number[] = [];
      const failed: unknown[] = [];
      queue.process(
        'flaky',
        async (_data, job) => {
          attempts.push(job.attempt);
          if (job.attempt < 3) throw new Error(`attempt ${job.attempt} fails`);
        },
        { onFailed: (data) => void failed.push(data) },
      );
      await queue.enqueue('flaky', {}, { attempts: 5, backoff: { type: 'fixed', delayMs: 20 } });
      await eventually(() => attempts.length === 3);
      await sleep(150);
      expect(attempts).toEqual([1, 2, 3]);
      expect(failed).toEqual([]);
    });

    it('gives up after the last attempt and reports the failure once', async () => {
      const queue = await fresh();
      let runs = 0;
      const failures: { data: unknown; message: string }[] = [];
      queue.process(
        'doomed',
        async () => {
          runs++;
          throw new Error('always broken');
        },
        { onFailed: (data, error) => void failures.push({ data, message: error.message }) },
      );
      await queue.enqueue(
        'doomed',
        { id: 'x' },
        { attempts: 3, backoff: { type: 'exponential', delayMs: 10 } },
      );
      await eventually(() => failures.length === 1);
      await sleep(150);
      expect(runs).toBe(3);
      expect(failures).toEqual([{ data: { id: 'x' }, message: 'always broken' }]);
    });

    it('runs at most `concurrency` jobs of a name at a time', async () => {
      const queue = await fresh();
      let running = 0;
      let peak = 0;
      let done = 0;
      queue.process(
        'slow',
        async () => {
          running++;
          peak = Math.max(peak, running);
          await sleep(80);
          running--;
          done++;
        },
        { concurrency: 2 },
      );
      for (let i = 0; i < 6; i++) await queue.enqueue('slow', { i });
      await eventually(() => done === 6);
      expect(peak).toBe(2);
    });

    it('starts at most `max` jobs per window under a rate limit', async () => {
      const queue = await fresh();
      const starts: number[] = [];
      queue.process('limited', async () => void starts.push(Date.now()), {
        concurrency: 4,
        rateLimit: { max: 2, durationMs: 600 },
      });
      for (let i = 0; i < 4; i++) await queue.enqueue('limited', { i });
      await eventually(() => starts.length === 4, 5000);
      const [first, , third] = starts as [number, number, number, number];
      expect(third - first).toBeGreaterThanOrEqual(500);
    });

    it('does not queue a job twice under the same id', async () => {
      const queue = await fresh();
      const seen: unknown[] = [];
      await queue.enqueue('once', { copy: 1 }, { jobId: 'upload-1' });
      await queue.enqueue('once', { copy: 2 }, { jobId: 'upload-1' });
      queue.process('once', async (data) => void seen.push(data));
      await eventually(() => seen.length >= 1);
      await sleep(150);
      expect(seen).toEqual([{ copy: 1 }]);
    });
  });
}
