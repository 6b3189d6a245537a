import { spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { MemoryEdgeCache } from '../../functions/cache/memory-edge-cache.ts';
import { CATEGORIES } from '../../src/domain/categories.ts';
import { APPLICATIONS } from '../../src/domain/constants.ts';
import { manifestCacheKey, pageCacheKey, updateCacheKey } from '../../src/domain/edge/cache-key.ts';
import {
  addonTag,
  CATALOGUE_TAG,
  type EdgePolicy,
  edgePolicyOf,
  freshnessOf,
} from '../../src/domain/edge/cache-policy.ts';
import type { StoredResponse } from '../../src/domain/edge/ports.ts';
import { routeEdgeRequest } from '../../src/domain/edge/request-policy.ts';
import { updateTier } from '../../src/domain/edge/update-tier.ts';
import { parseUpdateQuery, type UpdateQuery } from '../../src/domain/update-check.ts';
import { SHARED_PAGE_CDN_CACHE_CONTROL } from '../../src/http/cache-headers.ts';
import { queryReader } from '../../src/http/query-reader.ts';
import { Random, zipfSampler } from '../../src/services/seed/random.ts';
import { ADJECTIVES, TAGS, VERBS } from '../../src/services/seed/words.ts';

/**
 * `npm run bench -- hit-ratio`: how much anonymous traffic the edge serves from its cache, replayed through
 * the edge's own rules (routing, cache keys, freshness, `updateTier`, purges by tag) over `MemoryEdgeCache`.
 *
 * (a) Cold start: an empty cache, one simulated hour at ~278 req/s (the bench's historical figure).
 * (b) Steady state: a warm cache at AMO's rates (update checks and page views a second), with catalogue
 *     changes purging as the origin does. Simulating the warm-up request by request would take tens of
 *     millions of requests (the state of an update entry goes back more than its hour of freshness), so each
 *     cache key's state at the start of the measurement is drawn from its own history instead: the traffic
 *     is a Poisson stream of independent requests (as generated here), so each key sees its own Poisson
 *     stream at rate (total rate × probability of the key), independent of every other key's; its entry is
 *     stored at its first request after each expiry or purge (HIT while fresh, then STALE or MISS, both of
 *     which store), which the history replays store by store over `--history` seconds, starting from the
 *     renewal process's stationary age. Pages start empty at the last approval before the measurement,
 *     since each approval purges `catalogue`. With the manifest tier, an add-on's answer for some
 *     parameters was stored with the manifest if the check that stored the manifest had them, or if one did
 *     while the manifest was fresh. Then the measured requests go through the same replay as (a). The key
 *     probabilities are checked against the measured requests themselves (the z-scores printed), and
 *     `--warmup SECONDS` warms request by request instead (the reference, slow: e.g. `--addons 30000
 *     --update-rate 100 --page-rate 10 --requests 300000 --warmup 30000` agrees with the histories within
 *     0.2 points on every row). A request-by-request warm-up from an empty cache aligns the refreshes of
 *     popular keys (all stored at its start, all fresh for the same hour), which histories do not.
 *
 * Options: `--phase cold|steady|both`, `--requests`, `--addons`, `--seed`, `--capacity`; (a) `--seconds`,
 * `--update-share`; (b) `--update-rate`, `--page-rate`, `--approvals` (a day), `--approval-skew` (Zipf
 * exponent over popularity of the approved add-ons), `--history` (seconds), `--warmup` (seconds).
 */

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
const UTM_SOURCES = ['newsletter', 'twitter', 'blog'];
const FIREFOX_ID = encodeURIComponent(APPLICATIONS.firefox.guid);
const ANDROID_ID = encodeURIComponent(APPLICATIONS.android.guid);
/** As functions/app.ts builds it from UPDATE_TTL_SECONDS (3600), for update answers and manifests alike. */
const UPDATE_POLICY: EdgePolicy = { ttl: 3600, swr: 3600, sie: 30 * 86_400 };
const PAGE_POLICY = edgePolicyOf(200, SHARED_PAGE_CDN_CACHE_CONTROL, false) as EdgePolicy;
/** AMO: 150M page views a month (≈ 57/s) and 8,000 update checks a second. */
const AMO_PAGE_RATE = 57;
const AMO_UPDATE_RATE = 8_000;

type Class = 'update' | 'page';
/** How the edge keys update checks: `manifest` (answers, then the add-on's manifest: the edge now), `answer` (answers only: the edge before), `url` (the full URL, no normalisation). */
type Scheme = 'manifest' | 'answer' | 'url';

/** A Zipf(n, s) law: the exact sampler the traffic uses and its probabilities, P(k) ∝ k^-s. */
function zipf(n: number, s: number) {
  const pmf = new Float64Array(n + 1);
  let total = 0;
  for (let k = n; k >= 1; k--) {
    pmf[k] = k ** -s;
    total += pmf[k] as number;
  }
  for (let k = 1; k <= n; k++) pmf[k] = (pmf[k] as number) / total;
  return { sample: zipfSampler(n, s), p: (k: number) => pmf[k] as number };
}

/** `Random.weighted`'s probability of each value. */
function probabilities(entries: readonly (readonly [string, number])[]): Map<string, number> {
  const total = entries.reduce((n, [, w]) => n + w, 0);
  return new Map(entries.map(([value, w]) => [value, w / total]));
}

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

/**
 * One generated request: its URL, and for the steady state the probability, given its class, of each cache
 * key it maps to (`pManifest`, `pAnswer` for update checks; `pKey` for pages' normalised keys; `pUrl` for
 * the full URL). `rank` is the add-on's popularity rank (update checks, detail pages), else 0.
 */
interface Drawn {
  readonly cls: Class;
  readonly url: string;
  readonly rank: number;
  readonly pManifest: number;
  readonly pAnswer: number;
  readonly pKey: number;
  readonly pUrl: number;
  /** Update checks: the answer's parameters other than the add-on (application, appVersion, compatMode). */
  readonly variant: string;
}

/** A seeded stream of anonymous requests (path + query), about `updateShare` of them Firefox update checks. */
function trafficOf(seed: number, addons: number, updateShare: number) {
  const rng = new Random(seed);
  const guids: string[] = [];
  for (let r = 1; r <= addons; r++) {
    const guid =
      r % 3 === 0
        ? `{${rng.hex(8)}-${rng.hex(4)}-4${rng.hex(3)}-a${rng.hex(3)}-${rng.hex(12)}}`
        : `addon-${r}@${r % 2 ? 'example.com' : 'mozilla.org'}`;
    guids.push(guid);
  }
  const encodedGuids = guids.map((g) => encodeURIComponent(g));
  const addon = zipf(addons, 1.05);
  const detail = zipf(addons, 1.0);
  const appVersion = zipf(FIREFOX_VERSIONS.length, 1.1);
  const locale = zipf(LOCALES.length, 1.1);
  const categories = categoryPaths();
  const category = zipf(categories.length, 1.0);
  const pageNumber = zipf(50, 1.5);
  const termList = searchTerms(50_000);
  const terms = termList.map((t) => encodeURIComponent(t).replaceAll('%20', '+'));
  const term = zipf(terms.length, 1.0);
  // Equal phrasings are one key: a term's probability is that of every rank that spells it.
  const termP = new Map<string, number>();
  for (let k = 1; k <= terms.length; k++) {
    const t = terms[k - 1] as string;
    termP.set(t, (termP.get(t) ?? 0) + term.p(k));
  }
  const pOs = probabilities(DESKTOP_OS);
  const pAbi = new Map(Object.entries(ABIS).map(([os, w]) => [os, probabilities(w)]));
  const pBehind = probabilities(VERSIONS_BEHIND);
  const pMode = probabilities(COMPAT_MODES);
  const pKind = probabilities(PAGE_KINDS);
  const pSort = probabilities(SORTS);

  const update = (): Drawn => {
    const rank = addon.sample(rng);
    const android = rng.chance(0.1);
    const os = android ? 'Android' : rng.weighted(DESKTOP_OS);
    const vi = appVersion.sample(rng);
    const app = FIREFOX_VERSIONS[vi - 1];
    const behind = rng.weighted(VERSIONS_BEHIND);
    const version = `${1 + (rank % 7)}.${(rank % 13) + 2 - Number(behind)}.${rank % 5}`;
    const star = rng.chance(0.95);
    const maxApp = star ? '*' : `${100 + (rank % 40)}.0`;
    const enabled = rng.chance(0.96);
    const mode = rng.weighted(COMPAT_MODES);
    const abi = rng.weighted(ABIS[os] ?? []);
    const li = locale.sample(rng);
    const regular = rng.chance(0.95);
    const url =
      `/update/VersionCheck.php?reqVersion=2&id=${encodedGuids[rank - 1]}&version=${version}&maxAppVersion=${maxApp}` +
      `&status=${enabled ? 'userEnabled' : 'userDisabled'}&appID=${android ? ANDROID_ID : FIREFOX_ID}&appVersion=${app}&appOS=${os}` +
      `&appABI=${abi}&locale=${LOCALES[li - 1]}&currentAppVersion=${app}` +
      `&updateType=${regular ? 112 : 97}&compatMode=${mode}`;
    const pManifest = addon.p(rank);
    const pAnswer = pManifest * (android ? 0.1 : 0.9) * appVersion.p(vi) * (pMode.get(mode) as number);
    const pUrl =
      pAnswer *
      (android ? 1 : (pOs.get(os) as number)) *
      (pAbi.get(os)?.get(abi) as number) *
      (pBehind.get(behind) as number) *
      (star ? 0.95 : 0.05) *
      (enabled ? 0.96 : 0.04) *
      locale.p(li) *
      (regular ? 0.95 : 0.05);
    return {
      cls: 'update',
      url,
      rank,
      pManifest,
      pAnswer,
      pKey: 0,
      pUrl,
      variant: `${android}|${vi}|${mode}`,
    };
  };

  const page = (): Drawn => {
    const li = locale.sample(rng);
    const base = `/${LOCALES[li - 1]}/`;
    const params: string[] = [];
    let path: string;
    let rank = 0;
    const kind = rng.weighted(PAGE_KINDS);
    let pKey = locale.p(li) * (pKind.get(kind) as number);
    let pExtra = 1;
    if (kind === 'home') path = `${base}firefox/`;
    else if (kind === 'category') {
      const c = category.sample(rng);
      path = `${base}${categories[c - 1]}`;
      const sort = rng.weighted(SORTS);
      if (sort) params.push(`sort=${sort}`);
      const n = pageNumber.sample(rng);
      if (n > 1) params.push(`page=${n}`);
      pKey *= category.p(c) * (pSort.get(sort) as number) * pageNumber.p(n);
    } else if (kind === 'detail') {
      rank = detail.sample(rng);
      path = `${base}firefox/addon/addon-${rank}/`;
      pKey *= detail.p(rank);
      if (rng.chance(0.3)) {
        params.push(`src=${rng.pick(SOURCES)}`);
        pExtra *= 0.3 / SOURCES.length;
      } else pExtra *= 0.7;
    } else {
      path = `${base}firefox/search/`;
      const t = terms[term.sample(rng) - 1] as string;
      params.push(`q=${t}`);
      pKey *= termP.get(t) as number;
      if (rng.chance(0.3)) params.push('type=extension');
      pKey *= params.length === 2 ? 0.3 : 0.7;
      if (rng.chance(0.1)) {
        const n = pageNumber.sample(rng);
        params.push(`page=${n}`);
        pKey *= 0.1 * pageNumber.p(n);
      } else pKey *= 0.9;
      // Reversing one parameter changes nothing: both draws spell the same URL.
      const reversed = rng.chance(0.5);
      if (reversed) params.reverse();
      if (params.length > 1) pExtra *= 0.5;
    }
    if (rng.chance(0.15)) {
      params.push(
        `utm_source=${rng.pick(UTM_SOURCES)}&utm_medium=referral&utm_campaign=${rng.pick(CAMPAIGNS)}`,
      );
      pExtra *= 0.15 / UTM_SOURCES.length / CAMPAIGNS.length;
    } else pExtra *= 0.85;
    // A click id is unique: that URL is never asked for again (probability 0 for the warm-up).
    if (rng.chance(0.04)) {
      params.push(`fbclid=IwAR${rng.hex(40)}`);
      pExtra = 0;
    } else pExtra *= 0.96;
    const url = params.length ? `${path}?${params.join('&')}` : path;
    return { cls: 'page', url, rank, pManifest: 0, pAnswer: 0, pKey, pUrl: pKey * pExtra, variant: '' };
  };

  /** The trigger of a stored manifest: the parameters of a random check of one add-on (any add-on: they are independent). */
  const variant = (r: Random) => {
    const android = r.chance(0.1);
    return `${android}|${appVersion.sample(r)}|${r.weighted(COMPAT_MODES)}`;
  };
  const next = (): Drawn => (rng.chance(updateShare) ? update() : page());
  return { next, guids, variant, approvalRank: (r: Random, skew: number) => zipfSampler(addons, skew)(r) };
}

/** The keys the edge computes for a request, through the same domain functions; null when not cached. */
interface Keys {
  readonly cls: Class;
  /** Update checks: the answer's key; pages: the normalised page key. */
  readonly key: string;
  readonly manifestKey: string | null;
  readonly tags: readonly string[];
}

function edgeKeys(drawn: Drawn, guids: readonly string[]): Keys | null {
  const { url } = drawn;
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const route = routeEdgeRequest({ method: 'GET', path, cookie: null, authorization: null });
  if (route.kind === 'update') {
    const query: UpdateQuery | null = parseUpdateQuery(queryReader(url));
    if (!query) return null;
    return {
      cls: 'update',
      key: updateCacheKey(query),
      manifestKey: manifestCacheKey(query.id),
      tags: [addonTag(query.id)],
    };
  }
  if (route.kind === 'bypass') return null;
  const parsed = new URL(url, 'https://trove.example');
  // As the storefront tags them: every page with the catalogue, an add-on's detail page with the add-on too.
  const tags = drawn.rank ? [CATALOGUE_TAG, addonTag(guids[drawn.rank - 1] as string)] : [CATALOGUE_TAG];
  return { cls: 'page', key: pageCacheKey(parsed.pathname, parsed.searchParams), manifestKey: null, tags };
}

/** Catalogue changes: approvals at a steady rate, each purging `catalogue` and the add-on, as the origin does. */
class Approvals {
  /** Times (ms), ascending, of every approval; and of each add-on's, by popularity rank. */
  readonly all: number[] = [];
  readonly ranks: number[] = [];
  readonly byRank = new Map<number, number[]>();

  constructor(from: number, to: number, perDay: number, rankOf: (r: Random) => number, seed: number) {
    const rng = new Random(seed);
    const gapMs = 86_400_000 / perDay;
    if (perDay <= 0) return;
    const gap = () => -Math.log(1 - rng.next()) * gapMs;
    for (let t = from + gap(); t < to; t += gap()) {
      const rank = rankOf(rng);
      this.all.push(t);
      this.ranks.push(rank);
      const times = this.byRank.get(rank) ?? [];
      times.push(t);
      this.byRank.set(rank, times);
    }
  }
}

const NONE: readonly number[] = [];

/** The index of the first time in `times` (ascending) after `t`. */
function firstAfter(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((times[mid] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** True when one of `times` is in (from, to]. */
function anyIn(times: readonly number[], from: number, to: number): boolean {
  const i = firstAfter(times, from);
  return i < times.length && (times[i] as number) <= to;
}

/**
 * The history of one key before the measurement starts (`t0`): when its entry was last stored, or null when
 * there is none at `t0`. The key is asked for at `ratePerMs`; `purges` are the times its entry is purged.
 * From `start` (stationary renewal age, or nothing when `empty`), each store is followed by the first request
 * after the entry stops being fresh (`ttl`), which stores again (STALE and MISS both do); a purge removes the
 * entry and the next request stores.
 */
function lastStore(
  rng: Random,
  ratePerMs: number,
  ttlMs: number,
  purges: readonly number[],
  start: number,
  t0: number,
  empty: boolean,
): number | null {
  if (!(ratePerMs > 0)) return null;
  const gap = () => -Math.log(1 - rng.next()) / ratePerMs;
  let s: number | null = null;
  let t = start;
  if (!empty) {
    const fresh = ttlMs / (ttlMs + 1 / ratePerMs);
    s = start - (rng.next() < fresh ? rng.next() * ttlMs : ttlMs + gap());
  }
  for (;;) {
    if (s === null) {
      const next = t + gap();
      if (next > t0) return null;
      s = next;
      t = next;
      continue;
    }
    const next = Math.max(t, s + ttlMs) + gap();
    const i = firstAfter(purges, Math.max(s, start));
    const purge = i < purges.length ? (purges[i] as number) : Number.POSITIVE_INFINITY;
    if (purge < next && purge <= t0) {
      if (purge <= s + ttlMs) {
        s = null;
        t = purge;
        continue;
      }
      if (next > t0) return null;
    } else if (next > t0) return s;
    s = next;
    t = next;
  }
}

/** What a replay needs to give the keys it meets for the first time their state at the start. */
interface Warm {
  readonly t0: number;
  readonly historyMs: number;
  readonly updateRate: number;
  readonly pageRate: number;
  readonly approvals: Approvals;
  readonly rng: Random;
  readonly variant: (r: Random) => string;
}

const OUTCOMES = ['HIT', 'MANIFEST', 'STALE', 'MISS', 'NEW'] as const;
type Outcome = (typeof OUTCOMES)[number];
const SCOPES = ['update', 'page', 'update:late', 'page:late'] as const;
const EMPTY = new Uint8Array(0);
function stored(storedAt: number, policy: EdgePolicy, tags: readonly string[]): StoredResponse {
  return { status: 200, headers: [], body: EMPTY, storedAt, policy, tags };
}

class Replay {
  readonly cache: MemoryEdgeCache;
  /** By scope (`SCOPES`), then outcome (`OUTCOMES`). */
  readonly #counts = SCOPES.map(() => new Float64Array(OUTCOMES.length));
  readonly #clock: () => number;
  readonly #scheme: Scheme;
  readonly #warm: Warm | null;
  /** False: approvals purge only the add-on's tag, not `catalogue` (a what-if for pages). */
  readonly #purgesCatalogue: boolean;
  readonly #seen = new Set<string>();
  /** Manifest scheme, warm: each add-on's manifest at the start (stored when, and for which check). */
  readonly #manifestsAtStart = new Map<
    string,
    { readonly storedAt: number | null; readonly trigger: string }
  >();

  constructor(
    scheme: Scheme,
    capacity: number,
    clock: () => number,
    warm: Warm | null,
    purgesCatalogue = true,
  ) {
    this.#scheme = scheme;
    this.#clock = clock;
    this.#warm = warm;
    this.#purgesCatalogue = purgesCatalogue;
    this.cache = new MemoryEdgeCache({ maxEntries: capacity, now: clock });
  }

  /** False while a request-by-request warm-up runs (`--warmup`). */
  counting = true;

  #count(cls: Class, late: boolean, outcome: Outcome): void {
    if (!this.counting) return;
    const scope = cls === 'update' ? 0 : 1;
    const o = OUTCOMES.indexOf(outcome);
    for (const i of late ? [scope, scope + 2] : [scope]) {
      const counts = this.#counts[i] as Float64Array;
      counts[o] = (counts[o] ?? 0) + 1;
    }
  }

  /** Purged now; a key met later, in the warm replay, must not come back with its state from before. */
  async purge(tags: readonly string[]): Promise<void> {
    const wanted = this.#purgesCatalogue ? tags : tags.filter((t) => t !== CATALOGUE_TAG);
    await this.cache.purgeTags(wanted);
  }

  /** The purge times of an entry with these tags, for the warm-up. */
  #purgesOf(cls: Class, rank: number): readonly number[] {
    const warm = this.#warm as Warm;
    if (cls === 'page' && this.#purgesCatalogue) return warm.approvals.all;
    return rank ? (warm.approvals.byRank.get(rank) ?? NONE) : NONE;
  }

  /** First meeting of `key` in the warm replay: its entry as its history left it, unless purged since. */
  async #meet(
    key: string,
    cls: Class,
    rank: number,
    probability: number,
    tags: readonly string[],
    now: number,
  ): Promise<void> {
    const warm = this.#warm;
    if (!warm || this.#seen.has(key)) return;
    this.#seen.add(key);
    const policy = cls === 'update' ? UPDATE_POLICY : PAGE_POLICY;
    const storedAt = this.#history(cls, rank, probability, policy);
    if (storedAt !== null && !anyIn(this.#purgesOf(cls, rank), warm.t0, now))
      await this.cache.put(key, stored(storedAt, policy, tags));
  }

  #history(cls: Class, rank: number, probability: number, policy: EdgePolicy): number | null {
    const warm = this.#warm as Warm;
    const purges = this.#purgesOf(cls, rank);
    // Pages: every approval purges every page, so the last one before the start empties them all.
    const lastAll = warm.approvals.all[firstAfter(warm.approvals.all, warm.t0) - 1];
    const fromPurge = cls === 'page' && this.#purgesCatalogue && lastAll !== undefined;
    const start = fromPurge ? lastAll : warm.t0 - warm.historyMs;
    const rate = ((cls === 'update' ? warm.updateRate : warm.pageRate) * probability) / 1000;
    return lastStore(warm.rng, rate, policy.ttl * 1000, purges, start, warm.t0, fromPurge);
  }

  /** As `functions/update-check.ts` does, through `updateTier`; pages and the other schemes as `pages.ts`. */
  async serve(drawn: Drawn, keys: Keys, late: boolean): Promise<void> {
    const now = this.#clock();
    const { cls } = keys;
    if (cls === 'update' && this.#scheme === 'manifest') return this.#serveUpdate(drawn, keys, late, now);
    const url = this.#scheme === 'url';
    const key = url ? drawn.url : keys.key;
    const isNew = !this.#seen.has(key);
    await this.#meet(
      key,
      cls,
      drawn.rank,
      url ? drawn.pUrl : cls === 'update' ? drawn.pAnswer : drawn.pKey,
      keys.tags,
      now,
    );
    if (!this.#warm && isNew) this.#seen.add(key);
    const policy = cls === 'update' ? UPDATE_POLICY : PAGE_POLICY;
    const entry = await this.cache.match(key);
    const state = entry ? freshnessOf(entry.storedAt, entry.policy, now) : 'expired';
    const outcome: Outcome = state === 'fresh' ? 'HIT' : state === 'stale' ? 'STALE' : 'MISS';
    if (outcome !== 'HIT') await this.cache.put(key, stored(now, policy, keys.tags));
    this.#count(cls, late, outcome);
    if (isNew) this.#count(cls, late, 'NEW');
  }

  async #serveUpdate(drawn: Drawn, keys: Keys, late: boolean, now: number): Promise<void> {
    const manifestKey = keys.manifestKey as string;
    const newAddon = !this.#seen.has(manifestKey);
    const warm = this.#warm;
    if (warm && newAddon) {
      this.#seen.add(manifestKey);
      const storedAt = this.#history('update', drawn.rank, drawn.pManifest, UPDATE_POLICY);
      this.#manifestsAtStart.set(manifestKey, { storedAt, trigger: warm.variant(warm.rng) });
      if (storedAt !== null && !anyIn(this.#purgesOf('update', drawn.rank), warm.t0, now))
        await this.cache.put(manifestKey, stored(storedAt, UPDATE_POLICY, keys.tags));
    } else if (newAddon) this.#seen.add(manifestKey);
    if (warm && !this.#seen.has(keys.key)) {
      // The add-on's answer for these parameters was stored with the manifest when computed from it: by
      // the check that stored the manifest, or by one while the manifest was fresh (before the start).
      this.#seen.add(keys.key);
      const start = this.#manifestsAtStart.get(manifestKey);
      const s = start?.storedAt ?? null;
      const fresh = s === null ? 0 : Math.max(0, Math.min(warm.t0, s + UPDATE_POLICY.ttl * 1000) - s);
      const rate = (warm.updateRate * drawn.pAnswer) / 1000;
      const asked = start?.trigger === drawn.variant || warm.rng.next() < -Math.expm1(-rate * fresh);
      if (s !== null && asked && !anyIn(this.#purgesOf('update', drawn.rank), warm.t0, now))
        await this.cache.put(keys.key, stored(s, UPDATE_POLICY, keys.tags));
    }
    const answer = await this.cache.match(keys.key);
    const answerState = answer && freshnessOf(answer.storedAt, answer.policy, now);
    const manifest = answerState === 'fresh' ? undefined : await this.cache.match(manifestKey);
    const manifestState = manifest && freshnessOf(manifest.storedAt, manifest.policy, now);
    const tier = updateTier(answerState, manifestState);
    let outcome: Outcome;
    if (tier.from === 'layers') {
      outcome = 'MISS';
    } else if (tier.outcome === 'HIT') {
      outcome = tier.from === 'answer' ? 'HIT' : 'MANIFEST';
      if (tier.from === 'manifest' && manifest)
        await this.cache.put(keys.key, stored(manifest.storedAt, UPDATE_POLICY, keys.tags));
    } else outcome = 'STALE';
    // A MISS asks the layers, a STALE refreshes from them: either way both entries are stored anew.
    if (outcome === 'MISS' || outcome === 'STALE') {
      await this.cache.put(manifestKey, stored(now, UPDATE_POLICY, keys.tags));
      await this.cache.put(keys.key, stored(now, UPDATE_POLICY, keys.tags));
    }
    this.#count('update', late, outcome);
    if (newAddon) this.#count('update', late, 'NEW');
  }

  /** `scope`: a class, or `all`; with `:late`, the second half of the simulated time only. */
  ratio(scope: string) {
    const [cls, late] = scope.split(':');
    const scopes = (cls === 'all' ? ['update', 'page'] : [cls]).map((c) => (late ? `${c}:${late}` : c));
    const get = (o: Outcome) =>
      scopes.reduce(
        (n, s) =>
          n + (this.#counts[SCOPES.indexOf(s as (typeof SCOPES)[number])]?.[OUTCOMES.indexOf(o)] ?? 0),
        0,
      );
    const [hit, manifest, stale, miss] = [get('HIT'), get('MANIFEST'), get('STALE'), get('MISS')];
    const total = hit + manifest + stale + miss;
    return {
      total,
      hit: hit + manifest,
      manifest,
      stale,
      miss,
      keys: get('NEW'),
      served: total ? (hit + manifest + stale) / total : 0,
    };
  }
}

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
const n = (x: number) => x.toLocaleString('en');

interface Row {
  readonly label: string;
  readonly replay: Replay;
  readonly classes: readonly string[];
}

function table(rows: readonly Row[], late: string | null): void {
  console.log(
    `| class | keys | requests | distinct keys met¹ | HIT | of which from a stored manifest | STALE | MISS | served from cache |${late ? ` ${late} |` : ''}`,
  );
  console.log(`|---|---|---:|---:|---:|---:|---:|---:|---:|${late ? '---:|' : ''}`);
  for (const scope of ['update', 'page', 'all'])
    for (const { label, replay, classes } of rows) {
      if (!classes.includes(scope)) continue;
      const r = replay.ratio(scope);
      const tail = late ? ` ${pct(replay.ratio(`${scope}:late`).served)} |` : '';
      console.log(
        `| ${scope} | ${label} | ${n(r.total)} | ${n(r.keys)} | ${n(r.hit)} | ${r.manifest ? n(r.manifest) : '–'} | ${n(r.stale)} | ${n(r.miss)} | ${pct(r.served)} |${tail}`,
      );
    }
  console.log(
    '¹ update checks with the manifest tier: add-ons (manifest keys); otherwise cache keys. Met for the first time in this measurement.',
  );
}

/** (a) From an empty cache, at the bench's historical rate: first sight of each key dominates. */
async function coldStart(opts: {
  requests: number;
  seconds: number;
  addons: number;
  capacity: number;
  updateShare: number;
  seed: number;
}) {
  const started = performance.now();
  const traffic = trafficOf(opts.seed, opts.addons, opts.updateShare);
  const arrivals = new Random(opts.seed + 1);
  const start = Date.UTC(2026, 10, 17, 12);
  let clock = start;
  const now = () => clock;
  const replays = {
    manifest: new Replay('manifest', opts.capacity, now, null),
    answer: new Replay('answer', opts.capacity, now, null),
    url: new Replay('url', opts.capacity, now, null),
  };
  const meanGapMs = (opts.seconds * 1000) / opts.requests;
  let uncached = 0;
  for (let i = 0; i < opts.requests; i++) {
    clock += -Math.log(1 - arrivals.next()) * meanGapMs;
    const drawn = traffic.next();
    const keys = edgeKeys(drawn, traffic.guids);
    if (keys === null) {
      uncached++;
      continue;
    }
    const late = clock - start >= (opts.seconds * 1000) / 2;
    await replays.manifest.serve(drawn, keys, late);
    await replays.answer.serve(drawn, keys, late);
    await replays.url.serve(drawn, keys, late);
  }
  const simulated = (clock - start) / 1000;
  console.log(
    `\n## (a) cold start: ${n(opts.requests)} anonymous requests from an empty cache over a simulated ` +
      `${(simulated / 60).toFixed(0)} min (${(opts.requests / simulated).toFixed(0)} req/s, ${pct(opts.updateShare)} update checks), no purges`,
  );
  if (uncached) console.log(`${uncached} requests not cacheable at the edge (bypass or invalid)`);
  table(
    [
      { label: 'answer + manifest (the edge now)', replay: replays.manifest, classes: ['update', 'all'] },
      { label: 'answers only (the edge before)', replay: replays.answer, classes: ['update', 'all'] },
      { label: 'normalised', replay: replays.answer, classes: ['page'] },
      { label: 'full URL (no normalisation)', replay: replays.url, classes: ['update', 'page', 'all'] },
    ],
    'second half hour',
  );
  const [m, a, u] = [replays.manifest, replays.answer, replays.url].map((r) => r.ratio('all').served) as [
    number,
    number,
    number,
  ];
  console.log(
    `normalised keys add ${((a - u) * 100).toFixed(1)} points over full URLs; the manifest tier ${((m - a) * 100).toFixed(1)} more ` +
      `(update checks: ${pct(replays.manifest.ratio('update').served)} vs ${pct(replays.answer.ratio('update').served)})`,
  );
  console.log(`(a) took ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** (b) A warm cache at AMO's rates, with approvals purging as the origin does. */
async function steadyState(opts: {
  requests: number;
  addons: number;
  capacity: number;
  seed: number;
  updateRate: number;
  pageRate: number;
  approvalsPerDay: number;
  approvalSkew: number;
  historySeconds: number;
  warmupSeconds: number;
}) {
  const started = performance.now();
  // With --warmup, the cache is warmed request by request (slow, the reference) instead of by histories.
  const warmup = opts.warmupSeconds * 1000;
  const rate = opts.updateRate + opts.pageRate;
  const traffic = trafficOf(opts.seed + 100, opts.addons, opts.updateRate / rate);
  const arrivals = new Random(opts.seed + 101);
  const t0 = Date.UTC(2026, 10, 18, 12);
  let clock = t0 - warmup;
  const now = () => clock;
  const span = (opts.requests / rate) * 1000;
  const approvals = new Approvals(
    t0 - Math.max(warmup, opts.historySeconds * 1000),
    t0 + 2 * span + 60_000,
    opts.approvalsPerDay,
    (r) => traffic.approvalRank(r, opts.approvalSkew),
    opts.seed + 102,
  );
  const histories = (seed: number): Warm | null =>
    warmup > 0
      ? null
      : {
          t0,
          historyMs: opts.historySeconds * 1000,
          updateRate: opts.updateRate,
          pageRate: opts.pageRate,
          approvals,
          rng: new Random(opts.seed + seed),
          variant: traffic.variant,
        };
  const replays = {
    manifest: new Replay('manifest', opts.capacity, now, histories(200)),
    answer: new Replay('answer', opts.capacity, now, histories(201)),
    url: new Replay('url', opts.capacity, now, histories(202)),
    pagesAddonTagsOnly: new Replay('answer', opts.capacity, now, histories(203), false),
  };
  const all = Object.values(replays);
  for (const r of all) r.counting = warmup === 0;
  const pagesOnly = replays.pagesAddonTagsOnly;
  // Observed requests per key, to check the probabilities the warm-up relies on.
  const observed = new Map<string, { count: number; rate: number }>();
  const observe = (key: string, ratePerS: number) => {
    const o = observed.get(key);
    if (o) o.count++;
    else observed.set(key, { count: 1, rate: ratePerS });
  };
  let next = firstAfter(approvals.all, clock);
  let purges = 0;
  let warmed = 0;
  const meanGapMs = 1000 / rate;
  for (let i = 0; i < opts.requests; i++) {
    clock += -Math.log(1 - arrivals.next()) * meanGapMs;
    while (next < approvals.all.length && (approvals.all[next] as number) <= clock) {
      const rank = approvals.ranks[next] as number;
      const tags = [CATALOGUE_TAG, addonTag(traffic.guids[rank - 1] as string)];
      for (const r of all) await r.purge(tags);
      if ((approvals.all[next] as number) > t0) purges++;
      next++;
    }
    if (clock < t0) {
      i--;
      warmed++;
    } else if (!replays.manifest.counting) for (const r of all) r.counting = true;
    const drawn = traffic.next();
    const keys = edgeKeys(drawn, traffic.guids);
    if (keys === null) continue;
    await replays.manifest.serve(drawn, keys, false);
    await replays.answer.serve(drawn, keys, false);
    await replays.url.serve(drawn, keys, false);
    if (keys.cls === 'page') await pagesOnly.serve(drawn, keys, false);
    if (clock < t0) continue;
    const classRate = keys.cls === 'update' ? opts.updateRate : opts.pageRate;
    observe(keys.key, classRate * (keys.cls === 'update' ? drawn.pAnswer : drawn.pKey));
    if (keys.manifestKey) observe(keys.manifestKey, classRate * drawn.pManifest);
  }
  const simulated = (clock - t0) / 1000;
  console.log(
    `\n## (b) steady state: ${n(opts.requests)} requests at ${n(opts.updateRate)} update checks/s + ` +
      `${n(opts.pageRate)} page views/s (AMO: ${n(AMO_UPDATE_RATE)} + ${AMO_PAGE_RATE}), over a simulated ${simulated.toFixed(0)} s`,
  );
  console.log(
    (warmup > 0
      ? `warmed request by request: ${n(warmed)} requests over ${opts.warmupSeconds} s before; `
      : `each key's entry as its own last ${(opts.historySeconds / 3600).toFixed(0)} h left it (see the top of test/bench/hit-ratio.ts); `) +
      `${n(opts.approvalsPerDay)} approvals a day (add-on by Zipf ${opts.approvalSkew} over popularity), each purging ` +
      `\`catalogue\` and the add-on as CatalogueService.changed does: ${purges} during the measurement`,
  );
  table(
    [
      { label: 'answer + manifest (the edge now)', replay: replays.manifest, classes: ['update', 'all'] },
      { label: 'answers only (the edge before)', replay: replays.answer, classes: ['update', 'all'] },
      { label: 'normalised', replay: replays.answer, classes: ['page'] },
      {
        label: 'normalised, if approvals purged only the add-on (not `catalogue`)',
        replay: replays.pagesAddonTagsOnly,
        classes: ['page'],
      },
      { label: 'full URL (no normalisation)', replay: replays.url, classes: ['update', 'page', 'all'] },
    ],
    null,
  );
  const [m, a, u] = [replays.manifest, replays.answer, replays.url].map((r) => r.ratio('all').served) as [
    number,
    number,
    number,
  ];
  console.log(
    `normalised keys add ${((a - u) * 100).toFixed(2)} points over full URLs; the manifest tier ${((m - a) * 100).toFixed(2)} more`,
  );
  // The warm-up's key probabilities against the measured traffic: z-scores of keys expected ≥ 100 times.
  let checked = 0;
  let worst = 0;
  let expectedSum = 0;
  let observedSum = 0;
  for (const { count, rate: keyRate } of observed.values()) {
    const expected = keyRate * simulated;
    if (expected < 100) continue;
    checked++;
    expectedSum += expected;
    observedSum += count;
    worst = Math.max(worst, Math.abs(count - expected) / Math.sqrt(expected));
  }
  console.log(
    `check of the key probabilities: ${checked} keys expected ≥ 100 times: ${n(observedSum)} requests seen for ${n(Math.round(expectedSum))} expected, largest |z| ${worst.toFixed(2)}`,
  );
  console.log(`(b) took ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

const CHILD = 'TROVE_HIT_RATIO_CHILD';

/** `args` without `--phase X` or `--phase=X`. */
function withoutPhase(args: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--phase') i++;
    else if (!args[i]?.startsWith('--phase=')) kept.push(args[i] as string);
  }
  return kept;
}

/** Runs this bench again in a child process with `args`; resolves to what it printed. */
function childOutput(args: string[]): Promise<string> {
  const main = path.join(import.meta.dirname, 'main.ts');
  const child = spawn(process.execPath, [main, 'hit-ratio', ...args], {
    env: { ...process.env, [CHILD]: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve(Buffer.concat(chunks).toString())
        : reject(new Error(`the steady-state phase exited with ${code}`)),
    );
  });
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      phase: { type: 'string', default: 'both' },
      requests: { type: 'string', default: '1000000' },
      seconds: { type: 'string', default: '3600' },
      addons: { type: 'string', default: '300000' },
      capacity: { type: 'string', default: '2000000' },
      'update-share': { type: 'string', default: '0.8' },
      seed: { type: 'string', default: '42' },
      'update-rate': { type: 'string', default: String(AMO_UPDATE_RATE) },
      'page-rate': { type: 'string', default: String(AMO_PAGE_RATE) },
      approvals: { type: 'string', default: '3000' },
      'approval-skew': { type: 'string', default: '0.3' },
      history: { type: 'string', default: '86400' },
      warmup: { type: 'string', default: '0' },
    },
  });
  const common = {
    requests: Number(values.requests),
    addons: Number(values.addons),
    capacity: Number(values.capacity),
    seed: Number(values.seed),
  };
  if (!process.env[CHILD])
    console.log(
      `${n(common.addons)} add-ons, seed ${common.seed}, one cache of ${n(common.capacity)} entries (one data centre); ` +
        `pages ttl ${PAGE_POLICY.ttl} s + swr ${PAGE_POLICY.swr} s; update answers and manifests ttl ${UPDATE_POLICY.ttl} s + swr ${UPDATE_POLICY.swr} s`,
    );
  // Both phases: the steady state in a second process (this machine has two cores), printed after (a).
  const steady = values.phase === 'both' ? childOutput([...withoutPhase(args), '--phase', 'steady']) : null;
  if (values.phase !== 'steady')
    await coldStart({
      ...common,
      seconds: Number(values.seconds),
      updateShare: Number(values['update-share']),
    });
  if (steady) process.stdout.write(await steady);
  else if (values.phase !== 'cold')
    await steadyState({
      ...common,
      updateRate: Number(values['update-rate']),
      pageRate: Number(values['page-rate']),
      approvalsPerDay: Number(values.approvals),
      approvalSkew: Number(values['approval-skew']),
      historySeconds: Number(values.history),
      warmupSeconds: Number(values.warmup),
    });
}
