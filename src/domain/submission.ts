import { ADDON_STATUS, type AddonStatus, CHANNEL, type ChannelId, FILE_STATUS } from './constants.ts';

/** Background jobs of the submission flow, by their permanent queue names. */
export const JOB_NAMES = {
  validateUpload: 'validate-upload',
  reindexAddons: 'reindex-addons',
} as const;

export type MessageType = 'error' | 'warning' | 'notice';

/** One finding of the validator, in AMO's shape (`devhub.utils.fix_addons_linter_output`). */
export interface ValidationMessage {
  readonly type: MessageType;
  /** `[code]`, as AMO wraps the linter's code. */
  readonly id: readonly string[];
  readonly message: string;
  readonly description: readonly string[];
  readonly file: string | null;
  readonly line: number | null;
  readonly column: number | null;
  readonly tier: 1;
}

/** An upload's `validation` blob, as AMO stores and serves it. */
export interface ValidationResult {
  readonly success: boolean;
  readonly compatibility_summary: { errors: 0; warnings: 0; notices: 0 };
  readonly errors: number;
  readonly warnings: number;
  readonly notices: number;
  readonly messages: readonly ValidationMessage[];
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly ending_tier: 5;
}

export function validationMessage(
  type: MessageType,
  code: string,
  message: string,
  opts: {
    description?: string | readonly string[];
    file?: string | null;
    line?: number;
    column?: number;
  } = {},
): ValidationMessage {
  const description = opts.description === undefined ? [] : [opts.description].flat();
  return {
    type,
    id: [code],
    message,
    description,
    file: opts.file ?? null,
    line: opts.line ?? null,
    column: opts.column ?? null,
    tier: 1,
  };
}

/** Every finding of the package checks and the linter, counted as AMO does; errors make it invalid. */
export function validationResult(
  messages: readonly ValidationMessage[],
  metadata: Readonly<Record<string, unknown>>,
): ValidationResult {
  const count = (type: MessageType) => messages.filter((m) => m.type === type).length;
  const errors = count('error');
  return {
    success: errors === 0,
    compatibility_summary: { errors: 0, warnings: 0, notices: 0 },
    errors,
    warnings: count('warning'),
    notices: count('notice'),
    messages,
    metadata: { is_webextension: true, identified_files: {}, ...metadata },
    ending_tier: 5,
  };
}

/** What is kept of a package's manifest once inspected (see package-rules.ts). */
export interface PackageManifest {
  /** Null for an MV2 package without an id: the id is generated at submission. */
  readonly guid: string | null;
  readonly version: string;
  readonly manifestVersion: 2 | 3;
  readonly type: number;
  readonly defaultLocale: string;
  /** Resolved from `_locales` when the manifest uses `__MSG_…__`. */
  readonly name: string;
  readonly summary: string | null;
  readonly compat: Readonly<Record<'firefox' | 'android', { min: string; max: string }>>;
  readonly strictCompatibility: boolean;
  readonly permissions: readonly string[];
}

/** A stored upload: the package, who sent it, and the validator's verdict once processed. */
export interface Upload {
  /** 32 hex digits, as AMO's API spells it. */
  readonly uuid: string;
  readonly userId: number;
  readonly channel: ChannelId;
  readonly filename: string;
  readonly blobKey: string;
  readonly size: number;
  /** `sha256:<hex>` of the uploaded bytes. */
  readonly hash: string;
  readonly processed: boolean;
  readonly valid: boolean;
  readonly validation: ValidationResult | null;
  readonly manifest: PackageManifest | null;
  readonly submitted: boolean;
  readonly attempts: number;
  readonly created: Date;
}

/** The blob key of an upload's bytes. */
export function uploadBlobKey(uuid: string, filename: string): string {
  return `uploads/${uuid}/${filename}`;
}

/** The blob key of a version's package (what the downloads route serves). */
export function fileBlobKey(addonId: number, filename: string): string {
  return `files/${addonId}/${filename}`;
}

/** AMO's `slugify`: lower-case letters, digits and dashes; never only digits. */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9\s_-]/g, '')
    .trim()
    .replace(/[\s_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 30)
    .replace(/-+$/, '');
  if (!slug) return 'addon';
  return /^\d+$/.test(slug) ? `addon-${slug}` : slug;
}

/** AMO's `File.generate_filename`: `{slugified name, dashes as underscores}-{version}.xpi`. */
export function packageFilename(name: string, version: string): string {
  const stem = slugify(name).replace(/-/g, '_');
  const safeVersion = version.replace(/[^0-9A-Za-z.+_-]/g, '_');
  return `${stem}-${safeVersion}.xpi`;
}

/** Upload uuids are accepted with or without dashes and stored as AMO serves them: 32 lower-case hex digits. */
export function normalizeUploadUuid(value: string): string | null {
  const hex = value.replace(/-/g, '').toLowerCase();
  return /^[0-9a-f]{32}$/.test(hex) ? hex : null;
}

/**
 * An add-on's status from its listed files, as AMO's `Addon.update_status`: public while any listed file
 * is approved, nominated while one awaits review, otherwise incomplete. Disabled and deleted stay.
 */
export function addonStatusFor(
  current: number,
  versions: readonly { readonly channel: number; readonly fileStatus: number; readonly deleted: boolean }[],
): AddonStatus {
  if (current === ADDON_STATUS.disabled || current === ADDON_STATUS.deleted) return current;
  const listed = versions.filter((v) => v.channel === CHANNEL.listed && !v.deleted);
  if (listed.some((v) => v.fileStatus === FILE_STATUS.public)) return ADDON_STATUS.public;
  if (listed.some((v) => v.fileStatus === FILE_STATUS.unreviewed)) return ADDON_STATUS.nominated;
  return ADDON_STATUS.incomplete;
}

/** Unlisted versions that pass validation are approved at once; listed ones wait for a reviewer. */
export function initialFileStatus(channel: ChannelId): number {
  return channel === CHANNEL.unlisted ? FILE_STATUS.public : FILE_STATUS.unreviewed;
}

/**
 * An error the API answers with AMO's 400 shape: `{field: [messages]}`, nested for nested input
 * (`{version: {upload: [...]}}`).
 */
export class FieldErrors extends Error {
  readonly fields: Readonly<Record<string, unknown>>;

  constructor(fields: Readonly<Record<string, unknown>>) {
    super(firstMessage(fields) ?? 'The input is not valid.');
    this.name = 'FieldErrors';
    this.fields = fields;
  }

  /** One message at a path: `FieldErrors.at(['version', 'upload'], '…')`. */
  static at(path: readonly string[], message: string): FieldErrors {
    return new FieldErrors(nest(path, [message]));
  }
}

function nest(path: readonly string[], leaf: unknown): Record<string, unknown> {
  const [head, ...rest] = path;
  if (head === undefined) return { non_field_errors: leaf };
  return { [head]: rest.length === 0 ? leaf : nest(rest, leaf) };
}

function firstMessage(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(firstMessage).find(Boolean);
  if (value && typeof value === 'object') return Object.values(value).map(firstMessage).find(Boolean);
  return undefined;
}

/** Merges `{field: [messages]}` errors from zod-like issues, nesting by path. */
export function fieldErrorsOf(
  issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[],
  prefix: readonly string[] = [],
): FieldErrors {
  const body: Record<string, unknown> = {};
  for (const issue of issues) {
    const path = [...prefix, ...issue.path.map(String)];
    let node = body;
    const keys = path.length === 0 ? ['non_field_errors'] : path;
    keys.forEach((key, i) => {
      if (i === keys.length - 1) {
        node[key] = [...((node[key] as string[] | undefined) ?? []), issue.message];
      } else {
        node[key] = (node[key] as Record<string, unknown> | undefined) ?? {};
        node = node[key] as Record<string, unknown>;
      }
    });
  }
  return new FieldErrors(body);
}
