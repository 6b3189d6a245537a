import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PageOrigin, startPageOrigin } from '../support/page-origin.ts';
import { catalogue } from './catalogue.ts';

/**
 * SQL statements per page (issue 4), from the origin's Server-Timing: cold is the first request after the
 * catalogue changed (the storefront's read cache starts over on every write), warm is the next one.
 */
const BUDGETS: readonly { page: string; path: string; cold: number }[] = [
  { page: 'home', path: '/en-US/firefox/', cold: 4 },
  { page: 'extensions landing', path: '/en-US/firefox/extensions/', cold: 4 },
  { page: 'category listing', path: '/en-US/firefox/extensions/category/tabs/?sort=rating', cold: 2 },
  { page: 'add-on detail', path: '/en-US/firefox/addon/tab-sorter/', cold: 3 },
  // The add-on (3), then its versions (2).
  { page: 'versions', path: '/en-US/firefox/addon/tab-stash/versions/', cold: 5 },
  { page: 'search', path: '/en-US/firefox/search/?q=tab', cold: 2 },
  // The author (1) and their add-ons (2).
  { page: 'author', path: '/en-US/firefox/user/ana/', cold: 3 },
];

describe('statement budgets of the storefront pages', () => {
  let site: PageOrigin;

  beforeAll(async () => {
    site = await startPageOrigin();
    await site.importAddons(catalogue);
  });
  afterAll(async () => {
    await site?.close();
  });

  it.each(BUDGETS)('$page: at most $cold statements cold, none warm', async ({ path, cold }) => {
    const first = await site.get(path);
    expect(first.status).toBe(200);
    expect(site.queries(first)).toBeLessThanOrEqual(cold);
    const again = await site.get(path);
    expect(again.status).toBe(200);
    expect(site.queries(again)).toBe(0);
  });

  it('starts over after a catalogue write', async () => {
    expect(site.queries(await site.get('/en-US/firefox/addon/tab-sorter/'))).toBe(0);
    await site.importAddons(catalogue.slice(0, 1));
    const cold = await site.get('/en-US/firefox/addon/tab-sorter/');
    expect(site.queries(cold)).toBeGreaterThan(0);
  });
});
