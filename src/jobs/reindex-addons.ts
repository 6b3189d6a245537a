import type { JobQueue } from '../domain/ports.ts';
import { JOB_NAMES } from '../domain/submission.ts';
import type { SubmissionStore } from '../domain/submission-ports.ts';
import { enqueueChunks } from './chunked.ts';

/** Add-ons per reindex job, as AMO's reindex tasks take chunks of 100 ids. */
export const REINDEX_CHUNK = 100;
const PAGE = 1000;

/**
 * Queues a refresh of every add-on, `REINDEX_CHUNK` per job: each job runs the catalogue's after-write
 * work for its add-ons (caches invalidated, Redis manifests rewritten, search reindexed, edge purged).
 * Resolves to the number of jobs queued.
 */
export async function enqueueReindexAll(
  queue: JobQueue,
  store: Pick<SubmissionStore, 'listGuids'>,
): Promise<number> {
  let jobs = 0;
  let after = 0;
  for (;;) {
    const page = await store.listGuids(after, PAGE);
    if (page.length === 0) return jobs;
    jobs += await enqueueChunks(
      queue,
      JOB_NAMES.reindexAddons,
      page.map((a) => a.guid),
      REINDEX_CHUNK,
      { attempts: 3, backoff: { type: 'exponential', delayMs: 1000 } },
    );
    after = page.at(-1)?.id ?? after;
  }
}

/** The reindex job: `{items: guids}`. */
export function reindexAddons(changed: (guids: readonly string[]) => Promise<void>) {
  return async (data: { readonly items: readonly string[] }) => changed(data.items);
}
