import { env } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { utcDay } from '../../src/domain/daily-users.ts';
import type { ManifestLayer } from '../../src/domain/edge/ports.ts';
import { MAX_GUID_LENGTH, UNKNOWN_ADDON } from '../../src/domain/update-check.ts';
import type { UpdateManifest } from '../../src/domain/update-manifest.ts';
import { edgeHarness, originAnswer } from './edge-harness.ts';
import { manifestFactory, manifestVersion, updateCheckPath } from './factories.ts';

const UPDATE = '/update/VersionCheck.php';
const MANIFEST = '/__trove/manifest/a%40b';
const PURGE = '/__trove/purge';
const PINGS = '/__trove/update-pings';
const HOUR = 3_600_000;

const purge = (body: string, token: string | null = env.EDGE_TOKEN): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  body,
});

/** The version an answer offers add-on `a@b`, or undefined for none. */
const offered = (body: string) =>
  (JSON.parse(body) as { addons: Record<string, { updates: { version: string }[] }> }).addons['a@b']
    ?.updates[0]?.version;

/** What the edge did and where the answer came from, for a compact assertion. */
const outcome = (res: Response) => [res.headers.get('x-cache'), res.headers.get('x-trove-source')];

/** A layer in front of the origin that answers from a map, or fails as told. */
function layer(
  name: string,
  behaviour: 'knows' | 'unaware' | 'down' | 'hangs',
): ManifestLayer & { calls: number } {
  const manifests = new Map<string, UpdateManifest>([['a@b', manifestFactory('a@b')]]);
  return {
    name,
    calls: 0,
    async find(guid) {
      this.calls++;
      if (behaviour === 'down') throw new Error(`${name} is down`);
      if (behaviour === 'hangs') return new Promise(() => undefined);
      if (behaviour === 'unaware') return { found: false };
      return { found: true, manifest: manifests.get(guid) ?? null };
    },
  };
}

describe('edge app: update checks', () => {
  it("asks the origin once for the add-on's manifest, then hits whatever else differs", async () => {
    const edge = await edgeHarness();
    const miss = await edge.send(updateCheckPath());
    const missBody = await miss.text();
    const hit = await edge.send(
      updateCheckPath({ locale: 'fr', appOS: 'WINNT', version: '0.9', reqVersion: '1' }),
    );

    expect([miss.status, hit.status]).toEqual([200, 200]);
    expect([outcome(miss), outcome(hit)]).toEqual([
      ['MISS', 'origin'],
      ['HIT', 'origin'],
    ]);
    const expected = originAnswer(updateCheckPath());
    expect(missBody).toBe(expected.body);
    expect(offered(missBody)).toBe('1.0');
    expect(await hit.text()).toBe(missBody);
    expect([miss.headers.get('etag'), hit.headers.get('etag')]).toEqual([expected.etag, expected.etag]);
    const [call, ...more] = edge.callsButPings();
    expect(more).toHaveLength(0);
    expect(call?.url.pathname).toBe(MANIFEST);
    expect(call?.url.search).toBe('');
  });

  it('answers any other appVersion, compatMode or application from the cached manifest, without the origin', async () => {
    const edge = await edgeHarness();
    await edge.send(updateCheckPath({ appVersion: '128.0' }));
    const variants = [
      updateCheckPath({ appVersion: '140.0' }),
      updateCheckPath({ appVersion: '140.0', compatMode: 'strict' }),
      updateCheckPath({ appVersion: '52.0', compatMode: 'ignore' }),
      updateCheckPath({ appVersion: '130.0', appID: '{aa3c5121-dab2-40e2-81ca-7ea25febc110}' }),
    ];
    for (const path of variants) {
      const res = await edge.send(path);
      const expected = originAnswer(path);
      expect(outcome(res), path).toEqual(['HIT', 'edge-manifest']);
      expect(await res.text(), path).toBe(expected.body);
      expect(res.headers.get('etag'), path).toBe(expected.etag);
      expect(res.headers.get('content-length'), path).toBe(String(expected.body.length));
    }
    expect(offered(originAnswer(variants[0] ?? '').body)).toBe('2.0');
    expect(offered(originAnswer(variants[2] ?? '').body)).toBeUndefined();
    // The answer computed once is stored: the same check again is served as it is, still a HIT.
    const again = await edge.send(variants[0] ?? '');
    expect(outcome(again)).toEqual(['HIT', 'edge-manifest']);
    expect(edge.callsButPings().map((c) => c.url.pathname)).toEqual([MANIFEST]);
  });

  it("caches an unknown add-on's manifest as null and answers {} to any of its checks", async () => {
    const edge = await edgeHarness();
    const first = await edge.send(updateCheckPath({ id: 'nobody@example.com' }));
    const second = await edge.send(updateCheckPath({ id: 'nobody@example.com', appVersion: '140.0' }));

    expect([outcome(first), outcome(second)]).toEqual([
      ['MISS', 'origin'],
      ['HIT', 'edge-manifest'],
    ]);
    for (const res of [first, second]) {
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(UNKNOWN_ADDON.body);
      expect(res.headers.get('etag')).toBe(UNKNOWN_ADDON.etag);
    }
    expect(edge.callsButPings().map((c) => c.url.pathname)).toEqual([
      '/__trove/manifest/nobody%40example.com',
    ]);
  });

  it('answers an invalid check (no appID) 400 {} without asking the origin', async () => {
    const edge = await edgeHarness();
    const res = await edge.send(updateCheckPath({ appID: undefined }));

    expect(res.status).toBe(400);
    expect(await res.text()).toBe('{}');
    expect(edge.callsTo()).toHaveLength(0);
  });

  it('answers an id longer than any guid {} as the origin does, asking no one and counting nothing', async () => {
    const edge = await edgeHarness();
    const res = await edge.send(updateCheckPath({ id: 'x'.repeat(MAX_GUID_LENGTH + 1) }));

    expect(res.status).toBe(200);
    expect(outcome(res)).toEqual(['MISS', 'edge']);
    expect(await res.text()).toBe(UNKNOWN_ADDON.body);
    expect(edge.callsTo()).toHaveLength(0);
  });

  it('serves a stale manifest (STALE) while one request refreshes it, then the new version', async () => {
    const edge = await edgeHarness();
    await edge.send(updateCheckPath({ appVersion: '140.0' }));
    edge.catalogue.set(
      'a@b',
      manifestFactory('a@b', {
        versions: [manifestVersion(3, '3.0', '58.0'), manifestVersion(2, '2.0', '130.0')],
      }),
    );
    edge.clock.advance(HOUR + 1_000);
    const stale = await edge.send(updateCheckPath({ appVersion: '128.0' }));
    const fresh = await edge.send(updateCheckPath({ appVersion: '128.0' }));
    const other = await edge.send(updateCheckPath({ appVersion: '141.0' }));

    expect(outcome(stale)).toEqual(['STALE', 'edge-manifest']);
    expect(offered(await stale.text())).toBe('1.0');
    expect(outcome(fresh)).toEqual(['HIT', 'origin']);
    expect(offered(await fresh.text())).toBe('3.0');
    expect(outcome(other)).toEqual(['HIT', 'edge-manifest']);
    expect(offered(await other.text())).toBe('3.0');
    expect(edge.callsTo(MANIFEST)).toHaveLength(2);
  });

  it('with the origin down, answers from the manifest it still holds (STALE), else 503', async () => {
    const edge = await edgeHarness();
    await edge.send(updateCheckPath());
    edge.clock.advance(2 * HOUR + 1_000); // past stale-while-revalidate, within stale-if-error
    edge.origin.down = true;
    const kept = await edge.send(updateCheckPath({ appVersion: '140.0' }));
    const unknown = await edge.send(updateCheckPath({ id: 'never-seen@example.com' }));

    expect(kept.status).toBe(200);
    expect(outcome(kept)).toEqual(['STALE', 'edge-manifest']);
    expect(await kept.text()).toBe(originAnswer(updateCheckPath({ appVersion: '140.0' })).body);
    expect(unknown.status).toBe(503);
    expect(unknown.headers.get('cache-control')).toBe('no-store');
    expect(unknown.headers.get('retry-after')).toBe('60');
    expect(await unknown.json()).toEqual({ detail: expect.stringMatching(/briefly unavailable/) });
  });

  it('falls back to the update URL of an origin without the manifest endpoint, and keeps its answers', async () => {
    const edge = await edgeHarness({ manifestEndpoint: false });
    const miss = await edge.send(updateCheckPath());
    const hit = await edge.send(updateCheckPath({ locale: 'fr' }));
    const other = await edge.send(updateCheckPath({ appVersion: '140.0' }));

    expect([outcome(miss), outcome(hit), outcome(other)]).toEqual([
      ['MISS', 'origin'],
      ['HIT', 'origin'],
      ['MISS', 'origin'],
    ]);
    expect(await miss.text()).toBe(originAnswer(updateCheckPath()).body);
    expect(await other.text()).toBe(originAnswer(updateCheckPath({ appVersion: '140.0' })).body);
    const updates = edge.callsTo(UPDATE);
    expect(updates).toHaveLength(2);
    expect(updates[0]?.url.searchParams.has('locale')).toBe(false);
    expect(updates[0]?.url.searchParams.get('id')).toBe('a@b');
    expect(edge.callsTo(MANIFEST)).toHaveLength(2);

    edge.clock.advance(HOUR + 1_000);
    edge.origin.down = true;
    const stale = await edge.send(updateCheckPath());
    expect(outcome(stale)).toEqual(['STALE', 'origin']);
  });

  it('asks its layers in order, skipping one that is down, hangs or does not know', async () => {
    const sources = [
      layer('down', 'down'),
      layer('slow', 'hangs'),
      layer('cold', 'unaware'),
      layer('redis', 'knows'),
    ];
    const edge = await edgeHarness({ sources, env: { SOURCE_TIMEOUT_MS: '50' } });
    const miss = await edge.send(updateCheckPath());
    const hit = await edge.send(updateCheckPath({ appVersion: '140.0' }));

    expect([outcome(miss), outcome(hit)]).toEqual([
      ['MISS', 'redis'],
      ['HIT', 'edge-manifest'],
    ]);
    expect(await miss.text()).toBe(originAnswer(updateCheckPath()).body);
    expect(sources.map((s) => s.calls)).toEqual([1, 1, 1, 1]);
    expect(edge.callsButPings()).toHaveLength(0);
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

  it("purges an add-on's update answers and manifest: its next check, whatever its appVersion, asks again", async () => {
    const edge = await edgeHarness();
    await edge.send(updateCheckPath());
    expect(outcome(await edge.send(updateCheckPath()))).toEqual(['HIT', 'origin']);

    const res = await edge.send(PURGE, purge('{"tags":["addon:a%40b"]}'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ purged: 2 });
    edge.catalogue.set('a@b', manifestFactory('a@b', { versions: [manifestVersion(3, '3.0', '58.0')] }));
    const after = await edge.send(updateCheckPath({ appVersion: '140.0' }));
    expect(outcome(after)).toEqual(['MISS', 'origin']);
    expect(offered(await after.text())).toBe('3.0');
    expect(edge.callsTo(MANIFEST)).toHaveLength(2);
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

describe('edge app: purge in every data centre (Cloudflare zone purge API)', () => {
  const ZONE = '/client/v4/zones/zone-123/purge_cache';
  const zoneEnv = { CF_ZONE_ID: 'zone-123', CF_API_TOKEN: 'cf-token' };

  it('also purges the tags through the zone API when configured', async () => {
    const edge = await edgeHarness({
      env: zoneEnv,
      routes: (o) => o.post(ZONE, (c) => c.json({ success: true })),
    });
    const res = await edge.send(PURGE, purge('{"tags":["addon:a%40b","catalogue"]}'));
    expect(res.status).toBe(200);
    const [call, ...more] = edge.callsTo(ZONE);
    expect(more).toHaveLength(0);
    expect(call?.url.hostname).toBe('api.cloudflare.com');
    expect(call?.headers.get('authorization')).toBe('Bearer cf-token');
    expect(JSON.parse(call?.body ?? '{}')).toEqual({ tags: ['addon:a%40b', 'catalogue'] });
  });

  it('says so (502) when the zone purge fails, after purging here', async () => {
    const edge = await edgeHarness({
      env: zoneEnv,
      routes: (o) =>
        o.post(ZONE, (c) => c.json({ success: false, errors: [{ message: 'rate limited' }] }, 429)),
    });
    const res = await edge.send(PURGE, purge('{"tags":["catalogue"]}'));
    expect(res.status).toBe(502);
    expect(((await res.json()) as { detail: string }).detail).toContain('zone purge answered 429');
  });
});
