import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDON_STATUS } from '../../src/domain/constants.ts';
import { addonFactory } from '../support/factories.ts';
import { type Call, callInit, type Person, signUpPerson } from '../support/signed-in.ts';
import { createTestOrigin } from '../support/test-origin.ts';

type Origin = Awaited<ReturnType<typeof createTestOrigin>>;
type Json = Record<string, unknown>;

describe('collections API (amo.md b.7)', () => {
  let origin: Origin;
  let owner: Person;
  let other: Person;
  let editor: Person;
  const popular = addonFactory({ averageDailyUsers: 50_000, name: { 'en-US': 'Zebra tabs' } });
  const quiet = addonFactory({ averageDailyUsers: 5, name: { 'en-US': 'Apple notes' } });
  const hidden = addonFactory({ status: ADDON_STATUS.nominated });

  const call = async (method: string, path: string, c: Call = {}) =>
    origin.app.request(path, await callInit(method, c));
  const json = async (res: Response) => (await res.json()) as Json;
  const base = (who: Person) => `/api/v5/accounts/account/${who.account.id}/collections`;
  /** A new collection of the owner's; returns its API path. */
  let made = 0;
  const collection = async (input: Json = {}) => {
    const slug = `list-${++made}`;
    const res = await call('POST', `${base(owner)}/`, {
      as: owner,
      json: { name: `List ${made}`, slug, ...input },
    });
    if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
    return `${base(owner)}/${(input.slug as string) ?? slug}`;
  };

  beforeAll(async () => {
    origin = await createTestOrigin();
    [owner, other, editor] = await Promise.all([
      signUpPerson(origin.container, 'owner'),
      signUpPerson(origin.container, 'other'),
      signUpPerson(origin.container, 'editor', 'Collections:Edit'),
    ]);
    await origin.container.catalogue.importAddons([popular, quiet, hidden]);
  });
  afterAll(async () => {
    await origin?.close();
  });

  it('creates a collection with AMO’s object; slugs are unique per owner and validated', async () => {
    const res = await call('POST', `${base(owner)}/`, {
      as: owner,
      json: { name: { 'en-US': 'Best tabs' }, slug: 'best-tabs', description: 'Tabs I like' },
    });
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(Object.keys(body).sort()).toEqual(
      [
        'addon_count',
        'author',
        'default_locale',
        'description',
        'id',
        'modified',
        'name',
        'public',
        'slug',
        'url',
        'uuid',
      ].sort(),
    );
    expect(body).toMatchObject({
      addon_count: 0,
      author: { id: owner.account.id, username: owner.account.username, name: owner.account.displayName },
      default_locale: 'en-US',
      description: { 'en-US': 'Tabs I like' },
      name: { 'en-US': 'Best tabs' },
      public: true,
      slug: 'best-tabs',
      url: `https://trove.test/en-US/firefox/collections/${owner.account.id}/best-tabs/`,
    });
    expect(body.uuid).toMatch(/^[0-9a-f]{32}$/);
    const taken = await call('POST', `${base(owner)}/`, {
      as: owner,
      json: { name: 'Again', slug: 'best-tabs' },
    });
    expect([taken.status, await json(taken)]).toEqual([
      400,
      { slug: ['This custom URL is already in use by another one of your collections.'] },
    ]);
    const bad = await call('POST', `${base(owner)}/`, {
      as: owner,
      json: { name: '', slug: 'no spaces', public: 'x' },
    });
    expect([bad.status, Object.keys(await json(bad)).sort()]).toEqual([400, ['name', 'slug']]);
    const elsewhere = await call('POST', `${base(other)}/`, {
      as: owner,
      json: { name: 'Mine', slug: 'mine' },
    });
    expect([elsewhere.status, (await json(elsewhere)).detail]).toEqual([
      403,
      'You do not have permission to perform this action.',
    ]);
    const anonymous = await call('POST', `${base(owner)}/`, { json: { name: 'Anon', slug: 'anon' } });
    expect(anonymous.status).toBe(401);
  });

  it('shows public collections to anyone (cacheable), private ones to the owner and editors only', async () => {
    const open = await collection();
    const anonymous = await call('GET', `${open}/`);
    expect([anonymous.status, anonymous.headers.get('Cache-Control')]).toEqual([200, 'public, max-age=360']);
    expect((await call('GET', `${open}/`, { as: other })).headers.get('Cache-Control')).toBe(
      'private, no-store',
    );
    const closed = await collection({ public: false });
    expect((await call('GET', `${closed}/`)).status).toBe(404);
    const toOther = await call('GET', `${closed}/`, { as: other });
    expect([toOther.status, await json(toOther)]).toEqual([
      404,
      expect.objectContaining({ detail: 'Not found.' }),
    ]);
    expect((await call('GET', `${closed}/addons/`, { as: other })).status).toBe(404);
    expect((await call('GET', `${closed}/`, { as: owner })).status).toBe(200);
    expect((await call('GET', `${closed}/`, { as: editor })).status).toBe(200);
    const byName = `/api/v5/accounts/account/${owner.account.username}/collections/${closed.split('/').pop()}/`;
    expect((await call('GET', byName, { as: owner })).status).toBe(200);
    expect((await call('GET', '/api/v5/accounts/account/nobody-here/collections/x/')).status).toBe(404);
  });

  it('lists one’s own collections; someone else’s need Collections:Edit', async () => {
    await collection({ public: false });
    const own = await json(await call('GET', `${base(owner)}/`, { as: owner }));
    expect(own.count).toBeGreaterThanOrEqual(1);
    expect((own.results as Json[]).some((c) => c.public === false)).toBe(true);
    const denied = await call('GET', `${base(owner)}/`, { as: other });
    expect([denied.status, (await json(denied)).detail]).toEqual([
      403,
      'You do not have permission to perform this action.',
    ]);
    expect((await call('GET', `${base(owner)}/`)).status).toBe(401);
    expect((await json(await call('GET', `${base(owner)}/`, { as: editor }))).count).toBe(own.count);
    const profile = (viewer: Person | null) =>
      origin.container
        .servicesFor({ pinned: true })
        .collections.listOnProfile(owner.account.id, viewer?.account ?? null);
    expect((await profile(other)).results.every((c) => c.public)).toBe(true);
    expect((await profile(owner)).count).toBe(own.count);
  });

  it('lets the owner (or an editor) edit, and only the owner delete', async () => {
    const path = await collection();
    const denied = await call('PATCH', `${path}/`, { as: other, json: { name: 'Mine now' } });
    expect([denied.status, (await json(denied)).detail]).toEqual([
      403,
      'You do not have permission to perform this action.',
    ]);
    expect((await call('DELETE', `${path}/`, { as: other })).status).toBe(403);
    const edited = await call('PATCH', `${path}/`, { as: editor, json: { name: 'Curated' } });
    expect([edited.status, (await json(edited)).name]).toEqual([200, { 'en-US': 'Curated' }]);
    const renamed = await call('PATCH', `${path}/`, {
      as: owner,
      json: { slug: 'renamed-list', public: false },
    });
    expect(await json(renamed)).toMatchObject({
      slug: 'renamed-list',
      public: false,
      name: { 'en-US': 'Curated' },
    });
    const newPath = `${base(owner)}/renamed-list`;
    const bad = await call('PATCH', `${newPath}/`, { as: owner, json: { slug: '' } });
    expect([bad.status, await json(bad)]).toEqual([400, { slug: ['This field may not be blank.'] }]);
    // Private now: to someone else it does not exist; an editor sees it but may not delete it.
    expect((await call('DELETE', `${newPath}/`, { as: other })).status).toBe(404);
    expect((await call('DELETE', `${newPath}/`, { as: editor })).status).toBe(403);
    expect((await call('DELETE', `${newPath}/`, { as: owner })).status).toBe(204);
    expect((await call('GET', `${newPath}/`, { as: owner })).status).toBe(404);
  });

  it('adds public add-ons once, with notes; lists them sorted; edits notes; removes them', async () => {
    const path = await collection();
    const add = (addon: string | number, notes?: string, as: Person = owner) =>
      call('POST', `${path}/addons/`, { as, json: { addon, ...(notes === undefined ? {} : { notes }) } });
    const first = await add(quiet.slug, 'Tiny but good');
    expect([first.status, await json(first)]).toEqual([
      201,
      {
        addon: expect.objectContaining({ slug: quiet.slug, guid: quiet.guid }),
        notes: { 'en-US': 'Tiny but good' },
        downloads: 0,
      },
    ]);
    const again = await add(quiet.guid);
    expect([again.status, (await json(again)).notes]).toEqual([200, { 'en-US': 'Tiny but good' }]);
    expect((await add(popular.guid)).status).toBe(201);
    const notPublic = await add(hidden.slug);
    expect([notPublic.status, await json(notPublic)]).toEqual([
      400,
      { addon: ['This add-on does not exist or is not public.'] },
    ]);
    expect((await add(popular.slug, undefined, other)).status).toBe(403);
    const slugs = async (query = '') =>
      (
        (await json(await call('GET', `${path}/addons/${query}`))).results as { addon: { slug: string } }[]
      ).map((i) => i.addon.slug);
    expect(await slugs()).toEqual([popular.slug, quiet.slug]);
    expect(await slugs('?sort=name')).toEqual([quiet.slug, popular.slug]);
    expect(await slugs('?sort=-name')).toEqual([popular.slug, quiet.slug]);
    expect(await slugs('?sort=popularity')).toEqual([quiet.slug, popular.slug]);
    const badSort = await call('GET', `${path}/addons/?sort=price`);
    expect([badSort.status, Object.keys(await json(badSort))]).toEqual([400, ['sort']]);
    expect((await json(await call('GET', `${path}/?with_addons`))).addons).toHaveLength(2);
    expect((await json(await call('GET', `${path}/`))).addon_count).toBe(2);
    const notes = await call('PATCH', `${path}/addons/${quiet.slug}/`, {
      as: owner,
      json: { notes: 'Changed' },
    });
    expect([notes.status, (await json(notes)).notes]).toEqual([200, { 'en-US': 'Changed' }]);
    const long = await call('PATCH', `${path}/addons/${quiet.slug}/`, {
      as: owner,
      json: { notes: 'x'.repeat(281) },
    });
    expect([long.status, await json(long)]).toEqual([
      400,
      { notes: ['Ensure this field has no more than 280 characters.'] },
    ]);
    expect((await call('DELETE', `${path}/addons/${quiet.guid}/`, { as: other })).status).toBe(403);
    expect((await call('DELETE', `${path}/addons/${quiet.guid}/`, { as: owner })).status).toBe(204);
    expect((await call('DELETE', `${path}/addons/${quiet.guid}/`, { as: owner })).status).toBe(404);
    expect((await call('GET', `${path}/addons/${quiet.guid}/`)).status).toBe(404);
    expect(await slugs()).toEqual([popular.slug]);
  });

  it('checks CSRF on cookie-authenticated writes, and answers garbage with 400 or 404, never 500', async () => {
    const forged = await call('POST', `${base(owner)}/`, {
      as: owner,
      via: 'session',
      csrf: false,
      json: { name: 'Forged', slug: 'forged' },
    });
    expect([forged.status, (await json(forged)).code]).toEqual([403, 'CsrfFailed']);
    const ok = await call('POST', `${base(owner)}/`, {
      as: owner,
      via: 'session',
      json: { name: 'Real', slug: 'real' },
    });
    expect(ok.status).toBe(201);
    for (const [method, path, body] of [
      ['GET', `${base(owner)}/?page=abc`, undefined],
      ['GET', `${base(owner)}/real/addons/?page_size=0`, undefined],
      ['POST', `${base(owner)}/real/addons/`, { notes: 'no add-on' }],
      ['POST', `${base(owner)}/`, { name: 'x'.repeat(51), slug: 'y'.repeat(31) }],
      ['PATCH', `${base(owner)}/real/`, { public: { nested: true } }],
    ] as const) {
      const res = await call(method, path, { as: owner, json: body });
      expect([method, path, res.status]).toEqual([method, path, 400]);
    }
    expect((await call('GET', `${base(owner)}/%00/addons/%ff/`)).status).toBe(404);
  });
});
