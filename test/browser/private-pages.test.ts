import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHARED_PAGE_CACHE_CONTROL } from '../../src/http/cache-headers.ts';
import { type BrowserSession, openBrowser } from '../support/browser.ts';
import { type PageOrigin, startPageOrigin } from '../support/page-origin.ts';
import { browserCatalogue } from './catalogue.ts';

describe('what a signed-in visitor gets is never stored', () => {
  let site: PageOrigin;
  let session: BrowserSession;

  beforeAll(async () => {
    site = await startPageOrigin();
    await site.importAddons(browserCatalogue.slice(0, 1));
    session = await openBrowser(site.url);
  });
  afterAll(async () => {
    await session?.close();
    await site?.close();
  });

  const cacheControl = async (path: string, page = session.page) => {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(200);
    return res?.headers()['cache-control'];
  };
  /** What a signed-in response tells shared caches besides Cache-Control: nothing. */
  const sharedHints = async (path: string) => {
    const headers = (await session.page.goto(path))?.headers() ?? {};
    return [headers['cdn-cache-control'], headers['cache-tag']];
  };

  it('shares catalogue pages with anonymous visitors, but not the forms carrying their CSRF token', async () => {
    // Another visitor: the browser would keep the shared page for a minute, and show it after sign-in.
    const anonymous = await session.browser.newContext({ baseURL: site.url });
    const page = await anonymous.newPage();
    expect(await cacheControl('/en-US/firefox/addon/tab-sorter/', page)).toBe(SHARED_PAGE_CACHE_CONTROL);
    expect(await cacheControl('/en-US/firefox/users/signup/', page)).toBe('private, no-store');
    expect(await cacheControl('/en-US/firefox/users/login/', page)).toBe('private, no-store');
    await anonymous.close();
  });

  it('answers `Cache-Control: private, no-store` for every page once signed in', async () => {
    const { page } = session;
    await page.goto('/en-US/firefox/users/signup/');
    await page.getByLabel('Username', { exact: true }).fill('cache-tester');
    await page.getByLabel('Email address').fill('cache@example.com');
    await page.getByLabel('Password').fill('a long enough password');
    await page.getByRole('button', { name: 'Create my account' }).click();
    await page.waitForURL('**/users/edit/?welcome=1');

    for (const path of [
      '/en-US/firefox/users/edit/',
      '/en-US/developers/',
      '/en-US/developers/addon/api/key/',
      '/en-US/firefox/',
      '/en-US/firefox/addon/tab-sorter/',
      '/fr/firefox/search/?q=tab',
    ]) {
      expect(await cacheControl(path), path).toBe('private, no-store');
      expect(await sharedHints(path), path).toEqual([undefined, undefined]);
    }
    expect(session.problems()).toEqual([]);
  });

  it('sends anonymous visitors of a personal page to sign in, and back after', async () => {
    const anonymous = await session.browser.newContext({ baseURL: site.url });
    const page = await anonymous.newPage();
    const res = await page.goto('/de/developers/addon/api/key/');
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(
      '/de/firefox/users/login/?next=%2Fde%2Fdevelopers%2Faddon%2Fapi%2Fkey%2F',
    );
    expect(res?.headers()['cache-control']).toBe('private, no-store');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Anmelden');
    await anonymous.close();
  });
});
