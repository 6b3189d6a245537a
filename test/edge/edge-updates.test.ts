import { env } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { utcDay } from '../../src/domain/daily-users.ts';
import { edgeHarness, updateAnswer } from './edge-harness.ts';
import { updateCheckPath } from './factories.ts';

const UPDATE = '/update/VersionCheck.php';
const PURGE = '/__trove/purge';
const PINGS = '/__trove/update-pings';

const purge = (body: string, token: string | null = env.EDGE_TOKEN): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  body,
});

describe('edge app: update checks', () => {
  it('asks the origin once for the parameters that matter, then hits whatever else differs', async () => {
    const edge = await edgeHarness();
    const miss = await edge.send(updateCheckPath());
    const missBody = await miss.text();
    const hit = await edge.send(
      updateCheckPath({ locale: 'fr', appOS: 'WINNT', version: '0.9', reqVersion: '1' }),
    );

    expect([miss.status, hit.status]).toEqual([200, 200]);
    expect([miss.headers.get('x-cache'), hit.headers.get('x-cache')]).toEqual(['MISS', 'HIT']);
    expect(missBody).toBe(updateAnswer('a@b'));
    expect(await hit.text()).toBe(missBody);
    expect(hit.headers.get('etag')).toBe(miss.headers.get('etag'));
    expect(hit.headers.get('etag')).toMatch(/^"\w+"$/);
    const calls = edge.callsTo(UPDATE);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url.searchParams.has('locale')).toBe(false);
    expect(calls[0]?.url.searchParams.get('id')).toBe('a@b');
  });

  it('answers an invalid check (no appID) 400 {} without asking the origin', async () => {
    const edge = await edgeHarness();
    const res = await edge.send(updateCheckPath({ appID: undefined }));

    expect(res.status).toBe(400);
    expect(await res.text()).toBe('{}');
    expect(edge.callsTo()).toHaveLength(0);
  });
});

describe('edge app: purge', () => {
  it.each([
    { who: 'no token', token: null },
    { who: 'a wrong token', token: 'not-the-edge-token-000' },
  ])('refuses a purge with $who (401)', async ({ token }) => {
    const edge = await edgeHarness();
    const res = await edge.send(PURGE, purge('{"tags":["addon:a%40b"]}', token));

    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ detail: expect.stringMatching(/edge token/) });
  });

  it("purges an add-on's update answer: the next check misses and asks the origin again", async () => {
    const edge = await edgeHarness();
    await edge.send(updateCheckPath());
    expect((await edge.send(updateCheckPath())).headers.get('x-cache')).toBe('HIT');

    const res = await edge.send(PURGE, purge('{"tags":["addon:a%40b"]}'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ purged: 1 });
    const after = await edge.send(updateCheckPath());
    expect(after.headers.get('x-cache')).toBe('MISS');
    expect(edge.callsTo(UPDATE)).toHaveLength(2);
  });

  it.each([
    { body: 'not json', detail: /must be JSON/ },
    { body: '{"tags":[]}', detail: /^Invalid purge: tags: / },
    { body: '{"tags":["has space"]}', detail: /printable ASCII/ },
  ])('answers 400 with what is wrong for the body $body', async ({ body, detail }) => {
    const edge = await edgeHarness();
    const res = await edge.send(PURGE, purge(body));

    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ detail: expect.stringMatching(detail) });
  });
});

describe('edge app: update pings', () => {
  // The batcher waits PING_FLUSH_MS on a timer: fake timers and the injected clock move together.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends the checks of one flush period to the origin in one authenticated batch', async () => {
    const edge = await edgeHarness({ env: { PING_FLUSH_MS: '1000' } });
    for (const locale of ['de', 'fr', 'en-US'])
      await edge.send(updateCheckPath({ locale }), {}, { settle: false });
    await vi.advanceTimersByTimeAsync(999);
    expect(edge.callsTo(PINGS)).toHaveLength(0);

    edge.clock.advance(1_000);
    await vi.advanceTimersByTimeAsync(1);
    await edge.settle();
    const [batch, ...more] = edge.callsTo(PINGS);
    expect(more).toHaveLength(0);
    expect(batch?.method).toBe('POST');
    expect(batch?.headers.get('authorization')).toBe(`Bearer ${env.EDGE_TOKEN}`);
    expect(JSON.parse(batch?.body ?? '')).toEqual({
      batches: [{ day: utcDay(edge.clock.now()), counts: { 'a@b': 3 } }],
    });
  });
});
