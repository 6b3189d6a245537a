import { parseArgs } from 'node:util';
import { MemoryEdgeCache } from '../../functions/cache/memory-edge-cache.ts';
import { CATEGORIES } from '../../src/domain/categories.ts';
import { APPLICATIONS } from '../../src/domain/constants.ts';
import { pageCacheKey, updateCacheKey } from '../../src/domain/edge/cache-key.ts';
import { type EdgePolicy, edgePolicyOf, freshnessOf } from '../../src/domain/edge/cache-policy.ts';
import type { StoredResponse } from '../../src/domain/edge/ports.ts';
import { routeEdgeRequest } from '../../src/domain/edge/request-policy.ts';
import { parseUpdateQuery } from '../../src/domain/update-check.ts';
import { SHARED_PAGE_CDN_CACHE_CONTROL } from '../../src/http/cache-headers.ts';
import { queryReader } from '../../src/http/query-reader.ts';
import { Random, zipfSampler } from '../../src/services/seed/random.ts';
import { ADJECTIVES, TAGS, VERBS } from '../../src/services/seed/words.ts';

/** Firefox releases by how many installs run them (release, dot releases, ESR 140/128/115, beta, nightly). */
const FIREFOX_VERSIONS = (
  '146.0.1 146.0 145.0.2 140.6.0 145.0.1 145.0 144.0.2 128.14.0 144.0 143.0.4 140.5.0 143.0 147.0 142.0.1 ' +
  '148.0a1 115.30.0 142.0 141.0.3 140.4.0 141.0 139.0.4 128.13.0 138.0.4 137.0.2 136.0.4 135.0.1 134.0.2 ' +
  '133.0.3 115.29.0 128.0'
).split(' ');
const LOCALES = (
  'en-US de fr ru es-ES pl ja pt-BR it zh-CN en-GB nl es-MX tr uk zh-TW cs hu sv-SE ko id fi el ro da ' +
  'nb-NO vi ar he sk bg pt-PT es-AR fa hr th sr lt ca sl'
).split(' ');
/** `value:weight` pairs, space-separated, for `Random.weighted`. */
function weights(text: string): (readonly [string, number])[] {
  return text.split(' ').map((pair) => {
    const colon = pair.lastIndexOf(':');
    return [pair.slice(0, colon), Number(pair.slice(colon + 1))] as const;
  });
}
const DESKTOP_OS = weights('WINNT:75 Darwin:15 Linux:10');
const ABIS: Record<string, readonly (readonly [string, number])[]> = {
  WINNT: weights('x86_64-msvc:85 x86-msvc:10 aarch64-msvc:5'),
  Darwin: weights('aarch64-gcc3:60 x86_64-gcc3:40'),
  Linux: weights('x86_64-gcc3:95 aarch64-gcc3:5'),
  Android: weights('aarch64-gcc3:85 arm-eabi-gcc3:12 x86_64-gcc3:3'),
};
/** The installed add-on version: most installs are up to date, the rest one or two versions behind. */
const VERSIONS_BEHIND = weights('0:85 1:10 2:5');
const COMPAT_MODES = weights('normal:95 strict:3 ignore:2');
const PAGE_KINDS = weights('home:10 category:20 detail:55 search:15');
/** '' is the listing's default sort (no parameter). */
const SORTS = weights(':50 users:25 rating:15 created:10');
const SOURCES =
  'search featured homepage-primary-hero recommended-addons-card related-addons collection'.split(' ');
const CAMPAIGNS = 'newsletter-2026-11 fx-whatsnew social-ads blog-post partner-promo'.split(' ');
const FIREFOX_ID = encodeURIComponent(APPLICATIONS.firefox.guid);
const ANDROID_ID = encodeURIComponent(APPLICATIONS.android.guid);
/** As functions/app.ts builds it from UPDATE_TTL_SECONDS (3600). */
const UPDATE_POLICY: EdgePolicy = { ttl: 3600, swr: 3600, sie: 30 * 86_400 };
const PAGE_POLICY = edgePolicyOf(200, SHARED_PAGE_CDN_CACHE_CONTROL, false) as EdgePolicy;

type Class = 'update' | 'page';
type Outcome = 'HIT' | 'STALE' | 'MISS';

function categoryPaths(): string[] {
  const kinds: Record<string, string> = { extension: 'extensions', statictheme: 'themes' };
  return CATEGORIES.filter((c) => kinds[c.type]).map((c) => `firefox/${kinds[c.type]}/category/${c.slug}/`);
}

/** Search terms by popularity: tags, then two-word phrases, then a long tail of rarer phrasings. */
function searchTerms(count: number): string[] {
  const terms = [...TAGS];
  for (const tag of TAGS)
    for (const word of [...ADJECTIVES, ...VERBS]) terms.push(`${word.toLowerCase()} ${tag}`);
  for (let i = 0; terms.length < count; i++)
    terms.push(`${TAGS[i % TAGS.length]} ${Math.floor(i / TAGS.length)}`);
  return terms.slice(0, count);
}

/** A seeded stream of anonymous requests (path + query), about `updateShare` of them Firefox update checks. */
function trafficOf(seed: number, addons: number, updateShare: number): { next(): [Class, string] } {
  const rng = new Random(seed);
  const guids: string[] = [];
  for (let r = 1; r <= addons; r++) {
    const guid =
      r % 3 === 0
        ? `{${rng.hex(8)}-${rng.hex(4)}-4${rng.hex(3)}-a${rng.hex(3)}-${rng.hex(12)}}`
        : `addon-${r}@${r % 2 ? 'example.com' : 'mozilla.org'}`;
    guids.push(encodeURIComponent(guid));
  }
  const addon = zipfSampler(addons, 1.05);
  const detail = zipfSampler(addons, 1.0);
  const appVersion = zipfSampler(FIREFOX_VERSIONS.length, 1.1);
  const locale = zipfSampler(LOCALES.length, 1.1);
  const categories = categoryPaths();
  const category = zipfSampler(categories.length, 1.0);
  const pageNumber = zipfSampler(50, 1.5);
  const terms = searchTerms(50_000).map((t) => encodeURIComponent(t).replaceAll('%20', '+'));
  const term = zipfSampler(terms.length, 1.0);

  const update = (): string => {
    const rank = addon(rng);
    const android = rng.chance(0.1);
    const os = android ? 'Android' : rng.weighted(DESKTOP_OS);
    const app = FIREFOX_VERSIONS[appVersion(rng) - 1];
    const behind = Number(rng.weighted(VERSIONS_BEHIND));
    const version = `${1 + (rank % 7)}.${(rank % 13) + 2 - behind}.${rank % 5}`;
    const maxApp = rng.chance(0.95) ? '*' : `${100 + (rank % 40)}.0`;
    const status = rng.chance(0.96) ? 'userEnabled' : 'userDisabled';
    const mode = rng.weighted(COMPAT_MODES);
    return (
      `/update/VersionCheck.php?reqVersion=2&id=${guids[rank - 1]}&version=${version}&maxAppVersion=${maxApp}` +
      `&status=${status}&appID=${android ? ANDROID_ID : FIREFOX_ID}&appVersion=${app}&appOS=${os}` +
      `&appABI=${rng.weighted(ABIS[os] ?? [])}&locale=${LOCALES[locale(rng) - 1]}&currentAppVersion=${app}` +
      `&updateType=${rng.chance(0.95) ? 112 : 97}&compatMode=${mode}`
    );
  };

  const page = (): string => {
    const base = `/${LOCALES[locale(rng) - 1]}/`;
    const params: string[] = [];
    let path: string;
    const kind = rng.weighted(PAGE_KINDS);
    if (kind === 'home') path = `${base}firefox/`;
    else if (kind === 'category') {
      path = `${base}${categories[category(rng) - 1]}`;
      const sort = rng.weighted(SORTS);
      if (sort) params.push(`sort=${sort}`);
      const n = pageNumber(rng);
      if (n > 1) params.push(`page=${n}`);
    } else if (kind === 'detail') {
      path = `${base}firefox/addon/addon-${detail(rng)}/`;
      if (rng.chance(0.3)) params.push(`src=${rng.pick(SOURCES)}`);
    } else {
      path = `${base}firefox/search/`;
      params.push(`q=${terms[term(rng) - 1]}`);
      if (rng.chance(0.3)) params.push('type=extension');
      if (rng.chance(0.1)) params.push(`page=${pageNumber(rng)}`);
      if (rng.chance(0.5)) params.reverse();
    }
    if (rng.chance(0.15))
      params.push(
        `utm_source=${rng.pick(['newsletter', 'twitter', 'blog'])}&utm_medium=referral&utm_campaign=${rng.pick(CAMPAIGNS)}`,
      );
    if (rng.chance(0.04)) params.push(`fbclid=IwAR${rng.hex(40)}`);
    return params.length ? `${path}?${params.join('&')}` : path;
  };

  return { next: () => (rng.chance(updateShare) ? ['update', update()] : ['page', page()]) };
}

/** The key the edge computes for a request, through the same domain functions; null when not cached. */
function edgeKey(pathAndQuery: string): string | null {
  const q = pathAndQuery.indexOf('?');
  const path = q === -1 ? pathAndQuery : pathAndQuery.slice(0, q);
  const route = routeEdgeRequest({ method: 'GET', path, cookie: null, authorization: null });
  if (route.kind === 'update') {
    const query = parseUpdateQuery(queryReader(pathAndQuery));
    return query ? updateCacheKey(query) : null;
  }
  if (route.kind === 'bypass') return null;
  const url = new URL(pathAndQuery, 'https://trove.example');
  return pageCacheKey(url.pathname, url.searchParams);
}

class Replay {
  readonly cache: MemoryEdgeCache;
  readonly counts = new Map<string, number>();
  #clock: () => number;

  constructor(capacity: number, clock: () => number) {
    this.#clock = clock;
    this.cache = new MemoryEdgeCache({ maxEntries: capacity, now: clock });
  }

  /** As the edge does: fresh is a HIT, stale is served (STALE) and refreshed, anything else is a MISS and stored. */
  async serve(cls: Class, key: string, late: boolean): Promise<void> {
    const now = this.#clock();
    const policy = cls === 'update' ? UPDATE_POLICY : PAGE_POLICY;
    const entry = await this.cache.match(key);
    const state = entry ? freshnessOf(entry.storedAt, entry.policy, now) : 'expired';
    const outcome: Outcome = state === 'fresh' ? 'HIT' : state === 'stale' ? 'STALE' : 'MISS';
    if (outcome !== 'HIT') await this.cache.put(key, stored(now, policy));
    // With the default capacity and an hour, nothing leaves the store: a MISS without an entry is then the
    // key's first request, and their count the number of distinct keys.
    const seen: string[] = entry ? [outcome] : [outcome, 'NEW'];
    for (const scope of late ? [cls, `${cls}:late`] : [cls])
      for (const o of seen) this.counts.set(`${scope} ${o}`, (this.counts.get(`${scope} ${o}`) ?? 0) + 1);
  }

  /** `scope`: a class, or `all`; with `:late`, the second half of the simulated time only. */
  ratio(scope: string): { total: number; hit: number; stale: number; keys: number; served: number } {
    const [cls, late] = scope.split(':');
    const scopes = (cls === 'all' ? ['update', 'page'] : [cls]).map((c) => (late ? `${c}:${late}` : c));
    const get = (o: Outcome | 'NEW') => scopes.reduce((n, s) => n + (this.counts.get(`${s} ${o}`) ?? 0), 0);
    const [hit, stale, miss] = [get('HIT'), get('STALE'), get('MISS')];
    const total = hit + stale + miss;
    return { total, hit, stale, keys: get('NEW'), served: total ? (hit + stale) / total : 0 };
  }
}

const EMPTY = new Uint8Array(0);
function stored(now: number, policy: EdgePolicy): StoredResponse {
  return { status: 200, headers: [], body: EMPTY, storedAt: now, policy, tags: [] };
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      requests: { type: 'string', default: '1000000' },
      seconds: { type: 'string', default: '3600' },
      addons: { type: 'string', default: '300000' },
      capacity: { type: 'string', default: '2000000' },
      'update-share': { type: 'string', default: '0.8' },
      seed: { type: 'string', default: '42' },
    },
  });
  const requests = Number(values.requests);
  const seconds = Number(values.seconds);
  const capacity = Number(values.capacity);
  const started = performance.now();
  const traffic = trafficOf(Number(values.seed), Number(values.addons), Number(values['update-share']));
  const arrivals = new Random(Number(values.seed) + 1);
  const start = Date.UTC(2026, 10, 17, 12);
  let clock = start;
  const now = () => clock;
  const normalised = new Replay(capacity, now);
  const naive = new Replay(capacity, now);
  const meanGapMs = (seconds * 1000) / requests;
  const examples = new Map<Class, [string, string]>();
  let uncached = 0;
  for (let i = 0; i < requests; i++) {
    clock += -Math.log(1 - arrivals.next()) * meanGapMs;
    const [cls, url] = traffic.next();
    const key = edgeKey(url);
    if (key === null) {
      uncached++;
      continue;
    }
    if (!examples.has(cls)) examples.set(cls, [url, key]);
    const late = clock - start >= (seconds * 1000) / 2;
    await normalised.serve(cls, key, late);
    await naive.serve(cls, url, late);
  }
  const took = (performance.now() - started) / 1000;

  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const simulated = (clock - start) / 1000;
  console.log(
    `${requests.toLocaleString('en')} anonymous requests over a simulated ${(simulated / 60).toFixed(0)} min ` +
      `(${(requests / simulated).toFixed(0)} req/s, one colo), ${values.addons} add-ons, cache of ${capacity.toLocaleString('en')} entries, seed ${values.seed}`,
  );
  console.log(
    `policies: pages ttl ${PAGE_POLICY.ttl} s + swr ${PAGE_POLICY.swr} s; update answers ttl ${UPDATE_POLICY.ttl} s + swr ${UPDATE_POLICY.swr} s`,
  );
  for (const [cls, [url, key]] of examples) console.log(`e.g. ${cls}: ${url}\n   key: ${key}`);
  if (uncached) console.log(`${uncached} requests not cacheable at the edge (bypass or invalid)`);
  console.log(
    '\n| class | requests | key | MISS, no entry (distinct keys) | HIT | STALE | served from cache | second half hour |',
  );
  console.log('|---|---:|---|---:|---:|---:|---:|---:|');
  for (const scope of ['update', 'page', 'all']) {
    for (const [name, replay] of [
      ['normalised', normalised],
      ['full URL', naive],
    ] as const) {
      const r = replay.ratio(scope);
      const late = replay.ratio(`${scope}:late`);
      console.log(
        `| ${scope} | ${r.total.toLocaleString('en')} | ${name} | ${r.keys.toLocaleString('en')} | ${r.hit.toLocaleString('en')} | ${r.stale.toLocaleString('en')} | ${pct(r.served)} | ${pct(late.served)} |`,
      );
    }
  }
  const gain = normalised.ratio('all').served - naive.ratio('all').served;
  console.log(
    `\nnormalised keys serve ${(gain * 100).toFixed(1)} more points of the traffic from cache than full URLs`,
  );
  console.log(
    `replay took ${took.toFixed(1)} s (${Math.round(requests / took).toLocaleString('en')} requests/s, both key schemes)`,
  );
}
