import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SHARED_PAGE_CACHE_CONTROL } from '../../src/http/cache-headers.ts';
import { type PageOrigin, startPageOrigin } from '../support/page-origin.ts';
import { catalogue } from './catalogue.ts';
import { allOf, attrOf, headingsOf, textOf } from './html.ts';

const TAB_SORTER_TAGS = 'catalogue,addon:tab-sorter%40trove.test';

describe('the storefront pages over a real origin', () => {
  let site: PageOrigin;
  const page = async (path: string, status = 200) => {
    const res = await site.get(path);
    expect(res.status, path).toBe(status);
    return { res, html: await res.text() };
  };

  beforeAll(async () => {
    site = await startPageOrigin();
    await site.importAddons(catalogue);
  });
  afterAll(async () => {
    await site?.close();
  });

  describe('routing', () => {
    it('redirects / and bare app paths to the default locale, shared by the edge for an hour', async () => {
      for (const [from, to] of [
        ['/', '/en-US/firefox/'],
        ['/firefox/', '/en-US/firefox/'],
        ['/firefox/addon/tab-sorter/?src=featured', '/en-US/firefox/addon/tab-sorter/?src=featured'],
        ['/android/addon/tab-sorter/versions/', '/en-US/android/addon/tab-sorter/versions/'],
        ['/en-us/firefox/addon/tab-sorter/', '/en-US/firefox/addon/tab-sorter/'],
        ['/fr/addon/tab-sorter/', '/fr/firefox/addon/tab-sorter/'],
      ]) {
        const res = await site.get(from ?? '');
        expect(res.status, from).toBe(302);
        expect(res.headers.get('Location'), from).toBe(to);
        expect(res.headers.get('Cache-Control'), from).toBe('public, max-age=3600');
      }
    });

    it('answers the branded 404 page for unknown locales, slugs, categories, types and pages', async () => {
      for (const path of [
        '/xx/firefox/',
        '/de-CH/firefox/addon/tab-sorter/',
        '/en-US/firefox/addon/no-such-addon/',
        '/en-US/firefox/addon/gone/',
        '/en-US/firefox/addon/no-such-addon/versions/',
        '/en-US/firefox/extensions/category/no-such-category/',
        '/en-US/firefox/themes/category/tabs/',
        '/en-US/firefox/dictionaries/',
        '/en-US/firefox/extensions/category/bookmarks/?page=3',
        '/en-US/firefox/extensions/category/bookmarks/?page=zero',
        '/en-US/firefox/user/nobody/',
      ]) {
        const { res, html } = await page(path, 404);
        expect(res.headers.get('Content-Type'), path).toMatch(/^text\/html/);
        expect(res.headers.get('Cache-Control'), path).toBe('public, max-age=60');
        expect(headingsOf(html), path).toEqual(['Page not found']);
      }
    });

    it('shows the 404 page in the locale of the missing page', async () => {
      const { html } = await page('/fr/firefox/addon/no-such-addon/', 404);
      expect(html).toContain('<html lang="fr"');
      expect(headingsOf(html)).toEqual(['Page introuvable']);
    });

    it('leaves paths outside the storefront to the origin', async () => {
      const res = await site.get('/definitely-not-here');
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ detail: 'Not found.' });
    });

    it('answers the branded 500 page, never cached, when a page fails', async () => {
      const search = vi
        .spyOn(site.origin.container.search, 'search')
        .mockRejectedValueOnce(new Error('down'));
      const { res, html } = await page('/de/firefox/search/?q=fails', 500);
      search.mockRestore();
      expect(res.headers.get('Cache-Control')).toBe('no-store');
      expect(res.headers.get('Cache-Tag')).toBeNull();
      expect(headingsOf(html)).toEqual(['Etwas ist schiefgelaufen']);
    });
  });

  describe('pages', () => {
    it('home: shelves of extensions for the app and the categories', async () => {
      const { res, html } = await page('/en-US/firefox/');
      expect(res.headers.get('Cache-Control')).toBe(SHARED_PAGE_CACHE_CONTROL);
      expect(res.headers.get('Cache-Tag')).toBe('catalogue');
      expect(headingsOf(html)).toEqual(['Add-ons for Firefox']);
      expect(textOf(html)).toMatch(/\d+ public add-ons/);
      const shelves = allOf(html, 'h2').map(textOf);
      expect(shelves).toEqual([
        'Recommended extensions',
        'Most popular extensions',
        'Top rated extensions',
        'Trending extensions',
        'Categories',
      ]);
      const recommended = html.slice(
        html.indexOf('id="shelf-recommended"'),
        html.indexOf('id="shelf-users"'),
      );
      expect(textOf(recommended)).toContain('Tab Sorter');
      expect(textOf(recommended)).not.toContain('Tab Stash');
      const popular = html.slice(html.indexOf('id="shelf-users"'), html.indexOf('id="shelf-rating"'));
      expect(allOf(popular, 'h3').map(textOf)).toEqual([
        'Tab Stash',
        'Tab Sorter',
        'Datenschutzwächter',
        'Bookmarker 27',
      ]);
      expect(html).toContain('href="/en-US/firefox/extensions/category/tabs/"');
      expect(html).not.toContain('Forest Night');
      expect(html).not.toContain('Pocket Reader');
    });

    it('home in French: translated chrome, add-on fields in French or their default locale', async () => {
      const { html } = await page('/fr/firefox/');
      expect(html).toContain('<html lang="fr"');
      expect(headingsOf(html)).toEqual(['Modules pour Firefox']);
      expect(html).toContain('Extensions recommandées');
      expect(html).toContain('Aller au contenu principal');
      expect(html).toContain('Trieur d’onglets');
      expect(html).toContain('<h3 lang="de"><a href="/fr/firefox/addon/datenschutz/">Datenschutzwächter</a>');
      expect(html).toMatch(/<h3 lang="en-US"><a [^>]*>Tab Stash<\/a>/);
    });

    it('the Android home lists what is compatible with Firefox for Android', async () => {
      const { html } = await page('/en-US/android/');
      expect(headingsOf(html)).toEqual(['Add-ons for Firefox for Android']);
      expect(html).toContain('Pocket Reader');
      expect(html).not.toContain('Tab Stash');
    });

    it('extensions and themes landings: shelves and category links', async () => {
      const extensions = await page('/en-US/firefox/extensions/');
      expect(headingsOf(extensions.html)).toEqual(['Extensions']);
      expect(extensions.html).toContain('Recommended extensions');
      expect(extensions.html).toContain('aria-current="page">Extensions</a>');
      expect(extensions.html).toContain('href="/en-US/firefox/extensions/category/privacy-security/"');
      const themes = await page('/de/firefox/themes/');
      expect(headingsOf(themes.html)).toEqual(['Themes']);
      expect(themes.html).toContain('Am besten bewertete Themes');
      expect(themes.html).toContain('Forest Night');
      expect(themes.html).toContain('href="/de/firefox/themes/category/nature/"');
    });

    it('category listing: sorted, paginated, with the current sort and page marked', async () => {
      const first = await page('/en-US/firefox/extensions/category/bookmarks/');
      expect(first.res.headers.get('Cache-Tag')).toBe('catalogue');
      expect(headingsOf(first.html)).toEqual(['Bookmarks']);
      expect(textOf(first.html)).toContain('27 add-ons');
      const names = allOf(first.html, 'h2').map(textOf);
      expect(names).toHaveLength(25);
      expect(names[0]).toBe('Bookmarker 27');
      expect(first.html).toContain('aria-current="page">Most users</a>');
      expect(first.html).toMatch(
        /<a href="\/en-US\/firefox\/extensions\/category\/bookmarks\/" aria-current="page">1<\/a>/,
      );
      expect(first.html).toContain('href="/en-US/firefox/extensions/category/bookmarks/?page=2" rel="next"');
      const second = await page('/en-US/firefox/extensions/category/bookmarks/?page=2');
      expect(allOf(second.html, 'h2').map(textOf)).toEqual(['Bookmarker 2', 'Bookmarker 1']);
      expect(second.html).toContain('aria-current="page">2</a>');
      const byName = await page('/en-US/firefox/extensions/category/tabs/?sort=created');
      expect(byName.html).toContain('aria-current="page">Newest</a>');
      expect(allOf(byName.html, 'h2').map(textOf).sort()).toEqual(['Tab Sorter', 'Tab Stash']);
    });

    it('add-on detail: everything about it, user input sanitised', async () => {
      const { res, html } = await page('/en-US/firefox/addon/tab-sorter/');
      expect(res.headers.get('Cache-Control')).toBe(SHARED_PAGE_CACHE_CONTROL);
      expect(res.headers.get('Cache-Tag')).toBe(TAB_SORTER_TAGS);
      expect(headingsOf(html)).toEqual(['Tab Sorter']);
      expect(html).toContain('Sorts your tabs by site.');
      expect(html).toContain('<a href="/en-US/firefox/user/ana/">Ana Lima</a>');
      expect(html).toContain('54,321');
      expect(html).toContain('4.6 out of 5 (321 ratings)');
      expect(attrOf(html, 'a class="button"', 'href')).toBe('/firefox/downloads/file/2/tab_sorter-2.0.xpi');
      expect(html).toContain('Add to Firefox');
      const about = html.slice(html.indexOf('id="about"'), html.indexOf('id="notes"'));
      expect(about).toContain(
        'Sorts <b>tabs</b> by site.<br>See <a href="https://example.com/help" rel="nofollow noopener">the help</a>.',
      );
      for (const bad of ['<script', 'javascript:', 'onclick', 'onerror', 'style=', '<iframe', '<img'])
        expect(html).not.toContain(bad);
      expect(html).toContain('Release notes for 2.0');
      expect(html).toContain('Faster <em>sorting</em><br>Fixes a crash');
      expect(html).toContain('<li>Access browser tabs</li>');
      expect(html).toContain('<li>Access your data for all websites</li>');
      expect(html).toContain('<li>Access your data for sites in the example.com domain</li>');
      expect(html).toContain('<li>Firefox 115.0 and later</li>');
      expect(html).toContain('<li>Firefox for Android 120.0 to 130.*</li>');
      expect(html).toContain('href="/en-US/firefox/addon/tab-sorter/versions/"');
    });

    it('add-on detail in French, with fallback to the default locale and no install for another app', async () => {
      const french = await page('/fr/firefox/addon/tab-sorter/');
      expect(headingsOf(french.html)).toEqual(['Trieur d’onglets']);
      expect(french.html).toContain('Ajouter à Firefox');
      expect(french.html).toMatch(/<dd>54\s321<\/dd>/);
      // No French description: the default locale's, marked as such.
      expect(french.html).toContain('<div class="prose" lang="en-US">Sorts <b>tabs</b>');
      const german = await page('/fr/firefox/addon/datenschutz/');
      expect(german.html).toContain('<h1 lang="de">Datenschutzwächter</h1>');
      const androidOnly = await page('/en-US/firefox/addon/android-only/');
      expect(androidOnly.html).not.toContain('class="button"');
      expect(androidOnly.html).toContain('This add-on is not available for Firefox.');
      const onAndroid = await page('/en-US/android/addon/android-only/');
      expect(onAndroid.html).toContain('Add to Firefox for Android');
      expect(attrOf(onAndroid.html, 'a class="button"', 'href')).toMatch(
        /^\/android\/downloads\/file\/\d+\//,
      );
    });

    it('versions history: newest first, with notes, compatibility and files', async () => {
      const { res, html } = await page('/en-US/firefox/addon/tab-sorter/versions/');
      expect(res.headers.get('Cache-Tag')).toBe(TAB_SORTER_TAGS);
      expect(headingsOf(html)).toEqual(['Tab Sorter version history']);
      expect(allOf(html, 'h2').map(textOf)).toEqual(['Version 2.0', 'Version 1.0']);
      expect(html).toContain('First release');
      expect(html).toContain('href="/firefox/downloads/file/2/tab_sorter-2.0.xpi"');
      expect(html).toContain('2 versions');
    });

    it('search: hits in the index order, filters by type, category and sort', async () => {
      const { res, html } = await page('/en-US/firefox/search/?q=tab');
      expect(res.headers.get('Cache-Tag')).toBe('catalogue');
      expect(headingsOf(html)).toEqual(['Results for “tab”']);
      expect(attrOf(html, 'input id="q"', 'value')).toBe('tab');
      const names = allOf(html, 'h2').map(textOf);
      expect(names.slice(0, 2).sort()).toEqual(['Tab Sorter', 'Tab Stash']);
      const byUsers = await page('/en-US/firefox/search/?q=tab&sort=users');
      expect(allOf(byUsers.html, 'h2').map(textOf).slice(0, 2)).toEqual(['Tab Stash', 'Tab Sorter']);
      expect(byUsers.html).toContain('<option value="users" selected>');
      const themes = await page('/en-US/firefox/search/?type=statictheme');
      expect(allOf(themes.html, 'h2').map(textOf)).toEqual(['Forest Night']);
      const privacy = await page('/en-US/firefox/search/?category=privacy-security&sort=users');
      expect(allOf(privacy.html, 'h2').map(textOf)).toEqual(['Tab Sorter', 'Datenschutzwächter']);
      expect(privacy.html).toContain('<option value="privacy-security" selected>');
      const recommended = await page('/en-US/firefox/search/?type=extension&promoted=recommended');
      expect(allOf(recommended.html, 'h2').map(textOf)).toEqual(['Tab Sorter']);
      const none = await page('/fr/firefox/search/?q=zzzzzz');
      expect(none.html).toContain('Aucun résultat.');
    });

    it('author page: their add-ons', async () => {
      const { html } = await page('/en-US/firefox/user/ana/');
      expect(headingsOf(html)).toEqual(['Ana Lima']);
      expect(allOf(html, 'h3').map(textOf)).toEqual(['Tab Stash', 'Tab Sorter']);
    });
  });

  describe('every page', () => {
    const PAGES = [
      '/en-US/firefox/',
      '/fr/firefox/extensions/',
      '/de/firefox/themes/',
      '/en-US/firefox/extensions/category/bookmarks/',
      '/en-US/firefox/addon/tab-sorter/',
      '/en-US/firefox/addon/tab-sorter/versions/',
      '/en-US/firefox/search/?q=tab',
      '/en-US/firefox/user/ana/',
      '/en-US/firefox/addon/no-such-addon/',
    ];

    it.each(PAGES)('%s: one h1, landmarks, a skip link, a labelled search box, no script', async (path) => {
      const res = await site.get(path);
      const html = await res.text();
      expect(headingsOf(html)).toHaveLength(1);
      for (const landmark of ['<header', '<nav aria-label=', '<main id="main"', '<footer'])
        expect(html).toContain(landmark);
      expect(html).toMatch(/<a class="skip" href="#main">/);
      expect(html).toMatch(/<label [^>]*for="q">[^<]+<\/label>/);
      expect(html).toMatch(/<html lang="(en-US|fr|de)"/);
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/\son[a-z]+=/i);
    });

    // Measured: detail 3.4 KB, a listing of 25 cards 9.7 KB, the stylesheet 3.6 KB.
    it('keeps to the page-weight budget: detail ≤ 4.5 KB, 25-card listing ≤ 12 KB, CSS ≤ 4.5 KB', async () => {
      const html = await (await site.get('/en-US/firefox/addon/tab-sorter/')).text();
      expect(Buffer.byteLength(html)).toBeLessThanOrEqual(4.5 * 1024);
      const sheets = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1] ?? '');
      expect(sheets).toHaveLength(1);
      const css = await site.get(sheets[0] ?? '');
      expect(css.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
      expect((await css.arrayBuffer()).byteLength).toBeLessThanOrEqual(4.5 * 1024);
      const listing = await (await site.get('/en-US/firefox/extensions/category/bookmarks/')).text();
      expect(Buffer.byteLength(listing)).toBeLessThanOrEqual(12 * 1024);
    });
  });
});
