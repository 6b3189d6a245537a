import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addonFactory } from '../support/factories.ts';
import { type Call, callInit, type Person, signUpPerson } from '../support/signed-in.ts';
import { createTestOrigin } from '../support/test-origin.ts';

type Origin = Awaited<ReturnType<typeof createTestOrigin>>;

describe('collection forms (site)', () => {
  let origin: Origin;
  let owner: Person;
  let other: Person;
  const addon = addonFactory();
  const site = '/en-US/firefox/collections';

  const post = async (path: string, as: Person, form: Record<string, string>, extra: Partial<Call> = {}) =>
    origin.app.request(path, await callInit('POST', { as, via: 'session', form, ...extra }));
  const redirect = (res: Response) => {
    const url = new URL(res.headers.get('Location') ?? '', 'https://trove.test');
    return { status: res.status, path: url.pathname, query: Object.fromEntries(url.searchParams) };
  };
  const find = (slug: string, viewer: Person | null = owner) =>
    origin.container
      .servicesFor({ pinned: true })
      .collections.get(owner.account.id, slug, viewer?.account ?? null)
      .catch(() => null);

  beforeAll(async () => {
    origin = await createTestOrigin();
    [owner, other] = await Promise.all([
      signUpPerson(origin.container, 'owner'),
      signUpPerson(origin.container, 'other'),
    ]);
    await origin.container.catalogue.importAddons([addon]);
  });
  afterAll(async () => {
    await origin?.close();
  });

  it('creates a collection and goes to its page; a taken slug goes back to the form with the error', async () => {
    const created = redirect(
      await post(`${site}/add/`, owner, { name: 'Reading', slug: 'reading', public: '0' }),
    );
    expect(created).toEqual({
      status: 303,
      path: `${site}/${owner.account.id}/reading/`,
      query: { created: '1' },
    });
    expect(await find('reading')).toMatchObject({ name: 'Reading', public: false });
    expect(await find('reading', other)).toBeNull();
    const taken = redirect(await post(`${site}/add/`, owner, { name: 'Again', slug: 'reading' }));
    expect([taken.path, taken.query.error]).toEqual([`${site}/add/`, 'CollectionSlugTaken']);
  });

  it('edits (only the fields sent), adds and removes add-ons with notes, then deletes', async () => {
    const page = `${site}/${owner.account.username}/reading`;
    const edited = redirect(await post(`${page}/edit/`, owner, { description: 'Books', public: '1' }));
    expect([edited.path, edited.query.saved]).toEqual([`${site}/${owner.account.id}/reading/`, '1']);
    expect(await find('reading', other)).toMatchObject({
      name: 'Reading',
      description: 'Books',
      public: true,
    });
    const added = redirect(await post(`${page}/addons/`, owner, { addon: addon.guid, notes: 'Daily' }));
    expect(added.query.added).toBeTruthy();
    const service = origin.container.servicesFor({ pinned: true }).collections;
    const collection = await service.get(owner.account.id, 'reading', null);
    expect((await service.getAddon(collection, { guid: addon.guid })).notes).toBe('Daily');
    await post(`${page}/addons/${addon.slug}/edit/`, owner, { notes: '' });
    expect((await service.getAddon(collection, { guid: addon.guid })).notes).toBeNull();
    expect(redirect(await post(`${page}/addons/${addon.slug}/delete/`, other, {})).query.error).toBe(
      'PermissionDenied',
    );
    expect(redirect(await post(`${page}/addons/${addon.slug}/delete/`, owner, {})).query.removed).toBe('1');
    expect((await find('reading'))?.addonCount).toBe(0);
    expect(redirect(await post(`${page}/delete/`, other, {})).query.error).toBe('PermissionDenied');
    const deleted = redirect(await post(`${page}/delete/`, owner, {}));
    expect([deleted.path, deleted.query.deleted]).toEqual([
      `/en-US/firefox/user/${owner.account.username}/`,
      '1',
    ]);
    expect(await find('reading')).toBeNull();
  });

  it('refuses a form post without the CSRF token (back to the form with the error, nothing stored)', async () => {
    const forged = await post(`${site}/add/`, owner, { name: 'Forged', slug: 'forged' }, { csrf: false });
    expect(forged.status).toBe(303);
    expect(redirect(forged).query.error).toBe('CsrfFailed');
    expect(await find('forged')).toBeNull();
  });
});
