import type { JobQueue } from '../domain/ports.ts';
import { JOB_NAMES } from '../domain/submission.ts';
import { reindexAddons } from './reindex-addons.ts';
import { recordValidationCrash, type ValidateUploadDeps, validateUpload } from './validate-upload.ts';

export interface JobDeps extends ValidateUploadDeps {
  /** The catalogue's after-write work (CatalogueService.changed). */
  readonly changed: (guids: readonly string[]) => Promise<void>;
}

/** Starts this process's workers for every job Trove runs. */
export function registerJobs(queue: JobQueue, deps: JobDeps): void {
  queue.process<{ uuid: string }>(JOB_NAMES.validateUpload, (data) => validateUpload(deps, data.uuid), {
    // The linter is CPU-bound: two at a time leave the origin room to answer.
    concurrency: 2,
    onFailed: (data) => recordValidationCrash(deps, data.uuid),
  });
  queue.process(JOB_NAMES.reindexAddons, reindexAddons(deps.changed), {
    concurrency: 1,
    rateLimit: { max: 60, durationMs: 60_000 },
  });
}
