import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, type RunningEdge, startEdge } from '../../infra/dev/edge/run-edge.ts';
import { startUpstashRestServer, type UpstashRestServer } from '../../infra/dev/upstash-rest/server.ts';
import { openDatabase } from '../../src/adapters/sql/open-database.ts';
import { SqlUsageStore } from '../../src/adapters/sql/usage-store.ts';
import { utcDay } from '../../src/domain/daily-users.ts';
import { addonTag } from '../../src/domain/edge/cache-policy.ts';
import { MAX_GUID_LENGTH } from '../../src/domain/update-check.ts';
import type { UpdateManifest } from '../../src/domain/update-manifest.ts';
import { updateQuery } from '../support/factories.ts';
import { catalogueEntry, runTrove, writeJsonFile } from '../support/run-trove.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const REDIS_URL = 'redis://127.0.0.1:6379';
const TOKEN = 'e2e-edge-token-0123456789';

async function eventually<T>(probe: () => Promise<T>, ok: (value: T) => boolean, ms = 8000): Promise<T> {
  const deadline = Date.now() + ms;
  let value = await probe();
  while (!ok(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    value = await probe();
  }
  return value;
}

/** The edge Worker under workerd in front of a real origin process, Redis behind Upstash REST: all on loopback. */
describe('the edge in front of the origin', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trove-edge-'));
  const prefix = `trove-e2e:${process.pid}:${Date.now()}:`;
  const guid = 'tabs@trove.test';
  let edge: RunningEdge;
  let upstash: UpstashRestServer;
  let origin: ChildProcess;
  let originUrl = '';
  let env: Record<string, string> = {};

  const get = (p: string, headers: Record<string, string> = {}) => fetch(edge.url + p, { headers });
  const check = (params: Record<string, string> = {}) =>
    get(`/update/VersionCheck.php?${updateQuery(guid, params)}`);
  /** Purges the add-on at the edge, as the origin does after a write (works with the origin down). */
  const purgeEdge = async () =>
    (
      await fetch(`${edge.url}/__trove/purge`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ tags: [addonTag(guid)] }),
      })
    ).status;
  const offered = async (res: Response) =>
    ((await res.json()) as { addons: Record<string, { updates: { version: string }[] }> }).addons[guid]
      ?.updates[0]?.version;
  const importVersions = (...versions: string[]) => {
    const entry = catalogueEntry(
      guid,
      versions.map((version) => ({ version })),
    );
    const file = writeJsonFile({ addons: [entry] });
    const result = runTrove(['import', file], env);
    expect(result.code, result.stderr).toBe(0);
  };

  beforeAll(async () => {
    const [edgePort, originPort] = [await freePort(), await freePort()];
    const edgeUrl = `http://127.0.0.1:${edgePort}`;
    originUrl = `http://127.0.0.1:${originPort}`;
    upstash = await startUpstashRestServer({ redisUrl: REDIS_URL, token: TOKEN });
    edge = await startEdge({
      port: edgePort,
      workDir: path.join(dataDir, 'edge'),
      bindings: {
        ORIGIN_URL: originUrl,
        SITE_URL: edgeUrl,
        EDGE_TOKEN: TOKEN,
        REDIS_KEY_PREFIX: prefix,
        UPSTASH_REDIS_REST_URL: upstash.url,
        UPSTASH_REDIS_REST_TOKEN: TOKEN,
        PING_FLUSH_MS: '100',
        ORIGIN_TIMEOUT_MS: '2000',
      },
    });
    env = {
      DATABASE_URL: `sqlite:${path.join(dataDir, 'trove.db')}`,
      TROVE_DATA_DIR: dataDir,
      REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      EDGE_URL: edgeUrl,
      EDGE_TOKEN: TOKEN,
      SITE_URL: edgeUrl,
      PORT: String(originPort),
      DEMO_ADDONS: '0',
      USAGE_ROLLUP_MINUTES: '0',
      LOG_LEVEL: 'warn',
    };
    importVersions('1.0');
    origin = spawn(process.execPath, ['src/origin/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: 'ignore',
    });
    await eventually(
      () =>
        fetch(`${originUrl}/__lbheartbeat__`).then(
          (r) => r.status,
          () => 0,
        ),
      (status) => status === 200,
      30_000,
    );
  });
  afterAll(async () => {
    origin?.kill('SIGKILL');
    await edge?.dispose();
    await upstash?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves anonymous pages from the edge cache, one entry for equivalent URLs', async () => {
    const first = await get('/en-US/firefox/');
    expect(first.headers.get('x-cache')).toBe('MISS');
    const body = await first.text();
    const again = await get('/en-US/firefox/?utm_source=newsletter&fbclid=abc');
    expect(again.headers.get('x-cache')).toBe('HIT');
    expect(await again.text()).toBe(body);
  });

  it('never serves signed-in visitors from the shared cache, nor stores their responses', async () => {
    const signedIn = await get('/en-US/firefox/', { cookie: 'trove_session=s3cret' });
    expect(signedIn.headers.get('x-cache')).toBe('BYPASS');
    expect(signedIn.headers.get('cache-control')).toMatch(/private|no-store/);
    const probe = await get('/en-US/firefox/?probe=1', { authorization: 'JWT a.b.c' });
    expect(probe.headers.get('x-cache')).toBe('BYPASS');
    expect((await get('/en-US/firefox/?probe=1')).headers.get('x-cache')).toBe('MISS');
  });

  it('cannot be poisoned through unkeyed headers or tricked into storing private paths', async () => {
    const poisoned = await get('/en-US/firefox/?p=1', {
      'x-forwarded-host': 'evil.example',
      'x-original-url': '/account/',
    });
    expect(poisoned.headers.get('x-cache')).toBe('MISS');
    const next = await get('/en-US/firefox/?p=1');
    expect(next.headers.get('x-cache')).toBe('HIT');
    expect(await next.text()).not.toContain('evil.example');
    for (let i = 0; i < 2; i++) {
      const deception = await get('/en-US/firefox/account/avatar.css');
      expect(deception.headers.get('x-cache')).toBe('BYPASS');
    }
  });

  it("answers update checks at the edge with the origin's exact answer, keyed on what matters", async () => {
    const first = await check();
    expect(first.headers.get('x-cache')).toBe('MISS');
    expect(first.headers.get('x-trove-source')).toBe('redis');
    const body = await first.text();
    const fromOrigin = await fetch(`${originUrl}/update/VersionCheck.php?${updateQuery(guid)}`);
    expect(body).toBe(await fromOrigin.text());
    expect(first.headers.get('etag')).toBe(fromOrigin.headers.get('etag'));
    const other = await check({ locale: 'fr', appOS: 'Darwin', version: '0.9', updateType: '112' });
    expect(other.headers.get('x-cache')).toBe('HIT');
    expect(await other.text()).toBe(body);
  });

  it("answers any other appVersion or compatMode from the add-on's manifest at the edge, byte for byte", async () => {
    const variants: Record<string, string>[] = [
      { appVersion: '115.0' },
      { appVersion: '146.0.1', compatMode: 'strict' },
    ];
    for (const params of variants) {
      const res = await check(params);
      expect(res.headers.get('x-cache')).toBe('HIT');
      expect(res.headers.get('x-trove-source')).toBe('edge-manifest');
      const fromOrigin = await fetch(`${originUrl}/update/VersionCheck.php?${updateQuery(guid, params)}`);
      expect(await res.text()).toBe(await fromOrigin.text());
      expect(res.headers.get('etag')).toBe(fromOrigin.headers.get('etag'));
    }
  });

  it("serves the edge an add-on's manifest: public, tagged, null when unknown", async () => {
    const res = await fetch(`${originUrl}/__trove/manifest/${encodeURIComponent(guid)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600');
    expect(res.headers.get('cache-tag')).toBe(addonTag(guid));
    const { manifest } = (await res.json()) as { manifest: UpdateManifest | null };
    expect(manifest?.guid).toBe(guid);
    expect(manifest?.versions.map((v) => v.version)).toEqual(['1.0']);
    const unknown = await fetch(`${originUrl}/__trove/manifest/${encodeURIComponent('nobody@trove.test')}`);
    expect(await unknown.json()).toEqual({ manifest: null });
    const tooLong = await fetch(`${originUrl}/__trove/manifest/${'x'.repeat(MAX_GUID_LENGTH + 1)}`);
    expect(tooLong.status).toBe(400);
  });

  it('shows a change at the origin within seconds: manifests rewritten, edge purged', async () => {
    expect(await offered(await check())).toBe('1.0');
    expect((await get('/en-US/firefox/')).headers.get('x-cache')).toBe('HIT');
    // `trove import` returns once the write is committed and propagated (manifests rewritten, edge purged):
    // from then on, the edge must answer with the new version within seconds (here: at once, or nearly).
    importVersions('1.0', '2.0');
    const written = Date.now();
    const res = await eventually(check, (r) => r.headers.get('x-cache') !== 'HIT', 5000);
    expect(await offered(res)).toBe('2.0');
    expect(Date.now() - written).toBeLessThan(3000);
    expect((await get('/en-US/firefox/')).headers.get('x-cache')).toBe('MISS');
  });

  it('counts update checks per add-on per day at the origin, in batches', async () => {
    const db = await openDatabase({ url: env.DATABASE_URL ?? '', baseDir: ROOT });
    const store = new SqlUsageStore(db.primary, db.dialect);
    const today = utcDay(Date.now());
    const counted = async () => (await store.dailyCounts([today])).get(guid)?.[0] ?? 0;
    const start = await counted();
    for (let i = 0; i < 5; i++) await check({ appVersion: `12${i}.0` });
    await check();
    expect(await eventually(counted, (n) => n >= start + 6)).toBeGreaterThanOrEqual(start + 6);
    await db.close();
  });

  it("falls back to the origin's manifest when Redis is down", async () => {
    const port = Number(new URL(upstash.url).port);
    await upstash.close();
    expect(await purgeEdge()).toBe(200);
    const res = await check({ appVersion: '131.0' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-cache')).toBe('MISS');
    expect(res.headers.get('x-trove-source')).toBe('origin');
    const fromOrigin = await fetch(
      `${originUrl}/update/VersionCheck.php?${updateQuery(guid, { appVersion: '131.0' })}`,
    );
    expect(await res.text()).toBe(await fromOrigin.text());
    const next = await check({ appVersion: '132.0' });
    expect(next.headers.get('x-cache')).toBe('HIT');
    expect(next.headers.get('x-trove-source')).toBe('edge-manifest');
    upstash = await startUpstashRestServer({ redisUrl: REDIS_URL, token: TOKEN, port });
  });

  it('keeps serving anonymous pages and update checks with the origin killed', async () => {
    await get('/en-US/firefox/'); // whatever the origin answers, it is what the edge has or has not kept
    origin.kill('SIGKILL');
    await eventually(
      () =>
        fetch(`${originUrl}/__lbheartbeat__`).then(
          (r) => r.status,
          () => 0,
        ),
      (status) => status === 0,
    );
    const home = await get('/en-US/firefox/');
    expect(home.status).toBe(200);
    expect(['HIT', 'STALE']).toContain(home.headers.get('x-cache'));
    expect((await check()).status).toBe(200);
    // Nothing of the add-on left at the edge: Redis answers, and the edge keeps its manifest.
    expect(await purgeEdge()).toBe(200);
    const unseen = await check({ appVersion: '140.0' });
    expect(unseen.status).toBe(200);
    expect(unseen.headers.get('x-trove-source')).toBe('redis');
    expect(await offered(unseen)).toBe('2.0');
    const fromManifest = await check({ appVersion: '141.0' });
    expect(fromManifest.headers.get('x-cache')).toBe('HIT');
    expect(fromManifest.headers.get('x-trove-source')).toBe('edge-manifest');
    expect(await offered(fromManifest)).toBe('2.0');
    const signedIn = await get('/en-US/firefox/', { cookie: 'trove_session=s3cret', accept: 'text/html' });
    expect(signedIn.status).toBe(503);
    expect(signedIn.headers.get('cache-control')).toBe('no-store');
    expect(await signedIn.text()).toContain('Trove is briefly unavailable');
    const never = await get('/en-US/firefox/?never-cached=1', { accept: 'text/html' });
    expect(never.status).toBe(503);
  });
});
