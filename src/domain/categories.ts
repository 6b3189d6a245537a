import type { AddonTypeName } from './constants.ts';

export interface Category {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
  readonly type: AddonTypeName;
  readonly misc: boolean;
  readonly weight: number;
}

function category(id: number, slug: string, name: string, type: AddonTypeName, misc = false): Category {
  return { id, slug, name, type, misc, weight: misc ? 333 : 0 };
}

/** AMO's v5 categories (amo.md c.5): the ids are AMO's, so imported catalogues keep their meaning. */
export const CATEGORIES: readonly Category[] = [
  category(72, 'alerts-updates', 'Alerts & Updates', 'extension'),
  category(14, 'appearance', 'Appearance', 'extension'),
  category(22, 'bookmarks', 'Bookmarks', 'extension'),
  category(5, 'download-management', 'Download Management', 'extension'),
  category(1, 'feeds-news-blogging', 'Feeds, News & Blogging', 'extension'),
  category(142, 'games-entertainment', 'Games & Entertainment', 'extension'),
  category(37, 'language-support', 'Language Support', 'extension'),
  category(38, 'photos-music-videos', 'Photos, Music & Videos', 'extension'),
  category(12, 'privacy-security', 'Privacy & Security', 'extension'),
  category(13, 'search-tools', 'Search Tools', 'extension'),
  category(141, 'shopping', 'Shopping', 'extension'),
  category(71, 'social-communication', 'Social & Communication', 'extension'),
  category(93, 'tabs', 'Tabs', 'extension'),
  category(4, 'web-development', 'Web Development', 'extension'),
  category(73, 'other', 'Other', 'extension', true),
  category(95, 'general', 'General', 'dictionary'),
  category(98, 'general', 'General', 'language'),
  category(300, 'abstract', 'Abstract', 'statictheme'),
  category(320, 'causes', 'Causes', 'statictheme'),
  category(324, 'fashion', 'Fashion', 'statictheme'),
  category(326, 'film-and-tv', 'Film and TV', 'statictheme'),
  category(308, 'firefox', 'Firefox', 'statictheme'),
  category(310, 'foxkeh', 'Foxkeh', 'statictheme'),
  category(328, 'holiday', 'Holiday', 'statictheme'),
  category(322, 'music', 'Music', 'statictheme'),
  category(302, 'nature', 'Nature', 'statictheme'),
  category(314, 'other', 'Other', 'statictheme', true),
  category(306, 'scenery', 'Scenery', 'statictheme'),
  category(312, 'seasonal', 'Seasonal', 'statictheme'),
  category(318, 'solid', 'Solid', 'statictheme'),
  category(304, 'sports', 'Sports', 'statictheme'),
  category(316, 'websites', 'Websites', 'statictheme'),
];

/** The category with this slug for an add-on type, or null. Slugs repeat across types (`other`, `general`). */
export function findCategory(type: AddonTypeName, slug: string): Category | null {
  return CATEGORIES.find((c) => c.type === type && c.slug === slug) ?? null;
}

export function categoriesForType(type: AddonTypeName): Category[] {
  return CATEGORIES.filter((c) => c.type === type);
}

export function getCategoryById(id: number): Category | null {
  return CATEGORIES.find((c) => c.id === id) ?? null;
}
