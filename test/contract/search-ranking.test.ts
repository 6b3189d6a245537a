import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchDocument, SearchIndex } from '../../src/domain/search.ts';
import { named, SEARCH_ENGINES, searchDocumentFactory, searchIds } from './search-support.ts';

/**
 * Ranking scenarios on a small, realistic catalogue (users and names as on AMO, rounded). The rules are
 * in src/adapters/search/README.md; each scenario names the rule it pins down.
 */
const en = (text: string) => ({ 'en-US': text });
const CATALOGUE = {
  ublock: named('uBlock Origin', {
    summary: en('Finally, an efficient wide-spectrum content blocker. Easy on CPU and memory.'),
    tags: ['ad blocker', 'privacy', 'anti tracker'],
    averageDailyUsers: 9_000_000,
    bayesianRating: 4.8,
    promoted: 'recommended',
  }),
  tabSorter: named('Tab Sorter', {
    summary: en('Sort your tabs by title, URL or last access.'),
    averageDailyUsers: 12_000,
  }),
  tabsOutliner: named('Tabs Outliner', {
    summary: en('A tab manager that saves your windows and tabs as a tree.'),
    tags: ['tabs'],
    averageDailyUsers: 45_000,
  }),
  tabSession: named('Tab Session Manager', {
    summary: en('Save and restore the state of windows and tabs.'),
    tags: ['tabs', 'productivity'],
    averageDailyUsers: 250_000,
    promoted: 'recommended',
  }),
  tabManagerPlus: named('Tab Manager Plus', {
    summary: en('Quickly find and switch tabs.'),
    averageDailyUsers: 100_000,
  }),
  treeStyleTab: named('Tree Style Tab', {
    summary: en('Show tabs like a tree.'),
    tags: ['tabs'],
    averageDailyUsers: 200_000,
  }),
  darkReader: named('Dark Reader', {
    summary: en(
      'Dark mode for every website. Take care of your eyes, use dark theme for night and daily browsing.',
    ),
    tags: ['dark mode', 'accessibility'],
    averageDailyUsers: 1_200_000,
    bayesianRating: 4.6,
    promoted: 'recommended',
  }),
  darkModeWebext: named('Dark Mode (Webextension)', {
    summary: en('A global dark theme for the web.'),
    averageDailyUsers: 300_000,
  }),
  darkBackground: named('Dark Background and Light Text', {
    summary: en('Makes every page look white text on black background.'),
    averageDailyUsers: 400_000,
  }),
  dark: named('Dark', { summary: en('A dark theme.'), averageDailyUsers: 10, bayesianRating: 2 }),
  privacyBadger: named('Privacy Badger', {
    summary: en('Automatically learns to block invisible trackers.'),
    tags: ['privacy', 'anti tracker'],
    averageDailyUsers: 1_000_000,
  }),
  ghostery: named('Ghostery – Privacy Ad Blocker', {
    summary: en('Block ads, stop trackers and speed up websites.'),
    tags: ['ad blocker', 'privacy'],
    averageDailyUsers: 1_500_000,
  }),
  cookieAutoDelete: named('Cookie AutoDelete', {
    summary: en('Control your cookies: delete them when a tab closes.'),
    tags: ['privacy'],
    averageDailyUsers: 150_000,
  }),
  bitwarden: named('Bitwarden Password Manager', {
    summary: en('A secure and free password manager for all of your devices.'),
    tags: ['password manager', 'security'],
    averageDailyUsers: 900_000,
  }),
  toGoogleTranslate: named('To Google Translate', {
    summary: en('Right-click a section of text and translate it with Google Translate.'),
    tags: ['translation'],
    averageDailyUsers: 800_000,
  }),
  translateWebPages: named('Translate Web Pages', {
    summary: en('Translate your page in real time with Google or Yandex.'),
    averageDailyUsers: 600_000,
  }),
  immersive: named('Immersive Reader', {
    summary: en('Bilingual reading: translate pages side by side.'),
    averageDailyUsers: 2_000_000,
  }),
  fenetre: searchDocumentFactory({
    defaultLocale: 'fr',
    name: { fr: 'Fenêtre Rangée', 'en-US': 'Tidy Window' },
    summary: { fr: 'Rangez vos fenêtres.', 'en-US': 'Tidy up your windows.' },
    averageDailyUsers: 3_000,
  }),
  tabTidy: named('Tab Tidy', {
    name: { 'en-US': 'Tab Tidy', fr: 'Trieur d’onglets' },
    averageDailyUsers: 2_000,
  }),
  tabExpress: named('Tab Express', {
    name: { 'en-US': 'Tab Express', it: 'Trieur express' },
    averageDailyUsers: 500_000,
  }),
} satisfies Record<string, SearchDocument>;

type Key = keyof typeof CATALOGUE;
const idsOf = (...keys: Key[]) => keys.map((key) => CATALOGUE[key].id);

for (const engine of SEARCH_ENGINES) {
  describe.skipIf(engine.skip)(`search ranking: ${engine.name}`, () => {
    let index: SearchIndex;
    let close: () => Promise<void>;
    beforeAll(async () => {
      const backend = await engine.open();
      index = backend.index;
      close = () => backend.close();
      await index.upsert(Object.values(CATALOGUE));
    });
    afterAll(() => close());
    const top = async (q: string, n: number, lang?: string) =>
      (await searchIds(index, q, { lang })).slice(0, n);

    it('rule 1: the add-on named exactly as typed comes first, however few users it has', async () => {
      expect(await top('dark', 4)).toEqual(idsOf('dark', 'darkReader', 'darkBackground', 'darkModeWebext'));
    });

    it('rule 2: the words as a phrase in a name beat a more used add-on with the words apart', async () => {
      expect(await top('dark mode', 2)).toEqual(idsOf('darkModeWebext', 'darkReader'));
      expect(await top('tab manager', 3)).toEqual(idsOf('tabManagerPlus', 'tabSession', 'tabsOutliner'));
    });

    it('rule 3: all words in the name, the last one possibly unfinished', async () => {
      expect(await top('manager session', 1)).toEqual(idsOf('tabSession'));
      expect(await top('password bitw', 1)).toEqual(idsOf('bitwarden'));
    });

    it('rule 4: a name match beats a summary match, which beats a tag match', async () => {
      expect(await top('translate', 3)).toEqual(idsOf('toGoogleTranslate', 'translateWebPages', 'immersive'));
      expect(await top('privacy', 4)).toEqual(
        idsOf('ghostery', 'privacyBadger', 'ublock', 'cookieAutoDelete'),
      );
    });

    it('within a tier, more daily users rank higher, and promoted add-ons a little higher', async () => {
      // Tab Session Manager (250k, promoted) passes Tab Express (500k): the boost is worth about 3× the users.
      expect(await top('tab', 4)).toEqual(
        idsOf('tabSession', 'tabExpress', 'treeStyleTab', 'tabManagerPlus'),
      );
    });

    it('needs every word: no add-on is about dark privacy', async () => {
      expect(await searchIds(index, 'dark privacy')).toEqual([]);
    });

    it('autocompletes "ubl" to uBlock Origin and "dark re" to Dark Reader', async () => {
      expect((await index.autocomplete('ubl', {}))[0]?.id).toBe(CATALOGUE.ublock.id);
      expect((await index.autocomplete('dark re', {})).map((h) => h.id)).toEqual(idsOf('darkReader'));
      expect((await index.autocomplete('dark', {}))[0]?.id).toBe(CATALOGUE.dark.id);
    });

    it('ignores diacritics: "fenetre" finds Fenêtre Rangée', async () => {
      expect(await top('fenetre', 1)).toEqual(idsOf('fenetre'));
      expect(await top('FENÊTRE rangee', 1)).toEqual(idsOf('fenetre'));
    });

    it('with lang=fr, a French name counts as the name', async () => {
      expect(await top('trieur', 2)).toEqual(idsOf('tabExpress', 'tabTidy'));
      expect(await top('trieur', 2, 'fr')).toEqual(idsOf('tabTidy', 'tabExpress'));
    });
  });
}
