import { ADDON_TYPES } from './constants.ts';
import { type PackageManifest, type ValidationMessage, validationMessage } from './submission.ts';
import { versionInt } from './version-int.ts';

/**
 * What an uploaded package may be. The zip reader applies these while it reads, and stops at the first
 * limit exceeded, so a zip bomb costs at most `maxUncompressedBytes` of inflating.
 */
export interface PackageLimits {
  readonly maxUploadBytes: number;
  readonly maxUncompressedBytes: number;
  readonly maxEntries: number;
  /** Uncompressed / compressed size of one entry, checked for entries above `ratioFloorBytes`. */
  readonly maxCompressionRatio: number;
  readonly ratioFloorBytes: number;
  /** manifest.json and each messages.json are read into memory: at most this much each. */
  readonly maxManifestBytes: number;
}

export const DEFAULT_PACKAGE_LIMITS: PackageLimits = {
  maxUploadBytes: 200 * 1024 * 1024,
  maxUncompressedBytes: 500 * 1024 * 1024,
  maxEntries: 10_000,
  maxCompressionRatio: 100,
  ratioFloorBytes: 1024 * 1024,
  maxManifestBytes: 4 * 1024 * 1024,
};

/** What the zip reader hands to the rules: every entry's name, the few files the rules read, and problems. */
export interface PackageContents {
  readonly entryNames: readonly string[];
  readonly files: ReadonlyMap<string, Uint8Array>;
  /** Problems found while reading (not a zip, bombs, bad names); the reader stops at fatal ones. */
  readonly problems: readonly ValidationMessage[];
}

const error = (code: string, message: string, opts?: Parameters<typeof validationMessage>[3]) =>
  validationMessage('error', code, message, opts);

const MIB = 1024 * 1024;
const mib = (bytes: number) => `${Math.round((bytes / MIB) * 10) / 10} MB`;

export const packageProblems = {
  notAZip: (reason: string) =>
    error('BAD_ZIPFILE', 'Corrupt ZIP file', {
      description: `The file is not a zip archive that can be read: ${reason}.`,
    }),
  tooManyEntries: (count: number, limits: PackageLimits) =>
    error('TOO_MANY_ENTRIES', `The package has ${count} entries; at most ${limits.maxEntries} are allowed.`),
  tooLargeUncompressed: (limits: PackageLimits) =>
    error(
      'ZIP_TOO_LARGE_UNCOMPRESSED',
      `The package expands to more than ${mib(limits.maxUncompressedBytes)}.`,
      { description: 'Packages this large, or zip bombs, are refused: remove large files from the package.' },
    ),
  compressionRatio: (file: string, limits: PackageLimits) =>
    error(
      'ZIP_COMPRESSION_RATIO',
      `${file} is compressed more than ${limits.maxCompressionRatio}:1, which is refused as a zip bomb.`,
      { file },
    ),
  sizeMismatch: (file: string) =>
    error(
      'ZIP_SIZE_MISMATCH',
      `${file} expands to more bytes than its header declares, which is refused as a zip bomb.`,
      {
        file,
      },
    ),
  unreadableEntry: (file: string, reason: string) =>
    error('BAD_ZIPFILE', 'Corrupt ZIP file', { description: `${file}: ${reason}.`, file }),
  fileTooLarge: (file: string, limits: PackageLimits) =>
    error('FILE_TOO_LARGE', `${file} is larger than ${mib(limits.maxManifestBytes)}.`, { file }),
};

/** Path traversal, absolute paths, backslashes, drive letters and control characters are refused. */
export function entryNameProblem(name: string): ValidationMessage | null {
  const refuse = (why: string) =>
    error('INVALID_PATH', `Invalid file name in the package: ${JSON.stringify(name)} ${why}.`, {
      file: name,
    });
  if (name.length === 0) return refuse('is empty');
  if (name.includes('\\')) return refuse('contains a backslash');
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return refuse('is an absolute path');
  if (name.split('/').includes('..')) return refuse('leaves the package (“..”)');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused.
  if (/[\u0000-\u001f\u007f]/.test(name)) return refuse('contains a control character');
  return null;
}

export function duplicateEntry(name: string): ValidationMessage {
  return error('DUPLICATE_XPI_ENTRY', 'Package contains duplicate entries', {
    description: `${name} appears more than once. Unzip and re-zip your add-on package and try again.`,
    file: name,
  });
}

/** The entries the rules read: the manifest and the default locale's messages. */
export function wantsEntry(name: string): boolean {
  return name === 'manifest.json' || /^_locales\/[^/]+\/messages\.json$/.test(name);
}

/** AMO's defaults when the manifest does not say (`constants/base.py`): MV2 42.0/48.0, MV3 109.0a1/120.0a1. */
export const DEFAULT_MIN_VERSIONS = {
  2: { firefox: '42.0', android: '48.0' },
  3: { firefox: '109.0a1', android: '120.0a1' },
} as const;
/** When `gecko_android` is present AMO starts Android at 113.0 (`DEFAULT_WEBEXT_MIN_VERSION_GECKO_ANDROID`). */
const GECKO_ANDROID_MIN = '113.0';
const DEFAULT_MAX_VERSION = '*';

/** AMO's `ADDON_GUID_PATTERN`, and its 64-character limit for new add-ons. */
const GUID =
  /^(\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}|[a-z0-9-._]*@[a-z0-9-._]+)$/i;
const VERSION = /^(0|[1-9]\d{0,8})(\.(0|[1-9]\d{0,8})){0,3}$/;
const APP_VERSION = /^\d+(\.\d+){0,3}([ab]\d*)?(pre\d?)?(\.\*)?$|^\*$/;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Firefox ignores lines that start with `//` in manifest.json; positions are kept for error messages. */
function withoutComments(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/^(\s*)\/\/.*$/gm, (line) => ' '.repeat(line.length));
}

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

/** JSON.parse with the error's line and column, for the validation message. */
export function parseJsonFile(
  file: string,
  bytes: Uint8Array,
): { value: unknown } | { problem: ValidationMessage } {
  const text = withoutComments(new TextDecoder('utf-8', { fatal: false }).decode(bytes));
  try {
    return { value: JSON.parse(text) };
  } catch (e) {
    const reason = (e as Error).message.replace(/\s*\(line \d+ column \d+\)$/, '');
    const at = /at position (\d+)/.exec(reason);
    const where = at
      ? lineAndColumn(text, Number(at[1]))
      : text.trim() === ''
        ? { line: 1, column: 1 }
        : null;
    const suffix = where ? ` (line ${where.line}, column ${where.column})` : '';
    return {
      problem: error('JSON_INVALID', `${file} is not valid JSON: ${reason}${suffix}.`, {
        file,
        line: where?.line,
        column: where?.column,
      }),
    };
  }
}

function messagesOf(contents: PackageContents, locale: string): Json | null {
  const bytes = contents.files.get(`_locales/${locale}/messages.json`);
  if (!bytes) return null;
  const parsed = parseJsonFile(`_locales/${locale}/messages.json`, bytes);
  return 'value' in parsed && isObject(parsed.value) ? parsed.value : null;
}

/** `__MSG_key__` from the default locale's messages (keys are case-insensitive, as in Firefox). */
function localized(value: string, messages: Json | null): string | null {
  const m = /^__MSG_([A-Za-z0-9_@]+)__$/.exec(value);
  if (!m) return value;
  const key = m[1]?.toLowerCase();
  const entry = Object.entries(messages ?? {}).find(([k]) => k.toLowerCase() === key)?.[1];
  return isObject(entry) && typeof entry.message === 'string' ? entry.message : null;
}

function atLeast(version: string, floor: string): string {
  return versionInt(version) >= versionInt(floor) ? version : floor;
}

function typeOf(manifest: Json): number {
  if ('theme' in manifest) return ADDON_TYPES.statictheme;
  if ('dictionaries' in manifest) return ADDON_TYPES.dictionary;
  if ('langpack_id' in manifest) return ADDON_TYPES.language;
  return ADDON_TYPES.extension;
}

/**
 * The manifest's facts, or the problems that make the package invalid: a missing or unparsable
 * manifest.json, manifest_version other than 2 or 3, a missing or malformed version, id or name.
 */
export function inspectManifest(contents: PackageContents): {
  readonly messages: readonly ValidationMessage[];
  readonly manifest: PackageManifest | null;
} {
  const bytes = contents.files.get('manifest.json');
  if (!bytes) {
    const problem = contents.entryNames.some((n) => n.endsWith('/manifest.json'))
      ? 'manifest.json must be at the root of the package, not in a folder.'
      : 'No manifest.json was found at the root of the package.';
    return { messages: [error('TYPE_NO_MANIFEST_JSON', problem, { file: 'manifest.json' })], manifest: null };
  }
  const parsed = parseJsonFile('manifest.json', bytes);
  if ('problem' in parsed) return { messages: [parsed.problem], manifest: null };
  if (!isObject(parsed.value)) {
    return {
      messages: [
        error('MANIFEST_JSON_INVALID', 'manifest.json must hold a JSON object.', { file: 'manifest.json' }),
      ],
      manifest: null,
    };
  }
  const m = parsed.value;
  const messages: ValidationMessage[] = [];
  const fail = (code: string, text: string) => messages.push(error(code, text, { file: 'manifest.json' }));
  const gecko = [m.browser_specific_settings, m.applications]
    .map((s) => (isObject(s) && isObject(s.gecko) ? s.gecko : null))
    .find(Boolean);
  const bss = isObject(m.browser_specific_settings) ? m.browser_specific_settings : {};
  const geckoAndroid = isObject(bss.gecko_android) ? bss.gecko_android : null;

  const manifestVersion = m.manifest_version;
  if (manifestVersion !== 2 && manifestVersion !== 3) {
    fail(
      'MANIFEST_VERSION_INVALID',
      `"manifest_version" must be 2 or 3, not ${JSON.stringify(manifestVersion)}.`,
    );
  }
  const version = m.version;
  if (version === undefined) fail('MANIFEST_FIELD_REQUIRED', '"version" is missing from manifest.json.');
  else if (typeof version !== 'string' || !VERSION.test(version)) {
    fail(
      'VERSION_FORMAT_INVALID',
      `"version" must be one to four dot-separated integers without leading zeros, like "1.2.3", not ${JSON.stringify(version)}.`,
    );
  }
  const rawGuid = gecko?.id;
  let guid: string | null = null;
  if (rawGuid !== undefined) {
    if (typeof rawGuid !== 'string' || !GUID.test(rawGuid)) {
      fail(
        'PROP_ID_INVALID',
        `The add-on ID ${JSON.stringify(rawGuid)} is not an email-like ID or a {UUID}.`,
      );
    } else if (rawGuid.length > 64) {
      fail('PROP_ID_TOO_LONG', 'The add-on ID must be 64 characters long or shorter.');
    } else guid = rawGuid;
  } else if (manifestVersion === 3) {
    fail(
      'EXTENSION_ID_REQUIRED',
      'Manifest Version 3 add-ons need an ID in browser_specific_settings.gecko.id.',
    );
  }
  const defaultLocale = typeof m.default_locale === 'string' ? m.default_locale.replace('_', '-') : 'en-US';
  const localeMessages = typeof m.default_locale === 'string' ? messagesOf(contents, m.default_locale) : null;
  let name: string | null = null;
  if (typeof m.name !== 'string' || m.name.trim() === '') {
    fail('MANIFEST_FIELD_REQUIRED', '"name" is missing from manifest.json.');
  } else {
    name = localized(m.name, localeMessages);
    if (name === null) {
      fail(
        'UNRESOLVED_MESSAGE',
        `"name" is ${m.name}, which is not defined in _locales/${String(m.default_locale ?? '?')}/messages.json.`,
      );
    }
  }
  const strict = (from: Json | null | undefined, key: string) =>
    typeof from?.[key] === 'string' ? (from[key] as string) : null;
  for (const [key, value] of [
    ['strict_min_version', strict(gecko, 'strict_min_version')],
    ['strict_max_version', strict(gecko, 'strict_max_version')],
  ] as const) {
    if (value !== null && !APP_VERSION.test(value))
      fail('INVALID_APP_VERSION', `"${key}" is not a Firefox version: ${value}.`);
  }
  if (messages.length > 0 || manifestVersion === undefined) return { messages, manifest: null };

  const mv = manifestVersion as 2 | 3;
  const defaults = DEFAULT_MIN_VERSIONS[mv];
  const firefoxMin = strict(gecko, 'strict_min_version') ?? defaults.firefox;
  const androidMin =
    strict(geckoAndroid, 'strict_min_version') ??
    strict(gecko, 'strict_min_version') ??
    (geckoAndroid ? GECKO_ANDROID_MIN : DEFAULT_MIN_VERSIONS[2].android);
  const max = strict(gecko, 'strict_max_version');
  const summary = typeof m.description === 'string' ? localized(m.description, localeMessages) : null;
  return {
    messages,
    manifest: {
      guid,
      version: version as string,
      manifestVersion: mv,
      type: typeOf(m),
      defaultLocale,
      name: (name as string).slice(0, 255),
      summary: summary?.slice(0, 250) ?? null,
      compat: {
        firefox: { min: atLeast(firefoxMin, defaults.firefox), max: max ?? DEFAULT_MAX_VERSION },
        android: {
          min: mv === 3 ? atLeast(androidMin, defaults.android) : androidMin,
          max: strict(geckoAndroid, 'strict_max_version') ?? max ?? DEFAULT_MAX_VERSION,
        },
      },
      strictCompatibility: max !== null,
      permissions: Array.isArray(m.permissions)
        ? m.permissions.filter((p): p is string => typeof p === 'string')
        : [],
    },
  };
}
