import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserSession, openBrowser } from '../support/browser.ts';
import { type PageOrigin, startPageOrigin } from '../support/page-origin.ts';
import { browserCatalogue } from './catalogue.ts';

describe('the storefront in Chromium', () => {
  let site: PageOrigin;
  let session: BrowserSession;

  beforeAll(async () => {
    site = await startPageOrigin();
    await site.importAddons(browserCatalogue);
    session = await openBrowser(site.url);
  });
  afterAll(async () => {
    await session?.close();
    await site?.close();
  });

  /** The page's one h1, once the page has loaded. */
  const heading = () => session.page.getByRole('heading', { level: 1 }).textContent();

  it('home → a category → an add-on → search → French (and its 404), with nothing failing on the way', async () => {
    const { page } = session;

    const home = await page.goto('/en-US/firefox/');
    expect(home?.status()).toBe(200);
    expect(await heading()).toBe('Add-ons for Firefox');
    const recommended = page.getByRole('region', { name: 'Recommended extensions' });
    expect(await recommended.getByRole('link', { name: 'Tab Sorter' }).isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: 'Register' }).isVisible()).toBe(true);
    await session.screenshot('storefront-1-home');
    expect(session.problems()).toEqual([]);

    await page.getByRole('region', { name: 'Categories' }).getByRole('link', { name: 'Tabs' }).click();
    await page.waitForURL('/en-US/firefox/extensions/category/tabs/');
    expect(await heading()).toBe('Tabs');
    expect(await page.getByText('2 add-ons').isVisible()).toBe(true);
    const listed = await page.getByRole('main').getByRole('heading', { level: 2 }).allTextContents();
    expect(listed).toEqual(['Tab Stash', 'Tab Sorter']);
    await session.screenshot('storefront-2-category');
    expect(session.problems()).toEqual([]);

    await page.getByRole('link', { name: 'Tab Sorter', exact: true }).click();
    await page.waitForURL('/en-US/firefox/addon/tab-sorter/');
    expect(await heading()).toBe('Tab Sorter');
    expect(await page.getByText('Sorts your tabs by site.').isVisible()).toBe(true);
    const install = page.getByRole('link', { name: 'Add to Firefox' });
    expect(await install.getAttribute('href')).toMatch(/^\/firefox\/downloads\/file\/\d+\/.+\.xpi$/);
    await session.screenshot('storefront-3-addon');
    expect(session.problems()).toEqual([]);

    const box = page.getByRole('searchbox', { name: 'Search add-ons' });
    await box.fill('bookmark');
    await box.press('Enter');
    await page.waitForURL('/en-US/firefox/search/?q=bookmark');
    expect(await heading()).toBe('Results for “bookmark”');
    expect(await page.getByRole('status').textContent()).toBe('1 result');
    expect(await page.getByRole('link', { name: 'Bookmark Buddy' }).isVisible()).toBe(true);
    expect(await box.inputValue()).toBe('bookmark');
    await session.screenshot('storefront-4-search');
    expect(session.problems()).toEqual([]);

    await page.getByRole('navigation', { name: 'Language' }).getByRole('link', { name: 'Français' }).click();
    await page.waitForURL('/fr/firefox/search/?q=bookmark');
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    expect(await heading()).toBe('Résultats pour « bookmark »');
    expect(await page.getByRole('searchbox', { name: 'Rechercher des modules' }).inputValue()).toBe(
      'bookmark',
    );
    expect(await page.getByRole('link', { name: 'Se connecter' }).isVisible()).toBe(true);
    await session.screenshot('storefront-5-search-fr');

    await page.getByRole('link', { name: 'Trove', exact: true }).click();
    await page.waitForURL('/fr/firefox/');
    expect(await heading()).toBe('Modules pour Firefox');
    const frRecommended = page.getByRole('region', { name: 'Extensions recommandées' });
    expect(await frRecommended.getByRole('link', { name: 'Trieur d’onglets' }).isVisible()).toBe(true);
    await session.screenshot('storefront-6-home-fr');
    expect(session.problems()).toEqual([]);

    session.allowHttpError(404, '/fr/firefox/addon/no-such-addon/');
    const missing = await page.goto('/fr/firefox/addon/no-such-addon/');
    expect(missing?.status()).toBe(404);
    expect(await heading()).toBe('Page introuvable');
    expect(session.problems()).toEqual([]);
  });
});
