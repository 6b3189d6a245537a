import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extensionZip } from '../fixtures/packages.ts';
import { updateQuery } from '../support/factories.ts';
import { createTestOrigin } from '../support/test-origin.ts';
import {
  apiAs,
  type Developer,
  developerFactory,
  jwtFor,
  sha256Hex,
  type TestOrigin,
  uploadAndValidate,
} from './submission-support.ts';

let guids = 0;
const newGuid = () => `ext${++guids}-${Date.now()}@trove.test`;
const pathOf = (url: string) => new URL(url).pathname;

type Json = Record<string, unknown> & {
  version: Record<string, unknown> & { file: Record<string, unknown> };
};

describe('submitting add-ons and versions (v5, as web-ext does)', () => {
  let origin: TestOrigin;
  let dev: Developer;
  let other: Developer;
  beforeAll(async () => {
    origin = await createTestOrigin();
    [dev, other] = [await developerFactory(origin), await developerFactory(origin)];
  });
  afterAll(() => origin.close());

  /** A validated upload of an extension with this guid and version. */
  async function upload(
    who: Developer,
    guid: string,
    version = '1.0.0',
    channel: 'listed' | 'unlisted' = 'unlisted',
    manifest = {},
  ) {
    const bytes = await extensionZip({
      version,
      browser_specific_settings: { gecko: { id: guid } },
      ...manifest,
    });
    const done = await uploadAndValidate(origin, who, bytes, channel);
    expect(done.valid).toBe(true);
    return { uuid: done.uuid, bytes };
  }

  const put = (who: Developer, guid: string, body: unknown) =>
    apiAs(origin, who).send('PUT', `/api/v5/addons/addon/${encodeURIComponent(guid)}/`, body);

  it('PUT creates an unlisted add-on whose version is approved at once, with the fields web-ext reads', async () => {
    const guid = newGuid();
    const { uuid, bytes } = await upload(dev, guid);
    const res = await put(dev, guid, { version: { upload: uuid, license: 'MPL-2.0' } });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Json;
    expect(body.guid).toBe(guid);
    expect(body.status).toBe('incomplete');
    expect(body.version).toMatchObject({
      channel: 'unlisted',
      version: '1.0.0',
      license: { slug: 'MPL-2.0' },
    });
    expect(body.version.id).toEqual(expect.any(Number));
    expect(body.version.edit_url).toMatch(/\/developers\/addon\/.+\/versions\/\d+$/);
    expect(body.version.file).toMatchObject({
      status: 'public',
      hash: await sha256Hex(bytes),
      size: bytes.length,
    });
    expect(body.version.file.url).toMatch(
      /\/firefox\/downloads\/file\/\d+\/trove_test_extension-1\.0\.0\.xpi$/,
    );
    const upload2 = await apiAs(origin, dev).get(`/api/v5/addons/upload/${uuid}/`);
    expect(await upload2.json()).toMatchObject({ submitted: true });
  });

  it('shows the unlisted version and its file to the author only, and keeps it out of update checks', async () => {
    const guid = newGuid();
    const { uuid, bytes } = await upload(dev, guid);
    const created = (await (await put(dev, guid, { version: { upload: uuid } })).json()) as Json;
    const versionPath = `/api/v5/addons/addon/${encodeURIComponent(guid)}/versions/${created.version.id}/`;
    const mine = await apiAs(origin, dev).get(versionPath);
    expect(mine.status).toBe(200);
    expect(await mine.json()).toMatchObject({ file: { status: 'public' } });
    for (const who of [other, null]) expect((await apiAs(origin, who).get(versionPath)).status).toBe(404);

    const fileUrl = pathOf(created.version.file.url as string);
    const download = await apiAs(origin, dev).get(fileUrl);
    expect(download.status).toBe(200);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);
    expect(download.headers.get('X-Target-Digest')).toBe(created.version.file.hash);
    expect(download.headers.get('Cache-Control')).toBe('private, no-store');
    for (const who of [other, null]) expect((await apiAs(origin, who).get(fileUrl)).status).toBe(404);

    const check = await origin.app.request(`/update/VersionCheck.php?${updateQuery(guid)}`);
    expect(await check.json()).toEqual({ addons: { [guid]: { updates: [] } } });
    expect((await apiAs(origin, null).get(`/api/v5/addons/addon/${encodeURIComponent(guid)}/`)).status).toBe(
      404,
    );
  });

  it('PUT on an existing guid adds a version for its authors, and 403s for anyone else', async () => {
    const guid = newGuid();
    await put(dev, guid, { version: { upload: (await upload(dev, guid)).uuid } });
    const second = await put(dev, guid, { version: { upload: (await upload(dev, guid, '1.1.0')).uuid } });
    expect(second.status).toBe(200);
    expect(((await second.json()) as Json).version.version).toBe('1.1.0');
    const intruder = await put(other, guid, {
      version: { upload: (await upload(other, guid, '6.6.6')).uuid },
    });
    expect(intruder.status).toBe(403);
    expect(await intruder.json()).toMatchObject({
      detail: 'You do not have permission to perform this action.',
    });
  });

  it('POST versions/ adds a version by id, slug or guid, for authors only', async () => {
    const guid = newGuid();
    const created = (await (
      await put(dev, guid, { version: { upload: (await upload(dev, guid)).uuid } })
    ).json()) as Json;
    const res = await apiAs(origin, dev).send('POST', `/api/v5/addons/addon/${created.slug}/versions/`, {
      upload: (await upload(dev, guid, '2.0.0')).uuid,
      release_notes: { 'en-US': 'Faster.' },
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ version: '2.0.0', release_notes: { 'en-US': 'Faster.' } });
    const intruder = await apiAs(origin, other).send('POST', `/api/v5/addons/addon/${created.id}/versions/`, {
      upload: (await upload(other, guid, '3.0.0')).uuid,
    });
    expect(intruder.status).toBe(403);
  });

  it('refuses a version number the add-on already has', async () => {
    const guid = newGuid();
    await put(dev, guid, { version: { upload: (await upload(dev, guid)).uuid } });
    const again = await put(dev, guid, { version: { upload: (await upload(dev, guid)).uuid } });
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ version: { version: ['Version 1.0.0 already exists.'] } });
  });

  it("refuses uploads that are submitted already, invalid, or someone else's", async () => {
    const guid = newGuid();
    const { uuid } = await upload(dev, guid);
    await put(dev, guid, { version: { upload: uuid } });
    const reused = await put(dev, guid, { version: { upload: uuid } });
    expect(await reused.json()).toEqual({ version: { upload: ['Upload already submitted.'] } });

    const invalid = await uploadAndValidate(origin, dev, await extensionZip({ version: 'one' }));
    const res = await put(dev, guid, { version: { upload: invalid.uuid } });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ version: { upload: ['Upload is not valid.'] } });

    const theirs = await upload(other, newGuid());
    const stolen = await apiAs(origin, dev).send('POST', '/api/v5/addons/addon/', {
      version: { upload: theirs.uuid },
    });
    expect(await stolen.json()).toEqual({ version: { upload: ['Upload not found.'] } });
  });

  it('POST /addon/ creates from the manifest id, and answers 409 when that id exists', async () => {
    const guid = newGuid();
    const first = await apiAs(origin, dev).send('POST', '/api/v5/addons/addon/', {
      version: { upload: (await upload(dev, guid)).uuid },
    });
    expect(first.status).toBe(201);
    expect(((await first.json()) as Json).guid).toBe(guid);
    const again = await apiAs(origin, other).send('POST', '/api/v5/addons/addon/', {
      version: { upload: (await upload(other, guid, '9.0.0')).uuid },
    });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ detail: 'Duplicate add-on ID found.' });
  });

  it("PUT refuses an upload whose manifest id is not the URL's", async () => {
    const res = await put(dev, newGuid(), { version: { upload: (await upload(dev, newGuid())).uuid } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toMatch(/does not match the ID in the URL/);
  });

  it('needs a summary, categories and a license for a listed version', async () => {
    const guid = newGuid();
    const { uuid } = await upload(dev, guid, '1.0.0', 'listed', { description: undefined });
    const res = await put(dev, guid, { version: { upload: uuid } });
    expect(res.status).toBe(400);
    const required = ['This field is required for add-ons with listed versions.'];
    expect(await res.json()).toEqual({
      summary: required,
      categories: required,
      version: { license: ['This field, or custom_license, is required for listed versions.'] },
    });
    const ok = await put(dev, guid, {
      summary: 'Sorts tabs.',
      categories: ['tabs'],
      version: { upload: uuid, license: 'MIT' },
    });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({
      status: 'nominated',
      categories: ['tabs'],
      version: { file: { status: 'unreviewed' } },
    });
  });

  it.each([
    ['a body that is not JSON', 'not json', /JSON parse error/],
    ['no version', {}, /"version":\["This field is required\."\]/],
    [
      'an upload that is not a string',
      { version: { upload: 42 } },
      /"upload":\["Not a valid upload uuid\."\]/,
    ],
    [
      'an unknown category',
      { categories: ['nope'], version: { upload: 'valid' } },
      /Invalid category name nope/,
    ],
    [
      'an unknown license',
      { version: { upload: 'f'.repeat(32), license: 'WTFPL' } },
      /License with slug \\"WTFPL\\" does not exist/,
    ],
  ])('answers 400, not 500, to %s', async (_what, body, message) => {
    const res = await origin.app.request('/api/v5/addons/addon/', {
      method: 'POST',
      body:
        typeof body === 'string'
          ? body
          : JSON.stringify(body).replace('"valid"', JSON.stringify((await upload(dev, newGuid())).uuid)),
      headers: { Authorization: `JWT ${await jwtFor(dev)}`, 'Content-Type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toMatch(message);
  });

  it('answers 401 to an anonymous submission before reading its body', async () => {
    const res = await origin.app.request('/api/v5/addons/addon/', { method: 'POST', body: 'not json' });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ detail: 'Authentication credentials were not provided.' });
  });
});
