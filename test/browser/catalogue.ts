import type { AddonInput } from '../../src/domain/catalogue.ts';
import { addonFactory } from '../support/factories.ts';

/** A few extensions: two in Tabs (one promoted and translated in French), one each in Bookmarks and Privacy. */
export const browserCatalogue: AddonInput[] = [
  addonFactory({
    slug: 'tab-sorter',
    name: { 'en-US': 'Tab Sorter', fr: 'Trieur d’onglets' },
    summary: { 'en-US': 'Sorts your tabs by site.', fr: 'Trie vos onglets par site.' },
    description: { 'en-US': 'Sorts <b>tabs</b> by site.' },
    categories: [93],
    promoted: 'recommended',
    averageDailyUsers: 54_321,
  }),
  addonFactory({
    slug: 'tab-stash',
    name: { 'en-US': 'Tab Stash' },
    summary: { 'en-US': 'Stashes tabs for later.' },
    categories: [93],
    averageDailyUsers: 90_000,
  }),
  addonFactory({
    slug: 'bookmark-buddy',
    name: { 'en-US': 'Bookmark Buddy' },
    summary: { 'en-US': 'Finds any bookmark in a keystroke.' },
    categories: [22],
    averageDailyUsers: 3_000,
  }),
  addonFactory({
    slug: 'privacy-guard',
    name: { 'en-US': 'Privacy Guard', fr: 'Garde de la vie privée' },
    summary: { 'en-US': 'Blocks trackers.' },
    categories: [12],
    averageDailyUsers: 20_000,
  }),
];
