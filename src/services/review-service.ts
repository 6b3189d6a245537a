import { type Account, grants, PERMISSIONS } from '../domain/accounts.ts';
import type { AddonDetail, VersionDetail } from '../domain/browse.ts';
import { FILE_STATUS } from '../domain/constants.ts';
import { TroveError } from '../domain/errors.ts';
import type { BlobStore, Clock } from '../domain/ports.ts';
import { FieldErrors, fileBlobKey } from '../domain/submission.ts';
import type { PackageSigner, QueueEntry, ReviewTarget, SubmissionStore } from '../domain/submission-ports.ts';
import { sha256 } from './submission-service.ts';

export interface ReviewServiceDeps {
  readonly store: SubmissionStore;
  readonly blobs: BlobStore;
  readonly signer: PackageSigner;
  readonly clock: Clock;
  readonly changed: (guids: readonly string[]) => Promise<void>;
}

export interface Reviewed {
  readonly addon: AddonDetail;
  readonly version: VersionDetail;
}

const MAX_REASON = 5000;

/**
 * The reviewers' queue and decisions, for people whose rules grant `Addons:Review`: approving signs and
 * publishes the file (the add-on becomes public); rejecting disables it with the reason in
 * `versions.review_notes` (an add-on with no approved listed file left goes back to nominated or
 * incomplete). Reviewers cannot review their own add-ons.
 */
export class ReviewService {
  readonly #deps: ReviewServiceDeps;

  constructor(deps: ReviewServiceDeps) {
    this.#deps = deps;
  }

  async queue(account: Account | null, limit = 100): Promise<QueueEntry[]> {
    this.#reviewer(account);
    return this.#deps.store.listReviewQueue(limit);
  }

  async approve(account: Account | null, addonId: number, versionId: number): Promise<Reviewed> {
    const target = await this.#target(account, addonId, versionId);
    if (target.fileStatus !== FILE_STATUS.unreviewed) {
      throw new TroveError('Conflict', 'This version is not awaiting review.');
    }
    const key = fileBlobKey(target.addonId, target.filename);
    const unsigned = await this.#deps.blobs.get(key);
    if (!unsigned) throw new TroveError('Conflict', 'The package of this version is not stored.');
    const signed = await this.#deps.signer.sign(unsigned, { guid: target.guid, version: target.version });
    const file = { hash: await sha256(signed), size: signed.byteLength };
    await this.#deps.store.recordReview(
      versionId,
      { fileStatus: FILE_STATUS.public, file, reviewNotes: null },
      this.#deps.clock.now(),
      async () => {
        if (signed !== unsigned) await this.#deps.blobs.put(key, signed);
      },
    );
    return this.#after(target);
  }

  async reject(
    account: Account | null,
    addonId: number,
    versionId: number,
    reason: unknown,
  ): Promise<Reviewed> {
    const target = await this.#target(account, addonId, versionId);
    if (typeof reason !== 'string' || reason.trim() === '')
      throw FieldErrors.at(['reason'], 'This field is required.');
    if (reason.length > MAX_REASON) {
      throw FieldErrors.at(['reason'], `Ensure this field has no more than ${MAX_REASON} characters.`);
    }
    if (target.fileStatus === FILE_STATUS.disabled)
      throw new TroveError('Conflict', 'This version is already disabled.');
    await this.#deps.store.recordReview(
      versionId,
      { fileStatus: FILE_STATUS.disabled, reviewNotes: reason.trim() },
      this.#deps.clock.now(),
      async () => {},
    );
    return this.#after(target);
  }

  #reviewer(account: Account | null): Account {
    if (!account) throw new TroveError('NotAuthenticated', 'Authentication credentials were not provided.');
    if (!grants(account.rules, PERMISSIONS.addonsReview)) {
      throw new TroveError('PermissionDenied', 'You do not have permission to perform this action.');
    }
    return account;
  }

  async #target(account: Account | null, addonId: number, versionId: number): Promise<ReviewTarget> {
    const reviewer = this.#reviewer(account);
    const target = await this.#deps.store.findReviewTarget(versionId);
    if (!target || target.addonId !== addonId) throw new TroveError('NotFound', 'Not found.');
    if (target.authorIds.includes(reviewer.id)) {
      throw new TroveError('PermissionDenied', 'You cannot review your own add-on.');
    }
    return target;
  }

  async #after(target: ReviewTarget): Promise<Reviewed> {
    await this.#deps.changed([target.guid]);
    const [addon, version] = await Promise.all([
      this.#deps.store.findAddonDetail(target.addonId),
      this.#deps.store.findVersion(target.addonId, { id: target.versionId }),
    ]);
    if (!addon || !version) throw new TroveError('NotFound', 'Not found.');
    return { addon, version };
  }
}
