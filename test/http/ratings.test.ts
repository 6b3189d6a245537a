import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addonTag, formatCacheTags } from '../../src/domain/edge/cache-policy.ts';
import { addonFactory, versionFactory } from '../support/factories.ts';
import { type Call, callInit, jwtHeader, type Person, signUpPerson } from '../support/signed-in.ts';
import { createTestOrigin } from '../support/test-origin.ts';

type Origin = Awaited<ReturnType<typeof createTestOrigin>>;
const NO_RATINGS = { average: 0, bayesianAverage: 0, count: 0, textCount: 0 };
const BASE = '/api/v5/ratings/rating';

describe('ratings API (amo.md b.6)', () => {
  let origin: Origin;
  let dev: Person;
  let alice: Person;
  let bob: Person;
  let moderator: Person;
  let addon: ReturnType<typeof addonFactory> & { id: number; versionIds: number[] };

  const call = async (method: string, path: string, c: Call = {}) =>
    origin.app.request(path, await callInit(method, c));
  const json = async (res: Response) => (await res.json()) as Record<string, unknown>;
  const aggregates = async () =>
    (await json(await call('GET', `/api/v5/addons/addon/${addon.slug}/`))).ratings as {
      average: number;
      count: number;
      text_count: number;
    };
  const rate = async (who: Person, body: Record<string, unknown>) =>
    call('POST', `${BASE}/`, { as: who, json: { addon: addon.slug, ...body } });

  beforeAll(async () => {
    origin = await createTestOrigin();
    [dev, alice, bob] = await Promise.all([
      signUpPerson(origin.container, 'dev'),
      signUpPerson(origin.container, 'alice'),
      signUpPerson(origin.container, 'bob'),
    ]);
    moderator = await signUpPerson(origin.container, 'mod', 'Ratings:Moderate');
    const input = addonFactory({
      ratings: NO_RATINGS,
      authors: [{ username: dev.account.username, name: dev.account.displayName }],
      versions: [versionFactory({ version: '1.0' }), versionFactory({ version: '2.0' })],
    });
    await origin.container.catalogue.importAddons([input]);
    const detail = await origin.container
      .servicesFor({ pinned: true })
      .browse.findAddon({ guid: input.guid });
    const versions = await origin.container
      .servicesFor({ pinned: true })
      .browse.listVersions(detail?.id ?? 0, 1, 10);
    addon = {
      ...input,
      id: detail?.id ?? 0,
      versionIds: versions.results.map((v) => v.id).sort((a, b) => a - b),
    };
  });
  afterAll(async () => {
    await origin?.close();
  });

  it('creates a rating with AMO’s object, and the add-on’s aggregates follow', async () => {
    const res = await rate(alice, { version: addon.versionIds[0], score: 4, body: 'Nice' });
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(Object.keys(body).sort()).toEqual(
      [
        'addon',
        'body',
        'created',
        'id',
        'is_deleted',
        'is_developer_reply',
        'is_latest',
        'previous_count',
        'reply',
        'score',
        'user',
        'version',
      ].sort(),
    );
    expect(body).toMatchObject({
      addon: { id: addon.id, slug: addon.slug },
      body: 'Nice',
      is_latest: true,
      previous_count: 0,
      reply: null,
      score: 4,
      version: { id: addon.versionIds[0], version: '1.0' },
      user: {
        id: alice.account.id,
        name: alice.account.displayName,
        username: alice.account.username,
        url: `https://trove.test/en-US/firefox/user/${alice.account.id}/`,
      },
    });
    expect(body.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(await aggregates()).toMatchObject({ average: 4, count: 1, text_count: 1 });
  });

  it('replaces a person’s rating with a new one for another version; one rating per version', async () => {
    const again = await rate(alice, { version: addon.versionIds[0], score: 2 });
    expect([again.status, await json(again)]).toEqual([
      400,
      { non_field_errors: ["You can't leave more than one review for the same version of an add-on."] },
    ]);
    const res = await rate(alice, { version: addon.versionIds[1], score: 2 });
    expect(res.status).toBe(201);
    expect(await json(res)).toMatchObject({ is_latest: true, previous_count: 1, score: 2 });
    const list = await json(await call('GET', `${BASE}/?addon=${addon.id}`));
    expect(list).toMatchObject({ count: 1, results: [{ score: 2, user: { id: alice.account.id } }] });
    expect(await aggregates()).toMatchObject({ average: 2, count: 1, text_count: 0 });
  });

  it('refuses what is not allowed: anonymous, own add-on, bad input (AMO’s 400 shape)', async () => {
    const anonymous = await call('POST', `${BASE}/`, { json: { addon: addon.slug, score: 5 } });
    expect([anonymous.status, (await json(anonymous)).detail]).toEqual([
      401,
      'Authentication credentials were not provided.',
    ]);
    const own = await rate(dev, { score: 5 });
    expect([own.status, await json(own)]).toEqual([
      400,
      { non_field_errors: ["You can't leave a review on your own add-on."] },
    ]);
    const cases: [Record<string, unknown>, Record<string, string[]>][] = [
      [{ score: 7 }, { score: ['Ensure this value is less than or equal to 5.'] }],
      [{ score: 'five' }, { score: ['A valid integer is required.'] }],
      [{}, { score: ['This field is required.'] }],
      [
        { score: 3, body: 'x'.repeat(5001) },
        { body: ['Ensure this field has no more than 5000 characters.'] },
      ],
      [
        { score: 3, version: 999_999 },
        { version: ["This version of the add-on doesn't exist or isn't public."] },
      ],
      [{ score: 3, addon: 'no-such-addon' }, { addon: ['This add-on does not exist.'] }],
      [{ score: 3, addon: null }, { addon: ['This field is required.'] }],
    ];
    for (const [input, expected] of cases) {
      const res = await rate(bob, input);
      expect([res.status, await json(res)]).toEqual([400, expected]);
    }
    const garbage = await origin.app.request(`${BASE}/`, {
      method: 'POST',
      headers: { Authorization: await jwtHeader(bob), 'Content-Type': 'application/json' },
      body: '{not json',
    });
    expect([garbage.status, (await json(garbage)).code]).toEqual([400, 'InvalidInput']);
  });

  it('lists with AMO’s parameters, and refuses bad ones with 400, never 500', async () => {
    const r = await json(await rate(bob, { version: addon.versionIds[1], score: 5, body: 'Great' }));
    const ids = async (query: string) =>
      ((await json(await call('GET', `${BASE}/?${query}`))).results as { id: number }[]).map((x) => x.id);
    expect(await ids(`addon=${addon.guid}&score=5`)).toEqual([r.id]);
    expect(await ids(`addon=${addon.slug}&filter=without_empty_body`)).toEqual([r.id]);
    expect(await ids(`addon=${addon.id}&exclude_ratings=${r.id}`)).not.toContain(r.id);
    expect(await ids(`user=${bob.account.id}`)).toEqual([r.id]);
    const one = await json(
      await call('GET', `${BASE}/?addon=${addon.id}&user=${bob.account.id}&version=${addon.versionIds[1]}`),
    );
    expect([one.page_size, one.count]).toEqual([1, 1]);
    const missing = await call('GET', `${BASE}/`);
    expect([missing.status, await json(missing)]).toEqual([
      400,
      { detail: 'Need an addon or user parameter' },
    ]);
    for (const query of [
      'user=abc',
      'addon=x&page=0',
      'addon=x&page_size=500',
      'addon=x&score=9',
      'user=1&filter=nope',
    ]) {
      const res = await call('GET', `${BASE}/?${query}`);
      expect([query, res.status]).toEqual([query, 400]);
      expect(Object.values(await json(res)).every(Array.isArray)).toBe(true);
    }
    expect((await call('GET', `${BASE}/?addon=no-such-addon`)).status).toBe(404);
    expect((await call('GET', `${BASE}/abc/`)).status).toBe(404);
    expect((await call('GET', `${BASE}/99999999/`)).status).toBe(404);
  });

  it('lets the edge cache anonymous answers, tagged with the add-on; signed-in answers are private', async () => {
    const anonymous = await call('GET', `${BASE}/?addon=${addon.slug}`);
    expect(anonymous.headers.get('Cache-Control')).toBe('public, max-age=360');
    expect(anonymous.headers.get('Cache-Tag')).toBe(formatCacheTags([addonTag(addon.guid)]));
    const mine = await call('GET', `${BASE}/?addon=${addon.slug}`, { as: bob });
    expect(mine.headers.get('Cache-Control')).toBe('private, no-store');
    expect(mine.headers.get('Cache-Tag')).toBeNull();
  });

  it('lets only the author edit (PATCH), not even a moderator, and the aggregates follow', async () => {
    const carol = await signUpPerson(origin.container, 'carol');
    const r = await json(await rate(carol, { version: addon.versionIds[1], score: 1 }));
    for (const who of [bob, dev, moderator]) {
      const res = await call('PATCH', `${BASE}/${r.id}/`, { as: who, json: { score: 5 } });
      expect([res.status, (await json(res)).detail]).toEqual([
        403,
        'You do not have permission to perform this action.',
      ]);
    }
    const before = await aggregates();
    const res = await call('PATCH', `${BASE}/${r.id}/`, { as: carol, json: { score: 3, body: 'Changed' } });
    expect([res.status, await json(res)]).toEqual([
      200,
      expect.objectContaining({ score: 3, body: 'Changed' }),
    ]);
    const after = await aggregates();
    expect([after.count, after.text_count]).toEqual([before.count, before.text_count + 1]);
    expect(after.average).toBeCloseTo(before.average + 2 / before.count, 10);
    const bad = await call('PATCH', `${BASE}/${r.id}/`, { as: carol, json: { score: 0 } });
    expect([bad.status, await json(bad)]).toEqual([
      400,
      { score: ['Ensure this value is greater than or equal to 1.'] },
    ]);
  });

  it('lets the author or a moderator delete; a deleted rating is gone except for moderators', async () => {
    const dave = await signUpPerson(origin.container, 'dave');
    const { id } = await json(await rate(dave, { version: addon.versionIds[1], score: 1 }));
    const before = await aggregates();
    const denied = await call('DELETE', `${BASE}/${id}/`, { as: bob });
    expect([denied.status, (await json(denied)).detail]).toEqual([
      403,
      'You do not have permission to perform this action.',
    ]);
    expect((await call('DELETE', `${BASE}/${id}/`, { as: moderator })).status).toBe(204);
    expect((await aggregates()).count).toBe(before.count - 1);
    expect((await call('GET', `${BASE}/${id}/`)).status).toBe(404);
    expect((await call('GET', `${BASE}/${id}/`, { as: moderator })).status).toBe(200);
    expect((await call('DELETE', `${BASE}/${id}/`, { as: dave })).status).toBe(404);
    const listed = async (who: Person | null) =>
      (
        (await json(await call('GET', `${BASE}/?addon=${addon.id}&filter=with_deleted`, { as: who })))
          .results as { id: number }[]
      ).map((x) => x.id);
    expect(await listed(moderator)).toContain(id);
    expect(await listed(bob)).not.toContain(id);
    const own = await json(await rate(dave, { version: addon.versionIds[0], score: 2 }));
    expect((await call('DELETE', `${BASE}/${own.id}/`, { as: dave })).status).toBe(204);
  });

  it('lets only a developer of the add-on reply, once per rating (replying again edits the reply)', async () => {
    const list = await json(await call('GET', `${BASE}/?addon=${addon.id}&user=${bob.account.id}`));
    const rating = (list.results as { id: number }[])[0];
    const path = `${BASE}/${rating?.id}/reply/`;
    const denied = await call('POST', path, { as: alice, json: { body: 'Hi' } });
    expect([denied.status, (await json(denied)).detail]).toEqual([
      403,
      'Only a developer of the add-on can reply to its ratings.',
    ]);
    const first = await call('POST', path, { as: dev, json: { body: 'Thanks!' } });
    const reply = await json(first);
    expect([first.status, reply]).toEqual([
      201,
      expect.objectContaining({
        body: 'Thanks!',
        is_developer_reply: true,
        user: expect.objectContaining({ id: dev.account.id }),
      }),
    ]);
    const edited = await call('POST', path, { as: dev, json: { body: 'Thanks a lot!' } });
    expect([edited.status, (await json(edited)).id]).toEqual([200, reply.id]);
    expect((await json(await call('GET', `${BASE}/${rating?.id}/`))).reply).toMatchObject({
      id: reply.id,
      body: 'Thanks a lot!',
    });
    const toReply = await call('POST', `${BASE}/${reply.id}/reply/`, { as: dev, json: { body: 'x' } });
    expect([toReply.status, await json(toReply)]).toEqual([
      400,
      { non_field_errors: ["You can't reply to a reply."] },
    ]);
    const empty = await call('POST', path, { as: dev, json: { body: '  ' } });
    expect([empty.status, await json(empty)]).toEqual([400, { body: ['This field is required.'] }]);
    const other = await call('PATCH', `${BASE}/${reply.id}/`, { as: alice, json: { body: 'Hijacked' } });
    expect(other.status).toBe(403);
  });

  it('takes flags on other people’s ratings only, one per person', async () => {
    const list = await json(await call('GET', `${BASE}/?addon=${addon.id}&user=${bob.account.id}`));
    const id = (list.results as { id: number }[])[0]?.id;
    const own = await call('POST', `${BASE}/${id}/flag/`, {
      as: bob,
      json: { flag: 'rating_flag_reason_spam' },
    });
    expect([own.status, (await json(own)).detail]).toEqual([403, "You can't flag your own review."]);
    const bad = await call('POST', `${BASE}/${id}/flag/`, { as: alice, json: { flag: 'rude' } });
    expect([bad.status, await json(bad)]).toEqual([400, { flag: ['"rude" is not a valid choice.'] }]);
    const noNote = await call('POST', `${BASE}/${id}/flag/`, {
      as: alice,
      json: { flag: 'rating_flag_reason_other' },
    });
    expect([noNote.status, Object.keys(await json(noNote))]).toEqual([400, ['note']]);
    for (const flag of ['rating_flag_reason_spam', 'rating_flag_reason_language']) {
      const res = await call('POST', `${BASE}/${id}/flag/`, { as: alice, json: { flag } });
      expect([res.status, await json(res)]).toEqual([
        202,
        { msg: 'Thanks; this review has been flagged for reviewer approval.' },
      ]);
    }
    const seen = await json(
      await call('GET', `${BASE}/${id}/?show_flags_for=${alice.account.id}`, { as: alice }),
    );
    expect(seen.flags).toEqual([{ flag: 'rating_flag_reason_language', note: null }]);
    const someoneElses = await call(
      'GET',
      `${BASE}/?user=${bob.account.id}&show_flags_for=${alice.account.id}`,
      { as: bob },
    );
    expect(someoneElses.status).toBe(400);
    const peek = await call('GET', `${BASE}/${id}/?show_flags_for=${alice.account.id}`, { as: bob });
    expect([peek.status, Object.keys(await json(peek))]).toEqual([400, ['show_flags_for']]);
  });

  it('checks CSRF on cookie-authenticated writes', async () => {
    const list = await json(await call('GET', `${BASE}/?addon=${addon.id}&user=${bob.account.id}`));
    const id = (list.results as { id: number }[])[0]?.id;
    const forged = await call('PATCH', `${BASE}/${id}/`, {
      as: bob,
      via: 'session',
      csrf: false,
      json: { score: 1 },
    });
    expect([forged.status, (await json(forged)).code]).toEqual([403, 'CsrfFailed']);
    const ok = await call('PATCH', `${BASE}/${id}/`, { as: bob, via: 'session', json: { score: 4 } });
    expect([ok.status, (await json(ok)).score]).toEqual([200, 4]);
  });
});
