import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addonFactory } from '../support/factories.ts';
import { type Call, callInit, type Person, signUpPerson } from '../support/signed-in.ts';
import { createTestOrigin } from '../support/test-origin.ts';

type Origin = Awaited<ReturnType<typeof createTestOrigin>>;

describe('rating forms (site)', () => {
  let origin: Origin;
  let dev: Person;
  let alice: Person;
  let bob: Person;
  const addon = addonFactory({ ratings: { average: 0, bayesianAverage: 0, count: 0, textCount: 0 } });
  const reviews = `/en-US/firefox/addon/${addon.slug}/reviews/`;

  const post = async (path: string, as: Person, form: Record<string, string>, extra: Partial<Call> = {}) =>
    origin.app.request(path, await callInit('POST', { as, via: 'session', form, ...extra }));
  const redirect = (res: Response) => {
    const url = new URL(res.headers.get('Location') ?? '', 'https://trove.test');
    return { status: res.status, path: url.pathname, query: Object.fromEntries(url.searchParams) };
  };
  const mine = async (who: Person) => {
    const services = origin.container.servicesFor({ pinned: true });
    const detail = await services.browse.findAddon({ guid: addon.guid });
    return detail ? services.ratings.findMine(who.account, detail) : null;
  };

  beforeAll(async () => {
    origin = await createTestOrigin();
    [dev, alice, bob] = await Promise.all([
      signUpPerson(origin.container, 'dev'),
      signUpPerson(origin.container, 'alice'),
      signUpPerson(origin.container, 'bob'),
    ]);
    await origin.container.catalogue.importAddons([
      { ...addon, authors: [{ username: dev.account.username, name: dev.account.displayName }] },
    ]);
  });
  afterAll(async () => {
    await origin?.close();
  });

  it('rates, then edits the same rating when posting again, and goes back with ?saved', async () => {
    const first = redirect(await post(reviews, alice, { score: '4', body: 'Good' }));
    expect(first).toMatchObject({ status: 303, path: reviews });
    expect(Number(first.query.saved)).toBe((await mine(alice))?.id);
    const second = redirect(await post(reviews, alice, { score: '2', body: '', next: '/en-US/firefox/' }));
    expect([second.path, second.query.saved]).toEqual(['/en-US/firefox/', first.query.saved]);
    expect(await mine(alice)).toMatchObject({ score: 2, body: null });
  });

  it('goes back with ?error=<name> on a domain error, and never to another site', async () => {
    expect(redirect(await post(reviews, bob, { score: '9' })).query.error).toBe('InvalidInput');
    expect(redirect(await post(reviews, dev, { score: '5' })).query.error).toBe('InvalidInput');
    const offsite = redirect(await post(reviews, bob, { score: '9', next: '//evil.example/' }));
    expect([offsite.path, offsite.query.error]).toEqual([reviews, 'InvalidInput']);
    const unknown = redirect(await post('/en-US/firefox/addon/no-such-addon/reviews/', bob, { score: '3' }));
    expect(unknown.query.error).toBe('NotFound');
  });

  it('edits, replies, flags and deletes through forms, with the same rules as the API', async () => {
    const rating = await mine(alice);
    const one = `${reviews}${rating?.id}`;
    expect(redirect(await post(`${one}/edit/`, bob, { score: '1' })).query.error).toBe('PermissionDenied');
    expect(redirect(await post(`${one}/edit/`, alice, { body: 'Better now' })).query.saved).toBe(
      String(rating?.id),
    );
    expect(await mine(alice)).toMatchObject({ score: 2, body: 'Better now' });
    expect(redirect(await post(`${one}/reply/`, bob, { body: 'Hi' })).query.error).toBe('PermissionDenied');
    const reply = redirect(await post(`${one}/reply/`, dev, { body: 'Thank you' }));
    expect((await mine(alice))?.reply).toMatchObject({ id: Number(reply.query.saved), body: 'Thank you' });
    expect(redirect(await post(`${one}/flag/`, alice, { flag: 'rating_flag_reason_spam' })).query.error).toBe(
      'PermissionDenied',
    );
    expect(redirect(await post(`${one}/flag/`, bob, { flag: 'rating_flag_reason_spam' })).query.flagged).toBe(
      '1',
    );
    expect(redirect(await post(`${one}/delete/`, bob, {})).query.error).toBe('PermissionDenied');
    expect(redirect(await post(`${one}/delete/`, alice, {})).query.deleted).toBe('1');
    expect(await mine(alice)).toBeNull();
  });

  it('refuses a form post without the CSRF token (back to the form with the error), and an API token', async () => {
    const forged = await post(reviews, bob, { score: '5' }, { csrf: false });
    expect(forged.status).toBe(303);
    expect(redirect(forged).query.error).toBe('CsrfFailed');
    const viaJwt = await origin.app.request(
      reviews,
      await callInit('POST', { as: bob, form: { score: '5' } }),
    );
    expect(redirect(viaJwt).query.error).toBe('NotAuthenticated');
  });
});
