import { describe, expect, it } from 'vitest';
import { edgeHarness } from './edge-harness.ts';

const HOME = '/en-US/firefox/';
const NOT_SHARED = /\b(private|no-store)\b/;

describe('edge app: anonymous pages', () => {
  it('misses, stores, then hits with the same body', async () => {
    const edge = await edgeHarness();
    const miss = await edge.send(HOME);
    const missBody = await miss.text();
    const hit = await edge.send(HOME);

    expect(miss.headers.get('x-cache')).toBe('MISS');
    expect(hit.headers.get('x-cache')).toBe('HIT');
    expect(await hit.text()).toBe(missBody);
    expect(missBody).toBe(`<p>GET ${HOME} #1</p>`);
    expect(edge.callsTo(HOME)).toHaveLength(1);
  });

  it('shares one entry across tracking parameters and parameter order, and never sends them on', async () => {
    const edge = await edgeHarness();
    const search = '/en-US/firefox/search/';
    const first = await edge.send(`${search}?q=tabs&utm_source=newsletter&page=2&fbclid=abc`);
    const second = await edge.send(`${search}?page=2&q=tabs&utm_campaign=spring`);

    expect([first.headers.get('x-cache'), second.headers.get('x-cache')]).toEqual(['MISS', 'HIT']);
    expect(await second.text()).toBe(await first.text());
    const [call, ...more] = edge.callsTo(search);
    expect(more).toHaveLength(0);
    expect(call?.url.search).toBe('?page=2&q=tabs');
  });

  it('sends the origin no cookie and none of the headers that could poison a shared entry', async () => {
    const edge = await edgeHarness();
    await edge.send(HOME, {
      headers: {
        cookie: 'theme=dark',
        'x-forwarded-host': 'evil.example',
        'x-original-url': '/en-US/firefox/account/',
        accept: 'text/html',
      },
    });
    const [call] = edge.callsTo();
    expect(call?.url.pathname).toBe(HOME);
    expect(call?.headers.get('accept')).toBe('text/html');
    for (const name of ['cookie', 'x-forwarded-host', 'x-original-url', 'authorization'])
      expect(call?.headers.has(name), name).toBe(false);
  });

  it('follows CDN-Cache-Control (RFC 9213) over what browsers are told', async () => {
    const path = '/cdn-only/';
    const headers = {
      'cache-control': 'public, max-age=0, must-revalidate',
      'cdn-cache-control': 'public, s-maxage=60',
    };
    const edge = await edgeHarness({ routes: (o) => o.get(path, (c) => c.text('shared', 200, headers)) });
    const responses = [await edge.send(path), await edge.send(path)];

    expect(responses.map((r) => r.headers.get('x-cache'))).toEqual(['MISS', 'HIT']);
    expect(responses[1]?.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
    expect(edge.callsTo(path)).toHaveLength(1);
  });

  it.each<{ path: string; headers: Record<string, string> }>([
    { path: '/sets-cookie/', headers: { 'cache-control': 'public, max-age=600', 'set-cookie': 'a=b' } },
    { path: '/private/', headers: { 'cache-control': 'private, max-age=600' } },
  ])('never stores $path (origin headers $headers), and marks it private', async ({ path, headers }) => {
    const edge = await edgeHarness({ routes: (o) => o.get(path, (c) => c.text('personal', 200, headers)) });
    const responses = [await edge.send(path), await edge.send(path)];

    expect(responses.map((r) => r.headers.get('x-cache'))).toEqual(['MISS', 'MISS']);
    expect(responses[1]?.headers.get('cache-control')).toMatch(NOT_SHARED);
    expect(edge.callsTo(path)).toHaveLength(2);
  });

  it('never stores a private path, whatever its extension and the origin says (cache deception)', async () => {
    const path = '/en-US/firefox/account/evil.css';
    const edge = await edgeHarness({
      routes: (o) => o.get(path, (c) => c.text('body{}', 200, { 'cache-control': 'public, max-age=600' })),
    });
    const responses = [await edge.send(path), await edge.send(path)];

    expect(responses.map((r) => r.headers.get('x-cache'))).toEqual(['BYPASS', 'BYPASS']);
    expect(responses[1]?.headers.get('cache-control')).toMatch(NOT_SHARED);
    expect(edge.callsTo(path)).toHaveLength(2);
  });
});

describe('edge app: signed-in visitors and writes', () => {
  it.each<{ who: string; headers: Record<string, string> }>([
    { who: 'a session cookie', headers: { cookie: 'trove_session=x' } },
    { who: 'an Authorization header', headers: { authorization: 'Bearer user-token' } },
  ])('passes $who through (BYPASS), stores nothing', async ({ headers }) => {
    const edge = await edgeHarness();
    const personal = await edge.send(HOME, { headers });
    const anonymous = await edge.send(HOME);

    expect(personal.headers.get('x-cache')).toBe('BYPASS');
    expect(personal.headers.get('cache-control')).toMatch(NOT_SHARED);
    const [passed] = edge.callsTo(HOME);
    for (const [name, value] of Object.entries(headers)) expect(passed?.headers.get(name)).toBe(value);
    expect(anonymous.headers.get('x-cache')).toBe('MISS');
    expect(await anonymous.text()).toBe(`<p>GET ${HOME} #2</p>`);
  });

  it('passes a POST through with its body (BYPASS)', async () => {
    const edge = await edgeHarness();
    const path = '/en-US/firefox/addon/tabs/reviews/';
    const res = await edge.send(path, { method: 'POST', body: 'rating=5' });

    expect(res.headers.get('x-cache')).toBe('BYPASS');
    expect(await res.text()).toBe(`<p>POST ${path} #1</p>`);
    expect(edge.callsTo(path).map((c) => [c.method, c.body])).toEqual([['POST', 'rating=5']]);
  });
});

describe('edge app: stale answers and an origin that is down', () => {
  it('serves STALE within stale-while-revalidate and refreshes in the background', async () => {
    const edge = await edgeHarness();
    await edge.send(HOME);
    edge.clock.advance(90_000);
    const stale = await edge.send(HOME);

    expect(stale.headers.get('x-cache')).toBe('STALE');
    expect(await stale.text()).toBe(`<p>GET ${HOME} #1</p>`);
    expect(edge.callsTo(HOME)).toHaveLength(2);
    const refreshed = await edge.send(HOME);
    expect(refreshed.headers.get('x-cache')).toBe('HIT');
    expect(await refreshed.text()).toBe(`<p>GET ${HOME} #2</p>`);
  });

  it('serves STALE within stale-if-error when the origin is down', async () => {
    const edge = await edgeHarness();
    await edge.send(HOME);
    edge.clock.advance(3_600_000);
    edge.origin.down = true;
    const res = await edge.send(HOME);

    expect(res.status).toBe(200);
    expect(res.headers.get('x-cache')).toBe('STALE');
    expect(await res.text()).toBe(`<p>GET ${HOME} #1</p>`);
  });

  it('answers 503 with a clear JSON body when the origin is down and nothing is stored', async () => {
    const edge = await edgeHarness();
    edge.origin.down = true;
    const res = await edge.send('/api/v5/addons/addon/tabs/');

    expect(res.status).toBe(503);
    expect(res.headers.get('x-cache')).toBe('MISS');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ detail: expect.stringMatching(/briefly unavailable/) });
  });

  it('answers a signed-in visitor with the branded 503 page, never a stored one', async () => {
    const edge = await edgeHarness();
    await edge.send(HOME);
    edge.origin.down = true;
    const res = await edge.send(HOME, { headers: { cookie: 'trove_session=x', accept: 'text/html' } });

    expect(res.status).toBe(503);
    expect(res.headers.get('x-cache')).toBe('BYPASS');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await res.text();
    expect(page).toContain('<title>Trove is briefly unavailable</title>');
    expect(page).toContain('<a href="/">');
  });
});
