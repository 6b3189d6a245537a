import type { AddonDetail, AddonRef, VersionDetail } from './browse.ts';
import type { CompatRange, Translated } from './catalogue.ts';
import type { AppShort, ChannelId } from './constants.ts';
import type { PackageContents, PackageLimits } from './package-rules.ts';
import type { PackageManifest, Upload, ValidationMessage, ValidationResult } from './submission.ts';

/** Opens an uploaded package and hands the rules its entries, applying the limits while it reads. */
export interface PackageReader {
  read(bytes: Uint8Array, limits: PackageLimits): Promise<PackageContents>;
}

/** Mozilla's addons-linter (or another validator) over a package's bytes. */
export interface PackageLinter {
  lint(
    bytes: Uint8Array,
    filename: string,
  ): Promise<{ readonly messages: readonly ValidationMessage[]; readonly metadata: Record<string, unknown> }>;
}

/** Turns an approved package into the bytes that are served (signing); may return them unchanged. */
export interface PackageSigner {
  sign(bytes: Uint8Array, about: { readonly guid: string; readonly version: string }): Promise<Uint8Array>;
}

export type NewUpload = Pick<
  Upload,
  'uuid' | 'userId' | 'channel' | 'filename' | 'blobKey' | 'size' | 'hash'
>;

/** Uploads and their validation; on the primary. */
export interface UploadStore {
  create(upload: NewUpload, now: Date): Promise<void>;
  find(uuid: string): Promise<Upload | null>;
  /** Uploads not yet processed, oldest first: re-queued when the origin starts. */
  listUnprocessed(limit: number): Promise<string[]>;
  /** Counts one more validation attempt; resolves to the count. */
  recordAttempt(uuid: string): Promise<number>;
  recordValidation(
    uuid: string,
    result: { readonly validation: ValidationResult; readonly manifest: PackageManifest | null },
  ): Promise<void>;
}

/** An add-on as its authors and the submission rules see it, whatever its status. */
export interface OwnedAddon {
  readonly id: number;
  readonly guid: string;
  readonly slug: string;
  readonly type: number;
  readonly status: number;
  readonly defaultLocale: string;
  readonly name: Translated;
  readonly summary: Translated;
  readonly categories: readonly number[];
  readonly authorIds: readonly number[];
  /** Every version ever submitted, deleted ones included (their numbers cannot be reused). */
  readonly versions: readonly {
    readonly version: string;
    readonly channel: ChannelId;
    readonly deleted: boolean;
    readonly license: string | null;
  }[];
}

export interface VersionPlan {
  readonly uploadUuid: string;
  readonly version: string;
  readonly channel: ChannelId;
  readonly license: string | null;
  readonly releaseNotes: string | null;
  readonly compat: Partial<Record<AppShort, CompatRange>>;
  readonly file: {
    readonly status: number;
    readonly hash: string;
    readonly size: number;
    readonly filename: string;
    readonly strictCompatibility: boolean;
    readonly permissions: readonly string[];
  };
}

export interface AddonPlan {
  readonly guid: string;
  /** The wanted slug; the store appends `-2`, `-3`… when it is taken. */
  readonly slug: string;
  readonly type: number;
  readonly defaultLocale: string;
  readonly name: Translated;
  readonly summary: Translated;
  readonly categories: readonly number[];
  readonly authorId: number;
  readonly version: VersionPlan;
}

export interface StoredIds {
  readonly addonId: number;
  readonly versionId: number;
  readonly fileId: number;
}

/** Runs inside the write's transaction once ids are known (storing the package); a throw undoes the rows. */
export type StoreFile = (ids: StoredIds) => Promise<void>;

export interface ReviewTarget extends StoredIds {
  readonly guid: string;
  readonly addonStatus: number;
  readonly version: string;
  readonly channel: ChannelId;
  readonly fileStatus: number;
  readonly filename: string;
  readonly authorIds: readonly number[];
}

export interface ReviewOutcome {
  readonly fileStatus: number;
  /** The served package changed (signed at approval): its new hash and size. */
  readonly file?: { readonly hash: string; readonly size: number };
  readonly reviewNotes: string | null;
}

export interface QueueEntry {
  readonly addon: Pick<AddonDetail, 'id' | 'guid' | 'slug' | 'name' | 'status' | 'defaultLocale'>;
  readonly version: VersionDetail;
}

/** An add-on on its developer's page: every version, any channel or status. */
export interface AuthorAddon {
  readonly addon: QueueEntry['addon'];
  readonly versions: readonly VersionDetail[];
}

export interface DownloadTarget {
  readonly addonId: number;
  readonly filename: string;
  readonly hash: string;
  readonly authorIds: readonly number[];
  readonly deleted: boolean;
}

/** The submission flow's catalogue reads and writes, any status or channel; on the primary. */
export interface SubmissionStore {
  findAddon(ref: AddonRef): Promise<OwnedAddon | null>;
  /** Throws TroveError `Conflict` when the guid exists; marks the upload submitted (once only). */
  createAddon(plan: AddonPlan, now: Date, storeFile: StoreFile): Promise<StoredIds>;
  /** Adds a version and sets the add-on's status from its listed files (`addonStatusFor`). */
  addVersion(addonId: number, plan: VersionPlan, now: Date, storeFile: StoreFile): Promise<StoredIds>;
  /** The detail of an add-on in any status; `currentVersion` is its latest approved listed version. */
  findAddonDetail(addonId: number): Promise<AddonDetail | null>;
  /** A version of any channel or file status, not deleted. */
  findVersion(
    addonId: number,
    ref: { readonly id: number } | { readonly version: string },
  ): Promise<VersionDetail | null>;
  findReviewTarget(versionId: number): Promise<ReviewTarget | null>;
  /** Sets the file's status (and review notes), then the add-on's status from its listed files. */
  recordReview(versionId: number, outcome: ReviewOutcome, now: Date, storeFile: StoreFile): Promise<void>;
  /** Listed versions awaiting review, oldest first. */
  listReviewQueue(limit: number): Promise<QueueEntry[]>;
  findFile(fileId: number): Promise<DownloadTarget | null>;
  /** The add-ons this user authors (not deleted), newest first, each with its versions of any status. */
  listAuthorAddons(userId: number, limit: number): Promise<AuthorAddon[]>;
  /** Add-on guids by id, `limit` at a time after `afterId` (batch jobs). */
  listGuids(afterId: number, limit: number): Promise<{ readonly id: number; readonly guid: string }[]>;
}
