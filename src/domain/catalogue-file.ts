import { z } from 'zod';
import type { AddonInput } from './catalogue.ts';
import { findCategory } from './categories.ts';
import {
  ADDON_STATUS,
  ADDON_TYPES,
  type AddonTypeName,
  CHANNEL,
  DEFAULT_LOCALE,
  FILE_STATUS,
  MAX_CATEGORIES,
} from './constants.ts';
import { TroveError } from './errors.ts';

/** AMO's ADDON_GUID_PATTERN: `{uuid}` or `something@host`. */
const GUID_RE =
  /^(\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}|[a-z0-9-._]*@[a-z0-9-._]+)$/i;
const SLUG_RE = /^[\p{L}\p{N}_-]+$/u;
const HASH_RE = /^(sha256:[0-9a-f]{64})?$/;

const id = z.number().int().positive();
const translated = z.union([
  z
    .string()
    .min(1)
    .transform((s) => ({ [DEFAULT_LOCALE]: s })),
  z.record(z.string().min(2).max(10), z.string()),
]);
const appRange = z.object({ min: z.string().min(1).max(255), max: z.string().min(1).max(255) });
const statusOf = <T extends Record<string, number>>(values: T) =>
  z.number().refine((n) => Object.values(values).includes(n), {
    message: `must be one of ${Object.values(values).join(', ')}`,
  });

const fileSchema = z.object({
  id: id.optional(),
  status: statusOf(FILE_STATUS),
  hash: z.string().regex(HASH_RE, 'must be "sha256:" followed by 64 lowercase hex digits, or empty'),
  size: z.number().int().nonnegative().default(0),
  strict_compatibility: z.boolean(),
  filename: z
    .string()
    .min(1)
    .max(255)
    .regex(/^[^/\\\0]+$/, 'must be a file name, without slashes'),
  permissions: z.array(z.string()).default([]),
});

const versionSchema = z.object({
  id: id.optional(),
  version: z.string().min(1).max(255),
  channel: z.enum(['listed', 'unlisted']),
  deleted: z.boolean(),
  release_notes: z.string().nullable(),
  license: z.string().nullable().default(null),
  file: fileSchema,
  compat: z.object({ firefox: appRange.optional(), android: appRange.optional() }),
});

const addonSchema = z.object({
  id: id.optional(),
  guid: z.string().max(255).regex(GUID_RE, 'must be a {uuid} or an email-like id such as name@example.com'),
  slug: z.string().min(1).max(255).regex(SLUG_RE, 'may contain only letters, digits, "-" and "_"'),
  name: translated.optional(),
  summary: translated.optional(),
  description: translated.optional(),
  default_locale: z.string().min(2).max(10).default(DEFAULT_LOCALE),
  type: z.enum(Object.keys(ADDON_TYPES) as [AddonTypeName, ...AddonTypeName[]]),
  status: statusOf(ADDON_STATUS),
  disabled_by_user: z.boolean(),
  categories: z.array(z.string()).max(MAX_CATEGORIES).default([]),
  tags: z.array(z.string().min(1).max(128)).default([]),
  authors: z
    .array(z.object({ username: z.string().min(1).max(255), name: z.string().max(255).default('') }))
    .default([]),
  average_daily_users: z.number().int().nonnegative().default(0),
  weekly_downloads: z.number().int().nonnegative().default(0),
  promoted: z.string().nullable().default(null),
  versions: z.array(versionSchema),
});

const fileSchemaRoot = z.object({ addons: z.array(addonSchema) });

type ParsedAddon = z.infer<typeof addonSchema>;

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    '',
  );
}

function toInput(addon: ParsedAddon, index: number): AddonInput {
  const categories = addon.categories.map((slug, i) => {
    const category = findCategory(addon.type, slug);
    if (!category) {
      throw invalid(
        `addons[${index}].categories[${i}]`,
        `"${slug}" is not a category for type ${addon.type}`,
      );
    }
    return category.id;
  });
  const name = addon.name ?? { [addon.default_locale]: addon.slug };
  return {
    id: addon.id,
    guid: addon.guid,
    slug: addon.slug,
    type: ADDON_TYPES[addon.type],
    status: addon.status,
    disabledByUser: addon.disabled_by_user,
    defaultLocale: addon.default_locale,
    name,
    summary: addon.summary ?? {},
    description: addon.description ?? {},
    categories,
    tags: addon.tags,
    authors: addon.authors,
    averageDailyUsers: addon.average_daily_users,
    weeklyDownloads: addon.weekly_downloads,
    ratings: { average: 0, bayesianAverage: 0, count: 0, textCount: 0 },
    promoted: addon.promoted,
    iconHash: null,
    previews: 0,
    versions: addon.versions.map((v) => ({
      id: v.id,
      version: v.version,
      channel: CHANNEL[v.channel],
      deleted: v.deleted,
      releaseNotes: v.release_notes,
      license: v.license,
      file: {
        id: v.file.id,
        status: v.file.status,
        hash: v.file.hash,
        size: v.file.size,
        filename: v.file.filename,
        strictCompatibility: v.file.strict_compatibility,
        permissions: v.file.permissions,
      },
      compat: v.compat,
    })),
  };
}

function invalid(path: string, message: string): TroveError {
  return new TroveError('InvalidCatalogueFile', `${path}: ${message}`, {
    details: [`${path}: ${message}`],
    hint: 'Fix the field named and import the file again; nothing was written.',
  });
}

function checkUnique(addons: readonly AddonInput[]): void {
  const seen = new Map<string, string>();
  const claim = (key: string, path: string, what: string) => {
    const first = seen.get(key);
    if (first) throw invalid(path, `${what} repeats ${first}`);
    seen.set(key, path);
  };
  addons.forEach((addon, i) => {
    claim(`guid:${addon.guid}`, `addons[${i}].guid`, `guid "${addon.guid}"`);
    claim(`slug:${addon.slug}`, `addons[${i}].slug`, `slug "${addon.slug}"`);
    if (addon.id) claim(`addon:${addon.id}`, `addons[${i}].id`, `id ${addon.id}`);
    addon.versions.forEach((v, j) => {
      if (v.id) claim(`version:${v.id}`, `addons[${i}].versions[${j}].id`, `version id ${v.id}`);
      if (v.file.id)
        claim(`file:${v.file.id}`, `addons[${i}].versions[${j}].file.id`, `file id ${v.file.id}`);
    });
  });
}

/**
 * Validates a catalogue file (the `trove import` format) and returns the add-ons to write. Throws
 * `InvalidCatalogueFile` naming the first offending field by its JSON path, e.g. `addons[2].versions[0].file.hash`.
 */
export function parseCatalogueFile(data: unknown): AddonInput[] {
  const result = fileSchemaRoot.safeParse(data);
  if (!result.success) {
    const details = result.error.issues.map(
      (issue) => `${formatPath(issue.path) || '(root)'}: ${issue.message}`,
    );
    throw new TroveError('InvalidCatalogueFile', details[0] ?? 'invalid catalogue file', {
      details,
      hint: 'Fix the fields named and import the file again; nothing was written.',
    });
  }
  const addons = result.data.addons.map(toInput);
  checkUnique(addons);
  return addons;
}
