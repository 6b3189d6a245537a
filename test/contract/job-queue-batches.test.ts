import { afterEach, describe, expect, it } from 'vitest';
import { MemoryJobQueue } from '../../src/adapters/jobs/memory-job-queue.ts';
import { JOB_NAMES } from '../../src/domain/submission.ts';
import { chunked, enqueueChunks } from '../../src/jobs/chunked.ts';
import { enqueueReindexAll, REINDEX_CHUNK, reindexAddons } from '../../src/jobs/reindex-addons.ts';
import { eventually } from './job-queue.contract.ts';

describe("chunked batches (AMO's chunked + one task per chunk)", () => {
  let queue = new MemoryJobQueue();
  afterEach(async () => {
    await queue.close();
    queue = new MemoryJobQueue();
  });

  it('splits ids into consecutive chunks of at most the size', () => {
    const ids = Array.from({ length: 250 }, (_, i) => i + 1);
    const chunks = chunked(ids, 100);
    expect(chunks.map((c) => c.length)).toEqual([100, 100, 50]);
    expect(chunks.flat()).toEqual(ids);
    expect(chunked([], 100)).toEqual([]);
    expect(() => chunked(ids, 0)).toThrow(/positive integer/);
  });

  it('queues one job per chunk', async () => {
    const seen: number[][] = [];
    queue.process<{ items: number[] }>('batch', async (data) => void seen.push(data.items));
    const jobs = await enqueueChunks(
      queue,
      'batch',
      Array.from({ length: 7 }, (_, i) => i),
      3,
    );
    expect(jobs).toBe(3);
    await eventually(() => seen.length === 3);
    expect(seen).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
  });

  it('reindexes every add-on in chunks of 100, paging through the store', async () => {
    const all = Array.from({ length: 2345 }, (_, i) => ({ id: i + 1, guid: `a${i + 1}@trove.test` }));
    const store = {
      listGuids: async (afterId: number, limit: number) => all.filter((a) => a.id > afterId).slice(0, limit),
    };
    const changed: string[][] = [];
    queue.process(
      JOB_NAMES.reindexAddons,
      reindexAddons(async (guids) => void changed.push([...guids])),
      { concurrency: 4 },
    );
    const jobs = await enqueueReindexAll(queue, store);
    expect(jobs).toBe(Math.ceil(1000 / REINDEX_CHUNK) * 2 + Math.ceil(345 / REINDEX_CHUNK));
    await eventually(() => changed.length === jobs);
    expect(changed.every((c) => c.length <= REINDEX_CHUNK)).toBe(true);
    expect(new Set(changed.flat())).toEqual(new Set(all.map((a) => a.guid)));
  });
});
