import { CHANNEL } from '../domain/constants.ts';
import { inspectManifest, type PackageLimits } from '../domain/package-rules.ts';
import type { BlobStore, JobOptions, JobQueue } from '../domain/ports.ts';
import {
  JOB_NAMES,
  type ValidationMessage,
  validationMessage,
  validationResult,
} from '../domain/submission.ts';
import type { PackageLinter, PackageReader, UploadStore } from '../domain/submission-ports.ts';

export interface ValidateUploadDeps {
  readonly uploads: UploadStore;
  readonly blobs: BlobStore;
  readonly reader: PackageReader;
  readonly linter: PackageLinter;
  readonly limits: PackageLimits;
}

/** Three attempts, 2 s then 4 s apart; one queued job per upload. */
export function validationJob(uuid: string): JobOptions {
  return { attempts: 3, backoff: { type: 'exponential', delayMs: 2000 }, jobId: `validate-${uuid}` };
}

export function enqueueValidation(queue: JobQueue, uuid: string): Promise<void> {
  return queue.enqueue(JOB_NAMES.validateUpload, { uuid }, validationJob(uuid));
}

const hasError = (messages: readonly ValidationMessage[]) => messages.some((m) => m.type === 'error');

/**
 * The validation job: the package checks (zip, limits, manifest), then Mozilla's linter when those pass.
 * `valid` means no error from either. Idempotent: an upload already processed is left alone.
 */
export async function validateUpload(deps: ValidateUploadDeps, uuid: string): Promise<void> {
  const upload = await deps.uploads.find(uuid);
  if (!upload || upload.processed) return;
  await deps.uploads.recordAttempt(uuid);
  const metadata: Record<string, unknown> = { listed: upload.channel === CHANNEL.listed };
  const bytes = await deps.blobs.get(upload.blobKey);
  if (!bytes) {
    const missing = validationMessage('error', 'UPLOAD_MISSING', 'The uploaded file is no longer stored.');
    await deps.uploads.recordValidation(uuid, {
      validation: validationResult([missing], metadata),
      manifest: null,
    });
    return;
  }
  const contents = await deps.reader.read(bytes, deps.limits);
  const messages: ValidationMessage[] = [...contents.problems];
  let manifest = null;
  if (!hasError(messages)) {
    const inspected = inspectManifest(contents);
    messages.push(...inspected.messages);
    manifest = inspected.manifest;
  }
  // The linter only sees packages that are readable zips within the limits and have a usable manifest.
  if (!hasError(messages)) {
    const linted = await deps.linter.lint(bytes, upload.filename);
    messages.push(...linted.messages);
    Object.assign(metadata, linted.metadata);
  }
  await deps.uploads.recordValidation(uuid, { validation: validationResult(messages, metadata), manifest });
}

/** After the last attempt failed: the upload is processed and invalid, with AMO's "unexpected error". */
export async function recordValidationCrash(
  deps: Pick<ValidateUploadDeps, 'uploads'>,
  uuid: string,
): Promise<void> {
  const crash = validationMessage(
    'error',
    'unexpected_exception',
    "Sorry, we couldn't load your WebExtension.",
    {
      description: 'Validation was unable to complete successfully due to an unexpected error.',
    },
  );
  await deps.uploads.recordValidation(uuid, {
    validation: validationResult([{ ...crash, id: ['validator', 'unexpected_exception'] }], {}),
    manifest: null,
  });
}
