import type { JobOptions, JobQueue } from '../domain/ports.ts';

/** `items` in consecutive slices of at most `size`: `chunked(ids, 100)`. */
export function chunked<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1)
    throw new Error(`chunk size must be a positive integer, not ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** One job per chunk of `items` (AMO's `chunked` + `group` of tasks); resolves to the number of jobs. */
export async function enqueueChunks<T>(
  queue: JobQueue,
  name: string,
  items: readonly T[],
  size: number,
  opts?: JobOptions,
): Promise<number> {
  const chunks = chunked(items, size);
  for (const chunk of chunks) await queue.enqueue(name, { items: chunk }, opts);
  return chunks.length;
}
