import type { EdgePolicy } from '../../src/domain/edge/cache-policy.ts';
import type { StoredResponse } from '../../src/domain/edge/ports.ts';
import type { ManifestVersion, UpdateManifest } from '../../src/domain/update-manifest.ts';

/** 2026-11-20 12:00 UTC: a fixed start, so days and ages are predictable. */
export const CLOCK_START = Date.UTC(2026, 10, 20, 12);

export interface TestClock {
  readonly now: () => number;
  advance(ms: number): void;
}

export function testClock(start = CLOCK_START): TestClock {
  let time = start;
  return {
    now: () => time,
    advance(ms) {
      time += ms;
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

let counter = 0;

/** A key no other test uses: adapters may share a cache (caches.default) across tests. */
export const uniqueKey = (prefix = '/page/') => `${prefix}${Date.now()}-${++counter}/`;

/** A Cache API cache of this test alone. */
export const isolatedCache = () => caches.open(`test-${crypto.randomUUID()}`);

const bytes = (text: string) => new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>;

export const DEFAULT_POLICY: EdgePolicy = { ttl: 60, swr: 60, sie: 86_400 };

type EntryOverrides = Partial<Omit<StoredResponse, 'body'>> & { body?: string };

/** A shareable 200 HTML page stored at CLOCK_START under one tag, unless overridden. */
export function storedResponse(overrides: EntryOverrides = {}): StoredResponse {
  const n = ++counter;
  const body = overrides.body ?? `<p>page ${n}</p>`;
  return {
    status: 200,
    headers: [
      ['cache-control', 'public, max-age=60'],
      ['content-length', String(bytes(body).byteLength)],
      ['content-type', 'text/html; charset=utf-8'],
      ['etag', `"page-${n}"`],
    ],
    storedAt: CLOCK_START,
    policy: DEFAULT_POLICY,
    tags: [`page:${n}`],
    ...overrides,
    body: bytes(body),
  };
}

export const FIREFOX_GUID = '{ec8030f7-c20a-464f-9b0e-13a3a9e97384}';

/** Firefox's update check URL for add-on `a@b`, with the given parameters replaced or removed (undefined). */
export function updateCheckPath(params: Record<string, string | undefined> = {}): string {
  const all: Record<string, string | undefined> = {
    reqVersion: '2',
    id: 'a@b',
    version: '1.0',
    appID: FIREFOX_GUID,
    appVersion: '128.0',
    locale: 'de',
    appOS: 'Linux',
    ...params,
  };
  const kept = Object.entries(all).filter((e): e is [string, string] => e[1] !== undefined);
  return `/update/VersionCheck.php?${kept.map(([k, v]) => `${k}=${v}`).join('&')}`;
}

/** One update candidate: Firefox from `firefoxMin`, Android from 120. */
export function manifestVersion(id: number, version: string, firefoxMin: string): ManifestVersion {
  return {
    id,
    version,
    hasReleaseNotes: id % 2 === 0,
    file: {
      id: 100 + id,
      hash: `sha256:${String(id).repeat(64).slice(0, 64)}`,
      filename: `${version}.xpi`,
      strictCompatibility: false,
    },
    compat: { firefox: { min: firefoxMin, max: '*' }, android: { min: '120.0', max: '*' } },
  };
}

/**
 * An add-on's update manifest as the origin builds it: 2.0 for Firefox 130 and later, 1.0 (from Firefox 58)
 * before, so that the answer depends on appVersion; newest first.
 */
export function manifestFactory(guid: string, overrides: Partial<UpdateManifest> = {}): UpdateManifest {
  return {
    addonId: 7,
    guid,
    slug: guid.split('@')[0] ?? guid,
    versions: [manifestVersion(2, '2.0', '130.0'), manifestVersion(1, '1.0', '58.0')],
    ...overrides,
  };
}
