import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDON_STATUS, ADDON_TYPES } from '../../src/domain/constants.ts';
import { addonFactory, versionFactory } from '../support/factories.ts';
import { createTestOrigin, TEST_SITE_URL } from '../support/test-origin.ts';

type Json = Record<string, unknown> & { results?: Json[] };

describe('the v5 read API (amo.md b.1–b.5)', () => {
  let origin: Awaited<ReturnType<typeof createTestOrigin>>;
  const get = async (path: string) => {
    const res = await origin.app.request(path);
    return { res, body: (await res.json()) as Json };
  };
  const sorter = addonFactory({
    slug: 'tab-sorter',
    guid: 'tab-sorter@trove.test',
    name: { 'en-US': 'Tab Sorter', fr: 'Trieur d’onglets' },
    summary: { 'en-US': 'Sorts your tabs' },
    description: { 'en-US': 'Sorts <b>tabs</b>' },
    tags: ['tabs'],
    categories: [93],
    averageDailyUsers: 5000,
    versions: [
      versionFactory({ version: '1.0' }),
      versionFactory({ version: '1.1', releaseNotes: 'Faster' }),
    ],
  });
  const theme = addonFactory({
    slug: 'night-sky',
    type: ADDON_TYPES.statictheme,
    categories: [302],
    name: { 'en-US': 'Night Sky' },
  });
  const hidden = addonFactory({
    slug: 'hidden-one',
    status: ADDON_STATUS.disabled,
    name: { 'en-US': 'Tab Hidden' },
  });

  beforeAll(async () => {
    origin = await createTestOrigin();
    await origin.container.catalogue.importAddons([sorter, theme, hidden]);
  });
  afterAll(async () => {
    await origin?.close();
  });

  it('answers add-on detail by id, slug and guid, with translated fields as objects or, with lang, strings', async () => {
    const { res, body } = await get('/api/v5/addons/addon/tab-sorter/');
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toContain('max-age=360');
    expect(res.headers.get('Cache-Tag')).toBe('addon:tab-sorter%40trove.test');
    expect(body).toMatchObject({
      slug: 'tab-sorter',
      guid: 'tab-sorter@trove.test',
      type: 'extension',
      status: 'public',
      name: { 'en-US': 'Tab Sorter', fr: 'Trieur d’onglets' },
      categories: ['tabs'],
      tags: ['tabs'],
      average_daily_users: 5000,
      url: `${TEST_SITE_URL}/en-US/firefox/addon/tab-sorter/`,
    });
    const version = body.current_version as Json;
    expect(version).toMatchObject({
      version: '1.1',
      channel: 'listed',
      release_notes: { 'en-US': 'Faster' },
    });
    expect((version.file as Json).url).toMatch(new RegExp(`^${TEST_SITE_URL}/firefox/downloads/file/\\d+/`));
    const byId = await get(`/api/v5/addons/addon/${body.id}/?lang=fr`);
    expect(byId.body.name).toBe('Trieur d’onglets');
    expect(byId.body.summary).toBe('Sorts your tabs');
    expect((await get('/api/v5/addons/addon/tab-sorter@trove.test/')).body.id).toBe(body.id);
  });

  it('hides non-public add-ons and says what is wrong with bad parameters', async () => {
    const missing = await get('/api/v5/addons/addon/hidden-one/');
    expect(missing.res.status).toBe(404);
    expect(missing.body).toEqual({ detail: 'Not found.' });
    const bad = await get('/api/v5/addons/search/?page_size=500&type=spaceship');
    expect(bad.res.status).toBe(400);
    expect(bad.body.page_size).toEqual(['Ensure this value is less than or equal to 50.']);
    expect(String((bad.body.type as string[])[0])).toContain('Invalid type');
    const long = await get(`/api/v5/addons/search/?q=${'a'.repeat(101)}`);
    expect(long.res.status).toBe(400);
    expect(long.body.q).toEqual(['Ensure this field has no more than 100 characters.']);
  });

  it('lists versions with the pagination envelope, and finds one by id or number', async () => {
    const { body } = await get('/api/v5/addons/addon/tab-sorter/versions/?page_size=1');
    expect(body).toMatchObject({ count: 2, page_size: 1, page_count: 2, previous: null });
    expect(String(body.next)).toContain('page=2');
    expect(body.results?.map((v) => v.version)).toEqual(['1.1']);
    const byNumber = await get('/api/v5/addons/addon/tab-sorter/versions/1.0/');
    expect(byNumber.body.version).toBe('1.0');
    const byId = await get(`/api/v5/addons/addon/tab-sorter/versions/${byNumber.body.id}/`);
    expect(byId.body.version).toBe('1.0');
    expect((await get('/api/v5/addons/addon/tab-sorter/versions/v9.9/')).res.status).toBe(404);
    expect((await get('/api/v5/addons/addon/tab-sorter/versions/?page=9')).res.status).toBe(404);
  });

  it('searches public add-ons with _score, filters and autocomplete', async () => {
    const { res, body } = await get('/api/v5/addons/search/?q=tab&lang=en-US');
    expect(res.status).toBe(200);
    expect(body.results?.map((a) => a.slug)).toEqual(['tab-sorter']);
    expect(typeof body.results?.[0]?._score).toBe('number');
    expect(body.results?.[0]?.name).toBe('Tab Sorter');
    const themes = await get('/api/v5/addons/search/?type=statictheme');
    expect(themes.body.results?.map((a) => a.slug)).toEqual(['night-sky']);
    const complete = await get('/api/v5/addons/autocomplete/?q=tab%20so');
    expect(complete.body.results?.map((a) => Object.keys(a).sort())).toEqual([
      ['icon_url', 'icons', 'id', 'name', 'promoted', 'type', 'url'],
    ]);
  });

  it('lists the categories (not paginated)', async () => {
    const { body } = await get('/api/v5/addons/categories/');
    const list = body as unknown as Json[];
    expect(list.find((c) => c.slug === 'tabs')).toEqual({
      id: 93,
      name: 'Tabs',
      slug: 'tabs',
      misc: false,
      type: 'extension',
      weight: 0,
      description: null,
    });
  });
});
