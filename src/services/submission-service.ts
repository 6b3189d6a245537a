import { type Account, grants, PERMISSIONS } from '../domain/accounts.ts';
import type { AddonDetail, AddonRef, VersionDetail } from '../domain/browse.ts';
import { CHANNEL, type ChannelName } from '../domain/constants.ts';
import { TroveError } from '../domain/errors.ts';
import type { PackageLimits } from '../domain/package-rules.ts';
import type { BlobStore, Clock, JobQueue } from '../domain/ports.ts';
import {
  FieldErrors,
  fieldErrorsOf,
  fileBlobKey,
  initialFileStatus,
  normalizeUploadUuid,
  packageFilename,
  slugify,
  type Upload,
  uploadBlobKey,
} from '../domain/submission.ts';
import {
  addonInput,
  categoryIdsOf,
  checkListedMetadata,
  compatOf,
  licenseOf,
  translatedOf,
  versionInput,
} from '../domain/submission-input.ts';
import type {
  AuthorAddon,
  OwnedAddon,
  PackageSigner,
  SubmissionStore,
  UploadStore,
} from '../domain/submission-ports.ts';
import { enqueueValidation } from '../jobs/validate-upload.ts';

export interface SubmissionServiceDeps {
  readonly uploads: UploadStore;
  readonly store: SubmissionStore;
  readonly blobs: BlobStore;
  readonly jobs: JobQueue;
  readonly signer: PackageSigner;
  readonly limits: PackageLimits;
  readonly clock: Clock;
  /** The catalogue's after-write work (CatalogueService.changed). */
  readonly changed: (guids: readonly string[]) => Promise<void>;
  /** An upload whose validation could not be queued (it is queued again when the origin starts). */
  readonly onQueueError?: (error: unknown) => void;
}

/** Where a submission goes: a new add-on, `PUT addon/{guid}/`, or a new version of an add-on. */
export type SubmissionTarget =
  | { readonly kind: 'create' }
  | { readonly kind: 'put'; readonly guid: string }
  | { readonly kind: 'version'; readonly addon: AddonRef };

export interface Submitted {
  readonly addon: AddonDetail;
  readonly version: VersionDetail;
  /** True when the submission created the add-on. */
  readonly created: boolean;
}

const EXTENSIONS = /\.(zip|xpi|crx)$/i;

export async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return `sha256:${Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** The signed-in developer who may submit: 401 without a person, 403 before the developer agreement. */
export function requireSubmitter(account: Account | null): Account {
  if (!account) throw new TroveError('NotAuthenticated', 'Authentication credentials were not provided.');
  if (!account.readDevAgreement) {
    throw new TroveError(
      'PermissionDenied',
      'Before starting, please read and accept our Firefox Add-on Distribution Agreement as well as our Review Policies and Rules.',
    );
  }
  return account;
}

export function mayManage(account: Account | null, authorIds: readonly number[]): boolean {
  return !!account && (authorIds.includes(account.id) || grants(account.rules, PERMISSIONS.addonsReview));
}

/** Uploads, their validation, and turning a valid upload into an add-on or a version (amo.md b.9). */
export class SubmissionService {
  readonly #deps: SubmissionServiceDeps;

  constructor(deps: SubmissionServiceDeps) {
    this.#deps = deps;
  }

  get maxUploadBytes(): number {
    return this.#deps.limits.maxUploadBytes;
  }

  /** Stores the package, records the upload and queues its validation. */
  async createUpload(account: Account | null, file: unknown, channel: unknown): Promise<Upload> {
    const who = requireSubmitter(account);
    if (!(file instanceof File)) throw FieldErrors.at(['upload'], 'No file was submitted.');
    if (channel !== 'listed' && channel !== 'unlisted') {
      throw FieldErrors.at(['channel'], `"${String(channel ?? '')}" is not a valid choice.`);
    }
    const filename =
      file.name
        .split(/[\\/]/)
        .pop()
        ?.replace(/[^\w.+-]/g, '_') ?? '';
    if (!EXTENSIONS.test(filename)) {
      throw FieldErrors.at(
        ['upload'],
        'Unsupported file type, please upload a supported file (.crx, .xpi, .zip).',
      );
    }
    if (file.size > this.maxUploadBytes) {
      throw FieldErrors.at(
        ['upload'],
        `The file is too large: at most ${this.maxUploadBytes} bytes are accepted.`,
      );
    }
    if (file.size === 0) throw FieldErrors.at(['upload'], 'The submitted file is empty.');
    const bytes = new Uint8Array(await file.arrayBuffer());
    const uuid = crypto.randomUUID().replace(/-/g, '');
    const blobKey = uploadBlobKey(uuid, filename);
    await this.#deps.blobs.put(blobKey, bytes);
    const upload = {
      uuid,
      userId: who.id,
      channel: CHANNEL[channel as ChannelName],
      filename,
      blobKey,
      size: bytes.byteLength,
      hash: await sha256(bytes),
    };
    await this.#deps.uploads.create(upload, this.#deps.clock.now());
    await enqueueValidation(this.#deps.jobs, uuid).catch((error) => this.#deps.onQueueError?.(error));
    return (await this.#deps.uploads.find(uuid)) as Upload;
  }

  /** An upload of this person (others' uploads are not found, as on AMO). */
  async getUpload(account: Account | null, rawUuid: string): Promise<Upload> {
    const who = requireSubmitter(account);
    const uuid = normalizeUploadUuid(rawUuid);
    const upload = uuid ? await this.#deps.uploads.find(uuid) : null;
    if (!upload || upload.userId !== who.id) throw new TroveError('NotFound', 'Not found.');
    return upload;
  }

  /** Queues the validation of every upload left unprocessed (after a crash or a restart); resolves to how many. */
  async resumePending(): Promise<number> {
    const pending = await this.#deps.uploads.listUnprocessed(10_000);
    for (const uuid of pending) await enqueueValidation(this.#deps.jobs, uuid);
    return pending.length;
  }

  /** Creates the add-on or adds the version from a valid upload of this person; then the catalogue follows. */
  async submit(account: Account | null, body: unknown, target: SubmissionTarget): Promise<Submitted> {
    const who = requireSubmitter(account);
    const path = target.kind === 'version' ? [] : ['version'];
    const parsed = target.kind === 'version' ? versionInput.safeParse(body) : addonInput.safeParse(body);
    if (!parsed.success) throw fieldErrorsOf(parsed.error.issues);
    const meta = target.kind === 'version' ? null : (parsed.data as ReturnType<typeof addonInput.parse>);
    const input = meta ? meta.version : (parsed.data as ReturnType<typeof versionInput.parse>);

    const requestedLicense = licenseOf(input.license, path);
    const upload = await this.#validUpload(who, input.upload, path);
    const manifest = upload.manifest as NonNullable<Upload['manifest']>;
    const existing = await this.#existing(who, target, manifest.guid, path);
    if (existing?.versions.some((v) => v.version === manifest.version)) {
      throw FieldErrors.at([...path, 'version'], `Version ${manifest.version} already exists.`);
    }
    const guid = existing?.guid ?? manifest.guid ?? `{${crypto.randomUUID()}}`;
    const locale = existing?.defaultLocale ?? manifest.defaultLocale;
    const listing = existing ?? {
      name: meta?.name === undefined ? { [locale]: manifest.name } : translatedOf(meta.name, locale),
      summary:
        meta?.summary === undefined
          ? translatedOf(manifest.summary, locale)
          : translatedOf(meta.summary, locale),
      categories: categoryIdsOf(meta?.categories, manifest.type),
    };
    const previousLicense = existing?.versions.filter((v) => !v.deleted).at(-1)?.license ?? null;
    const license = requestedLicense ?? previousLicense;
    if (upload.channel === CHANNEL.listed) checkListedMetadata(listing, license, path);

    const stored = await this.#deps.blobs.get(upload.blobKey);
    if (!stored) throw FieldErrors.at([...path, 'upload'], 'The uploaded file is no longer stored.');
    const status = initialFileStatus(upload.channel);
    // Unlisted versions are approved at once, so they are signed now; listed ones when a reviewer approves.
    const served =
      upload.channel === CHANNEL.unlisted
        ? await this.#deps.signer.sign(stored, { guid, version: manifest.version })
        : stored;
    const name = listing.name[locale] ?? Object.values(listing.name)[0] ?? manifest.name;
    const filename = packageFilename(name, manifest.version);
    const releaseNotes = translatedOf(input.release_notes, locale);
    const version = {
      uploadUuid: upload.uuid,
      version: manifest.version,
      channel: upload.channel,
      license,
      releaseNotes: releaseNotes[locale] ?? Object.values(releaseNotes)[0] ?? null,
      compat: compatOf(manifest, input.compatibility),
      file: {
        status,
        hash: await sha256(served),
        size: served.byteLength,
        filename,
        strictCompatibility: manifest.strictCompatibility,
        permissions: manifest.permissions,
      },
    };
    const storeFile = async ({ addonId }: { addonId: number }) =>
      this.#deps.blobs.put(fileBlobKey(addonId, filename), served);
    const now = this.#deps.clock.now();
    const ids = existing
      ? await this.#deps.store.addVersion(existing.id, version, now, storeFile)
      : await this.#deps.store.createAddon(
          {
            guid,
            slug: meta?.slug ?? slugify(name),
            type: manifest.type,
            defaultLocale: locale,
            ...listing,
            authorId: who.id,
            version,
          },
          now,
          storeFile,
        );
    await this.#deps.changed([guid]);
    const [addon, created] = await Promise.all([
      this.#deps.store.findAddonDetail(ids.addonId),
      this.#deps.store.findVersion(ids.addonId, { id: ids.versionId }),
    ]);
    if (!addon || !created) throw new Error(`submission of ${guid} was stored but cannot be read back`);
    return { addon, version: created, created: !existing };
  }

  /** The add-on and one of its versions, any channel or status, for its authors and reviewers; else null. */
  async versionForAuthor(
    account: Account | null,
    ref: AddonRef,
    versionRef: { id: number } | { version: string },
  ): Promise<{ addon: AddonDetail; version: VersionDetail } | null> {
    const owned = await this.#deps.store.findAddon(ref);
    if (!owned || !mayManage(account, owned.authorIds)) return null;
    const [addon, version] = await Promise.all([
      this.#deps.store.findAddonDetail(owned.id),
      this.#deps.store.findVersion(owned.id, versionRef),
    ]);
    return addon && version ? { addon, version } : null;
  }

  /** The signed-in developer's add-ons with every version and its status (the developer hub). */
  async listMine(account: Account | null, limit = 50): Promise<AuthorAddon[]> {
    if (!account) throw new TroveError('NotAuthenticated', 'Sign in first.');
    return this.#deps.store.listAuthorAddons(account.id, limit);
  }

  /** Any add-on's detail for its authors and reviewers (unlisted, unreviewed or incomplete); else null. */
  async addonForAuthor(account: Account | null, ref: AddonRef): Promise<AddonDetail | null> {
    const owned = await this.#deps.store.findAddon(ref);
    if (!owned || !mayManage(account, owned.authorIds)) return null;
    return this.#deps.store.findAddonDetail(owned.id);
  }

  /** A file's package for its add-on's authors and reviewers, whatever its channel or status. */
  async fileForAuthor(
    account: Account | null,
    fileId: number,
    filename: string,
  ): Promise<{ bytes: Uint8Array<ArrayBuffer>; hash: string } | null> {
    if (!account) return null;
    const file = await this.#deps.store.findFile(fileId);
    if (!file || file.deleted || file.filename !== filename || !mayManage(account, file.authorIds))
      return null;
    const bytes = await this.#deps.blobs.get(fileBlobKey(file.addonId, file.filename));
    return bytes ? { bytes, hash: file.hash } : null;
  }

  async #validUpload(who: Account, raw: string, path: string[]): Promise<Upload> {
    const uuid = normalizeUploadUuid(raw);
    const upload = uuid ? await this.#deps.uploads.find(uuid) : null;
    const refuse = (message: string) => FieldErrors.at([...path, 'upload'], message);
    if (!upload || upload.userId !== who.id) throw refuse('Upload not found.');
    if (!upload.processed) throw refuse('Upload is not validated yet: wait until its `processed` is true.');
    if (!upload.valid || !upload.manifest) throw refuse('Upload is not valid.');
    if (upload.submitted) throw refuse('Upload already submitted.');
    return upload;
  }

  async #existing(
    who: Account,
    target: SubmissionTarget,
    manifestGuid: string | null,
    path: string[],
  ): Promise<OwnedAddon | null> {
    if (target.kind === 'create') {
      if (manifestGuid && (await this.#deps.store.findAddon({ guid: manifestGuid }))) {
        throw new TroveError('Conflict', 'Duplicate add-on ID found.');
      }
      return null;
    }
    if (target.kind === 'put' && manifestGuid !== target.guid) {
      throw FieldErrors.at(
        [...path, 'upload'],
        `The add-on ID in your manifest.json (${manifestGuid ?? 'none'}) does not match the ID in the URL (${target.guid}).`,
      );
    }
    const existing = await this.#deps.store.findAddon(
      target.kind === 'put' ? { guid: target.guid } : target.addon,
    );
    if (!existing) {
      if (target.kind === 'put') return null;
      throw new TroveError('NotFound', 'Not found.');
    }
    if (!existing.authorIds.includes(who.id)) {
      throw new TroveError('PermissionDenied', 'You do not have permission to perform this action.');
    }
    if (target.kind === 'version' && manifestGuid !== null && manifestGuid !== existing.guid) {
      throw FieldErrors.at(
        [...path, 'upload'],
        `The add-on ID in your manifest.json (${manifestGuid}) does not match the ID of your add-on (${existing.guid}).`,
      );
    }
    return existing;
  }
}
