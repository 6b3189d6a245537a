import type { AddonInput } from '../../src/domain/catalogue.ts';
import { ADDON_STATUS, ADDON_TYPES } from '../../src/domain/constants.ts';
import { addonFactory, versionFactory } from '../support/factories.ts';

const ana = { username: 'ana', name: 'Ana Lima' };

/** Tab Sorter: promoted, translated in French, HTML in its description and notes, two versions. */
export const tabSorter = addonFactory({
  slug: 'tab-sorter',
  name: { 'en-US': 'Tab Sorter', fr: 'Trieur d’onglets' },
  summary: { 'en-US': 'Sorts your tabs by site.', fr: 'Trie vos onglets par site.' },
  description: {
    'en-US':
      'Sorts <b>tabs</b> by site.\nSee <a href="https://example.com/help" onclick="steal()">the help</a>.' +
      '<script>alert("x")</script><a href="javascript:alert(1)">bad</a><img src=x onerror="alert(2)">' +
      '<p style="color:red">styled</p><iframe src="https://evil.example/"></iframe>',
  },
  categories: [93, 12],
  tags: ['productivity', 'tabs'],
  authors: [ana],
  promoted: 'recommended',
  averageDailyUsers: 54_321,
  weeklyDownloads: 900,
  ratings: { average: 4.62, bayesianAverage: 4.5, count: 321, textCount: 100 },
  previews: 3,
  versions: [
    versionFactory({ version: '1.0', releaseNotes: 'First release' }),
    versionFactory({
      version: '2.0',
      releaseNotes: 'Faster <em>sorting</em>\nFixes a crash<script>bad()</script>',
      compat: { firefox: { min: '115.0', max: '*' }, android: { min: '120.0', max: '130.*' } },
      file: {
        filename: 'tab_sorter-2.0.xpi',
        permissions: ['tabs', 'storage', '<all_urls>', '*://*.example.com/*'],
      },
    }),
  ],
});

/** By the same author; most used extension, no translations but English. */
export const tabStash = addonFactory({
  slug: 'tab-stash',
  name: { 'en-US': 'Tab Stash' },
  summary: { 'en-US': 'Stashes tabs for later.' },
  categories: [93],
  authors: [ana],
  averageDailyUsers: 90_000,
  weeklyDownloads: 5_000,
});

/** Only in German: other locales fall back to it. */
export const datenschutz = addonFactory({
  slug: 'datenschutz',
  defaultLocale: 'de',
  name: { de: 'Datenschutzwächter' },
  summary: { de: 'Blockiert Verfolger.' },
  description: { de: 'Schützt Ihre Privatsphäre.' },
  categories: [12],
  averageDailyUsers: 20_000,
  weeklyDownloads: 8_000,
});

/** Firefox for Android only: no install button on the Firefox pages. */
export const androidOnly = addonFactory({
  slug: 'android-only',
  name: { 'en-US': 'Pocket Reader' },
  categories: [1],
  versions: [versionFactory({ compat: { android: { min: '120.0', max: '*' } } })],
});

export const forestTheme = addonFactory({
  slug: 'forest-night',
  type: ADDON_TYPES.statictheme,
  name: { 'en-US': 'Forest Night', fr: 'Forêt de nuit' },
  summary: { 'en-US': 'A dark green theme.' },
  categories: [302],
  averageDailyUsers: 7_000,
});

export const disabled = addonFactory({ slug: 'gone', status: ADDON_STATUS.disabled });

/** Enough bookmark extensions for two pages of the Bookmarks listing. */
export const bookmarkers = Array.from({ length: 27 }, (_, i) =>
  addonFactory({
    slug: `bookmarker-${i + 1}`,
    name: { 'en-US': `Bookmarker ${i + 1}` },
    categories: [22],
    averageDailyUsers: 1_000 + i,
    authors: [{ username: `maker${i}`, name: `Maker ${i}` }],
  }),
);

export const catalogue: AddonInput[] = [
  tabSorter,
  tabStash,
  datenschutz,
  androidOnly,
  forestTheme,
  disabled,
  ...bookmarkers,
];
