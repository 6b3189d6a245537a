import { type Category, categoriesForType, findCategory } from '../domain/categories.ts';
import { ADDON_TYPES, type AddonTypeId, type AddonTypeName } from '../domain/constants.ts';

/** The storefront's browsable add-on types, by their URL segment (AMO's `/extensions/`, `/themes/`). */
export const SECTIONS = {
  extensions: 'extension',
  themes: 'statictheme',
} as const satisfies Record<string, AddonTypeName>;

export type Section = keyof typeof SECTIONS;

export function isSection(value: string | undefined): value is Section {
  return value !== undefined && Object.hasOwn(SECTIONS, value);
}

export function sectionType(section: Section): AddonTypeId {
  return ADDON_TYPES[SECTIONS[section]];
}

/** The section an add-on type is listed in; null for types without one (dictionaries, language packs). */
export function sectionOfType(type: number): Section | null {
  if (type === ADDON_TYPES.extension) return 'extensions';
  if (type === ADDON_TYPES.statictheme) return 'themes';
  return null;
}

export function sectionCategories(section: Section): Category[] {
  return categoriesForType(SECTIONS[section]).sort(
    (a, b) => a.weight - b.weight || a.name.localeCompare(b.name),
  );
}

export function findSectionCategory(section: Section, slug: string): Category | null {
  return findCategory(SECTIONS[section], slug);
}
