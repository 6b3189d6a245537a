import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILE_STATUS } from '../../src/domain/constants.ts';
import { addonFactory, versionFactory } from '../support/factories.ts';
import { createTestOrigin } from '../support/test-origin.ts';

describe('GET /{app}/downloads/file/{id}/{filename}', () => {
  let origin: Awaited<ReturnType<typeof createTestOrigin>>;
  const bytes = new TextEncoder().encode('PK\u0003\u0004 a package');
  const addon = addonFactory({
    id: 4242,
    versions: [
      versionFactory({ id: 1, file: { id: 71, filename: 'tab_sorter-1.0.xpi' } }),
      versionFactory({
        id: 2,
        file: { id: 72, filename: 'tab_sorter-2.0.xpi', status: FILE_STATUS.unreviewed },
      }),
      versionFactory({ id: 3, file: { id: 73, filename: 'tab_sorter-3.0.xpi' } }),
    ],
  });

  beforeAll(async () => {
    origin = await createTestOrigin();
    await origin.container.catalogue.importAddons([addon]);
    const { blobs } = origin.container.servicesFor({ pinned: false });
    await blobs.put('files/4242/tab_sorter-1.0.xpi', bytes);
    await blobs.put('files/4242/tab_sorter-2.0.xpi', bytes);
  });
  afterAll(() => origin.close());

  it('serves the stored package of an approved file, for either app', async () => {
    for (const app of ['firefox', 'android']) {
      const res = await origin.app.request(`/${app}/downloads/file/71/tab_sorter-1.0.xpi`);
      expect(res.status).toBe(200);
      expect(res.headers.get('Content-Type')).toBe('application/x-xpinstall');
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);
    }
  });

  it.each([
    ['an unreviewed file', '/firefox/downloads/file/72/tab_sorter-2.0.xpi'],
    ['an approved file with no stored package', '/firefox/downloads/file/73/tab_sorter-3.0.xpi'],
    ['the wrong file name', '/firefox/downloads/file/71/other.xpi'],
    ['an unknown id', '/firefox/downloads/file/999999/tab_sorter-1.0.xpi'],
    ['an unknown app', '/thunderbird/downloads/file/71/tab_sorter-1.0.xpi'],
    ['a huge id', '/firefox/downloads/file/99999999999999999999/x.xpi'],
  ])('answers 404 for %s', async (_what, url) => {
    const res = await origin.app.request(url);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ detail: 'Not found.' });
  });
});
