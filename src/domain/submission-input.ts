import { z } from 'zod';
import type { CompatRange, Translated } from './catalogue.ts';
import { CATEGORIES } from './categories.ts';
import { ADDON_TYPES, APP_SHORTS, type AppShort, MAX_CATEGORIES, typeName } from './constants.ts';
import { FieldErrors, type PackageManifest } from './submission.ts';

/** AMO's license slugs (`constants/licenses.py`): the common licenses, and the Creative Commons ones for themes. */
export const LICENSE_SLUGS = [
  'all-rights-reserved',
  'MPL-2.0',
  'GPL-2.0-or-later',
  'GPL-3.0-or-later',
  'LGPL-2.1-or-later',
  'LGPL-3.0-or-later',
  'MIT',
  'BSD-2-Clause',
  'cc-all-rights-reserved',
  'CC-BY-3.0',
  'CC-BY-NC-3.0',
  'CC-BY-NC-ND-3.0',
  'CC-BY-NC-SA-3.0',
  'CC-BY-ND-3.0',
  'CC-BY-SA-3.0',
  'CC-BY-4.0',
  'CC-BY-NC-4.0',
  'CC-BY-NC-ND-4.0',
  'CC-BY-NC-SA-4.0',
  'CC-BY-ND-4.0',
  'CC-BY-SA-4.0',
] as const;

const REQUIRED = 'This field is required.';
const required = (kind: string) => ({
  error: (issue: { input: unknown }) => (issue.input === undefined ? REQUIRED : `Not a valid ${kind}.`),
});

/** A translated field: one string (the default locale) or `{locale: text}`. */
const translatedInput = z.union([
  z.string().max(5000),
  z.record(z.string().max(10), z.string().max(5000).nullable()),
]);

const compatInput = z.union([
  z.array(z.enum(APP_SHORTS)),
  z.partialRecord(
    z.enum(APP_SHORTS),
    z.object({ min: z.string().max(32).optional(), max: z.string().max(32).optional() }),
  ),
]);

/** The version object of AMO's create, put and version-create requests. */
export const versionInput = z.looseObject(
  {
    upload: z.string(required('upload uuid')).max(64),
    license: z.string().max(64).optional(),
    compatibility: compatInput.optional(),
    release_notes: translatedInput.nullable().optional(),
    approval_notes: z.string().max(5000).optional(),
  },
  required('version object'),
);
export type VersionInputBody = z.output<typeof versionInput>;

/** The add-on create/put request: metadata and the version to create it with. */
export const addonInput = z.looseObject({
  categories: z
    .union([z.array(z.string().max(64)), z.record(z.string(), z.array(z.string().max(64)))])
    .optional(),
  name: translatedInput.optional(),
  summary: translatedInput.optional(),
  description: translatedInput.optional(),
  slug: z
    .string()
    .max(30)
    .regex(
      /^[\p{L}\p{N}_~-]+$/u,
      'Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.',
    )
    .refine((s) => !/^\d+$/.test(s), 'The slug cannot be only digits.')
    .optional(),
  version: versionInput,
});
export type AddonInputBody = z.output<typeof addonInput>;

export function translatedOf(
  value: string | Record<string, string | null> | null | undefined,
  locale: string,
): Translated {
  if (value === undefined || value === null) return {};
  if (typeof value === 'string') return value.trim() ? { [locale]: value.trim() } : {};
  return Object.fromEntries(
    Object.entries(value).flatMap(([l, text]) => (text?.trim() ? [[l, text.trim()]] : [])),
  );
}

/** Category slugs (a list, or AMO's older `{app: [slugs]}`) as ids for an add-on of this type. */
export function categoryIdsOf(input: AddonInputBody['categories'], type: number): number[] {
  if (input === undefined) return [];
  const slugs = [...new Set(Array.isArray(input) ? input : Object.values(input).flat())];
  const kind = typeName(type);
  const ids = slugs.map((slug) => {
    const category = CATEGORIES.find((c) => c.slug === slug && c.type === kind);
    if (!category) throw FieldErrors.at(['categories'], `Invalid category name ${slug} for type ${kind}.`);
    return category.id;
  });
  if (ids.length > MAX_CATEGORIES) {
    throw FieldErrors.at(
      ['categories'],
      `Maximum number of categories per application (${MAX_CATEGORIES}) exceeded`,
    );
  }
  return ids;
}

export function licenseOf(slug: string | undefined, path: readonly string[]): string | null {
  if (slug === undefined) return null;
  if (!(LICENSE_SLUGS as readonly string[]).includes(slug)) {
    throw FieldErrors.at([...path, 'license'], `License with slug ${JSON.stringify(slug)} does not exist.`);
  }
  return slug;
}

/**
 * The version's compatibility: the manifest's ranges (with AMO's defaults), narrowed to the apps listed,
 * or overridden per app. Static themes are Firefox-only.
 */
export function compatOf(
  manifest: PackageManifest,
  input: VersionInputBody['compatibility'],
): Partial<Record<AppShort, CompatRange>> {
  const apps: AppShort[] = manifest.type === ADDON_TYPES.statictheme ? ['firefox'] : [...APP_SHORTS];
  if (input === undefined) return Object.fromEntries(apps.map((app) => [app, manifest.compat[app]]));
  if (Array.isArray(input))
    return Object.fromEntries(input.filter((a) => apps.includes(a)).map((a) => [a, manifest.compat[a]]));
  return Object.fromEntries(
    Object.entries(input).flatMap(([app, range]) =>
      apps.includes(app as AppShort) && range
        ? [
            [
              app,
              {
                min: range.min ?? manifest.compat[app as AppShort].min,
                max: range.max ?? manifest.compat[app as AppShort].max,
              },
            ],
          ]
        : [],
    ),
  );
}

/** AMO's rule for listed versions: a name, a summary, categories and a license (amo.md b.9). */
export function checkListedMetadata(
  addon: { name: Translated; summary: Translated; categories: readonly number[] },
  license: string | null,
  versionPath: readonly string[],
): void {
  const errors: Record<string, unknown> = {};
  const missing = ['This field is required for add-ons with listed versions.'];
  if (Object.keys(addon.name).length === 0) errors.name = missing;
  if (Object.keys(addon.summary).length === 0) errors.summary = missing;
  if (addon.categories.length === 0) errors.categories = missing;
  if (license === null) {
    const message = ['This field, or custom_license, is required for listed versions.'];
    if (versionPath.length === 0) errors.license = message;
    else errors[versionPath[0] as string] = { license: message };
  }
  if (Object.keys(errors).length > 0) throw new FieldErrors(errors);
}
