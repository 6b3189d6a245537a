import path from 'node:path';
import { parseArgs } from 'node:util';
import { ANDROID_GUID, FIREFOX_GUID } from '../support/factories.ts';
import { ensureCatalogue, ROOT } from './catalogues.ts';
import { drive, type LoadResult, printTable, zipfSampler } from './load.ts';
import { startNode } from './processes.ts';

/** A deterministic PRNG so every run drives the same mix. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Firefox's real update URLs: Zipf over add-ons, a few app versions, every compat mode, 3% unknown ids. */
export function updatePathsForProfile(guids: readonly string[], seed: number): () => string {
  return updatePaths(guids, seed);
}

function updatePaths(guids: readonly string[], seed: number): () => string {
  const random = mulberry32(seed);
  const rank = zipfSampler(guids.length, 1.0, random);
  const appVersions = ['115.0', '128.0', '128.5.1', '131.0', '140.0', '145.0a1'];
  const modes = ['normal', 'normal', 'normal', 'strict', 'ignore'];
  return () => {
    const unknown = random() < 0.03;
    const id = unknown ? `system-${Math.floor(random() * 1000)}@mozilla.org` : (guids[rank()] as string);
    const android = random() < 0.1;
    const appVersion = appVersions[Math.floor(random() * appVersions.length)] as string;
    const qs = new URLSearchParams({
      reqVersion: '2',
      id,
      version: '1.0',
      maxAppVersion: '*',
      status: 'userEnabled',
      appID: android ? ANDROID_GUID : FIREFOX_GUID,
      appVersion,
      appOS: 'Linux',
      appABI: 'x86_64-gcc3',
      locale: 'en-US',
      currentAppVersion: appVersion,
      updateType: random() < 0.5 ? '112' : '97',
      compatMode: modes[Math.floor(random() * modes.length)] as string,
    });
    return `/update/VersionCheck.php?${qs}`;
  };
}

function urlPool(next: () => string, size: number): string[] {
  return Array.from({ length: size }, next);
}

function cycle(paths: readonly string[]): () => string {
  let i = 0;
  return () => paths[i++ % paths.length] as string;
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      addons: { type: 'string', default: '300000' },
      seconds: { type: 'string', default: '15' },
      warmup: { type: 'string', default: '10' },
      connections: { type: 'string', default: '64' },
      only: { type: 'string' },
    },
  });
  const addons = Number(values.addons);
  const seconds = Number(values.seconds);
  const warmup = Number(values.warmup);
  const connections = Number(values.connections);
  const kinds = (values.only ?? 'sqlite,mariadb').split(',') as ('sqlite' | 'mariadb')[];
  const catalogues = [];
  for (const kind of kinds) catalogues.push(await ensureCatalogue(kind, addons));

  const results: LoadResult[] = [];
  const sample = `{"addons":{"x@trove.test":{"updates":[{"version":"1.0","update_link":"http://127.0.0.1/firefox/downloads/file/1/x-1.0.xpi","applications":{"gecko":{"strict_min_version":"58.0"}},"update_hash":"sha256:${'0'.repeat(64)}"}]}}}`;
  // Both servers get the same pre-built URLs: building Firefox's query string per request made the load
  // generator, not the server, the bottleneck.
  const pools = new Map(catalogues.map((c) => [c.name, urlPool(updatePaths(c.guids, 42), 200_000)]));
  const barePaths = cycle(pools.values().next().value ?? ['/']);
  const bare = await startNode(path.join(ROOT, 'test/bench/bare-hono.ts'), { PORT: '0', BARE_BODY: sample });
  try {
    await drive({ label: 'warm-up', url: bare.url, seconds: 2, connections, nextPath: barePaths });
    results.push(
      await drive({
        label: 'bare Hono, fixed bytes',
        url: bare.url,
        seconds,
        connections,
        nextPath: barePaths,
      }),
    );
  } finally {
    await bare.stop();
  }

  for (const catalogue of catalogues) {
    const env: Record<string, string> = {
      PORT: '0',
      DATABASE_URL: catalogue.databaseUrl,
      DEMO_ADDONS: '0',
      TROVE_DATA_DIR: path.join(ROOT, '.trove/bench'),
    };
    if (catalogue.name === 'mariadb') env.REDIS_URL = 'redis://127.0.0.1:6379';
    const started = performance.now();
    const origin = await startNode(path.join(ROOT, 'src/origin/main.ts'), env);
    try {
      const nextPath = cycle(pools.get(catalogue.name) ?? []);
      const cold = await drive({
        label: `origin ${catalogue.name}, cold start (${warmup}s)`,
        url: origin.url,
        seconds: warmup,
        connections,
        nextPath,
      });
      results.push(cold);
      const warmed = await origin.waitFor(/update cache warmed/);
      const manifests = /"manifests":(\d+)/.exec(warmed)?.[1];
      const took = /"seconds":([\d.]+)/.exec(warmed)?.[1];
      const up = ((performance.now() - started) / 1000).toFixed(0);
      console.log(`${catalogue.name}: ${manifests} manifests warmed in ${took} s (process up ${up} s)`);
      results.push(
        await drive({
          label: `origin ${catalogue.name}, cache warm`,
          url: origin.url,
          seconds,
          connections,
          nextPath,
        }),
      );
    } finally {
      await origin.stop();
    }
  }

  printTable(results);
  const base = results[0]?.rps ?? 1;
  for (const r of results.slice(1)) {
    if (r.label.includes('cache warm'))
      console.log(`${r.label}: ${((r.rps / base) * 100).toFixed(0)}% of bare Hono`);
  }
}
