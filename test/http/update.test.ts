import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDON_STATUS, CHANNEL, FILE_STATUS } from '../../src/domain/constants.ts';
import { ANDROID_GUID, addonFactory, updateQuery, versionFactory } from '../support/factories.ts';
import { createTestOrigin, TEST_SITE_URL } from '../support/test-origin.ts';

interface UpdateBody {
  addons: Record<string, { updates: { version: string; update_link: string }[] }>;
}
const json = async (res: Response) => (await res.json()) as UpdateBody;

describe('GET /update/ (AMO versioncheck)', () => {
  let origin: Awaited<ReturnType<typeof createTestOrigin>>;
  const addon = addonFactory({
    slug: 'tab-sorter',
    versions: [
      versionFactory({ id: 11, version: '1.0', file: { id: 21, filename: 'tab_sorter-1.0.xpi' } }),
      versionFactory({
        id: 12,
        version: '2.0',
        releaseNotes: 'New sorting',
        compat: { firefox: { min: '115.0', max: '130.*' }, android: { min: '120.0', max: '*' } },
        file: { id: 22, filename: 'tab_sorter-2.0.xpi', strictCompatibility: true },
      }),
      versionFactory({ id: 13, version: '3.0b1', channel: CHANNEL.unlisted }),
      versionFactory({ id: 14, version: '3.0', file: { status: FILE_STATUS.unreviewed } }),
    ],
  });
  const get = (qs: string, init?: RequestInit) => origin.app.request(`/update/VersionCheck.php?${qs}`, init);

  beforeAll(async () => {
    origin = await createTestOrigin();
    await origin.container.catalogue.importAddons([
      addon,
      addonFactory({ guid: 'gone@trove.test', status: ADDON_STATUS.deleted }),
      addonFactory({ guid: 'off@trove.test', disabledByUser: true }),
    ]);
  });
  afterAll(() => origin.close());

  it('answers with the newest compatible version and AMO’s headers', async () => {
    const res = await get(updateQuery(addon.guid, { appVersion: '128.0', compatMode: 'strict' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('application/json');
    expect(res.headers.get('Cache-Control')).toBe('max-age=3600');
    expect(res.headers.get('ETag')).toMatch(/^".+"$/);
    const body = await res.text();
    expect(res.headers.get('Content-Length')).toBe(String(new TextEncoder().encode(body).length));
    expect(JSON.parse(body)).toEqual({
      addons: {
        [addon.guid]: {
          updates: [
            {
              version: '2.0',
              update_link: `${TEST_SITE_URL}/firefox/downloads/file/22/tab_sorter-2.0.xpi`,
              applications: { gecko: { strict_min_version: '115.0', strict_max_version: '130.*' } },
              update_hash: addon.versions[1]?.file.hash,
              update_info_url: `${TEST_SITE_URL}/%APP_LOCALE%/firefox/addon/tab-sorter/versions/2.0/updateinfo/`,
            },
          ],
        },
      },
    });
  });

  it('serves /update/ the same as /update/VersionCheck.php, and redirects /update', async () => {
    const qs = updateQuery(addon.guid);
    const a = await (await origin.app.request(`/update/?${qs}`)).text();
    const b = await (await get(qs)).text();
    expect(a).toBe(b);
    const redirect = await origin.app.request(`/update?${qs}`);
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('Location')).toBe(`/update/?${qs}`);
  });

  it('falls back to an older version when the strict file does not match', async () => {
    const res = await get(updateQuery(addon.guid, { appVersion: '131.0', compatMode: 'normal' }));
    expect((await json(res)).addons[addon.guid]?.updates[0]?.version).toBe('1.0');
  });

  it('answers for Firefox for Android with its own link', async () => {
    const body = await json(await get(updateQuery(addon.guid, { appID: ANDROID_GUID, appVersion: '125.0' })));
    expect(body.addons[addon.guid]?.updates[0]?.update_link).toBe(
      `${TEST_SITE_URL}/android/downloads/file/22/tab_sorter-2.0.xpi`,
    );
  });

  it('answers 400 {} with the same headers when a required parameter is missing or the app is unknown', async () => {
    for (const qs of [
      'appID={ec8030f7-c20a-464f-9b0e-13a3a9e97384}&appVersion=128.0',
      `id=${addon.guid}&appVersion=128.0`,
      `id=${addon.guid}&appID={ec8030f7-c20a-464f-9b0e-13a3a9e97384}`,
      updateQuery(addon.guid, { appID: '{3550f703-e582-4d05-9a08-453d09bdfdc6}' }),
      updateQuery(addon.guid, { appVersion: '' }),
    ]) {
      const res = await get(qs);
      expect(res.status, qs).toBe(400);
      expect(await res.text()).toBe('{}');
      expect(res.headers.get('Cache-Control')).toBe('max-age=3600');
      expect(origin.queries(res)).toBe(0);
    }
  });

  it('answers 200 {} for unknown, deleted and developer-disabled add-ons', async () => {
    for (const guid of ['nobody@trove.test', 'gone@trove.test', 'off@trove.test']) {
      const res = await get(updateQuery(guid));
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('{}');
    }
  });

  it('never serves unlisted or unreviewed versions', async () => {
    const body = await json(
      await get(updateQuery(addon.guid, { appVersion: '120.0', compatMode: 'ignore' })),
    );
    expect(body.addons[addon.guid]?.updates.map((u) => u.version)).toEqual(['2.0']);
  });

  it('runs at most 2 statements cold and none when the process cache is warm', async () => {
    const fresh = addonFactory();
    await origin.container.catalogue.importAddons([fresh]);
    const cold = await get(updateQuery(fresh.guid));
    expect(origin.queries(cold)).toBe(2);
    expect(cold.headers.get('X-Trove-Source')).toBe('db');
    const warm = await get(updateQuery(fresh.guid, { appVersion: '100.0' }));
    expect(origin.queries(warm)).toBe(0);
    expect(warm.headers.get('X-Trove-Source')).toBe('memory');
    const unknown = await get(updateQuery('not-there@trove.test'));
    expect(origin.queries(unknown)).toBe(1);
    expect(origin.queries(await get(updateQuery('not-there@trove.test')))).toBe(0);
  });

  it('is never stale after a write: import invalidates the cached manifest', async () => {
    const changing = addonFactory({ versions: [versionFactory({ version: '1.0' })] });
    await origin.container.catalogue.importAddons([changing]);
    const before = await json(await get(updateQuery(changing.guid)));
    expect(before.addons[changing.guid]?.updates[0]?.version).toBe('1.0');
    await origin.container.catalogue.importAddons([
      { ...changing, versions: [...changing.versions, versionFactory({ version: '1.1' })] },
    ]);
    const after = await json(await get(updateQuery(changing.guid)));
    expect(after.addons[changing.guid]?.updates[0]?.version).toBe('1.1');
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await get(updateQuery(addon.guid));
    const etag = first.headers.get('ETag') ?? '';
    const second = await get(updateQuery(addon.guid), { headers: { 'If-None-Match': etag } });
    expect(second.status).toBe(304);
    expect(second.headers.get('ETag')).toBe(etag);
  });

  it('takes the last of repeated parameters, as Django does', async () => {
    const qs = `${updateQuery('nobody@trove.test')}&id=${encodeURIComponent(addon.guid)}`;
    const body = await json(await get(qs));
    expect(Object.keys(body.addons)).toEqual([addon.guid]);
  });

  it('answers garbage with 200 or 400, never a 500', async () => {
    const garbage = [
      `id=${'x'.repeat(10_000)}&appID={ec8030f7-c20a-464f-9b0e-13a3a9e97384}&appVersion=1`,
      'id=%ZZ%C0%80&appID=%ec8030f7&appVersion=%%%',
      'id=a%00b@trove.test&appID={ec8030f7-c20a-464f-9b0e-13a3a9e97384}&appVersion=%FF%FE',
      `id=${encodeURIComponent('"><script>')}&appID={ec8030f7-c20a-464f-9b0e-13a3a9e97384}&appVersion=${'9'.repeat(400)}`,
      'id[]=1&appID[]=2&appVersion[]=3',
      `id=__proto__&appID={ec8030f7-c20a-464f-9b0e-13a3a9e97384}&appVersion=1.0&compatMode=${'\u0000'}`,
      `id=${encodeURIComponent('😀@trove.test')}&appID={ec8030f7-c20a-464f-9b0e-13a3a9e97384}&appVersion=*.*.*`,
    ];
    for (const qs of garbage) {
      const res = await get(qs);
      expect([200, 400], qs.slice(0, 80)).toContain(res.status);
      JSON.parse(await res.text());
    }
    const proto = await (
      await get('id=__proto__&appID={ec8030f7-c20a-464f-9b0e-13a3a9e97384}&appVersion=1.0')
    ).text();
    expect(proto).toBe('{}');
  });
});
