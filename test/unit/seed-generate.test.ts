import { beforeAll, describe, expect, it } from 'vitest';
import { type AddonInput, bayesianAverage } from '../../src/domain/catalogue.ts';
import { getCategoryById } from '../../src/domain/categories.ts';
import { ADDON_TYPES, CHANNEL, FILE_STATUS, typeName } from '../../src/domain/constants.ts';
import { isUpdateCandidate, servesUpdates } from '../../src/domain/update-manifest.ts';
import { versionInt } from '../../src/domain/version-int.ts';
import {
  generateCatalogue,
  SEED_FIREFOX_RELEASES,
  SEED_RATING_COUNT,
  SEED_RATING_MEAN,
  usersForRank,
} from '../../src/services/seed/generate-catalogue.ts';
import { Random, zipfSampler } from '../../src/services/seed/random.ts';

const NOW = new Date('2025-11-01T00:00:00Z');
const N = 20_000;

function take(count: number, opts: Parameters<typeof generateCatalogue>[0]): AddonInput[] {
  const out: AddonInput[] = [];
  for (const addon of generateCatalogue(opts)) {
    out.push(addon);
    if (out.length === count) break;
  }
  return out;
}

/** Compares dotted version strings part by part, numerically (add-on versions here are all numeric). */
function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function share<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  return items.filter(predicate).length / items.length;
}

let addons: AddonInput[];
let versions: AddonInput['versions'][number][];

beforeAll(() => {
  addons = [...generateCatalogue({ addons: N, seed: 1, now: NOW })];
  versions = addons.flatMap((a) => a.versions);
});

describe('generateCatalogue: determinism and ids', () => {
  it('yields the same add-ons for the same seed, and different ones for another seed', () => {
    const first = take(200, { addons: N, seed: 1, now: NOW });
    expect(take(200, { addons: N, seed: 1, now: NOW })).toEqual(first);
    expect(first).toEqual(addons.slice(0, 200));
    const other = take(200, { addons: N, seed: 2, now: NOW });
    expect(other).not.toEqual(first);
    expect(other.filter((a, i) => a.guid === first[i]?.guid).length).toBeLessThan(10);
  });

  it('numbers add-ons from startId and versions and files from their own counters, increasing', () => {
    expect(addons.map((a) => a.id)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    const versionIds = versions.map((v) => v.id as number);
    const fileIds = versions.map((v) => v.file.id as number);
    expect(versionIds[0]).toBe(1);
    for (let i = 1; i < versionIds.length; i++) {
      expect(versionIds[i]).toBe((versionIds[i - 1] as number) + 1);
      expect(fileIds[i]).toBeGreaterThan(fileIds[i - 1] as number);
    }
    // File ids drift from version ids, so code confusing the two fails on seeded data.
    expect(share(versions, (v) => v.id !== v.file.id)).toBeGreaterThan(0.5);
    const shifted = take(3, {
      addons: 10,
      seed: 1,
      now: NOW,
      startId: 501,
      startVersionId: 9000,
      startFileId: 7000,
    });
    expect(shifted.map((a) => a.id)).toEqual([501, 502, 503]);
    expect(shifted[0]?.versions[0]?.id).toBe(9000);
    expect(shifted[0]?.versions[0]?.file.id).toBeGreaterThanOrEqual(7000);
  });

  it('keeps guids and slugs unique and in AMO form', () => {
    expect(new Set(addons.map((a) => a.guid)).size).toBe(N);
    expect(new Set(addons.map((a) => a.slug)).size).toBe(N);
    for (const a of addons) {
      expect(a.guid).toMatch(
        /^(\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}|[a-z0-9-._]*@[a-z0-9-._]+)$/i,
      );
      expect(a.slug).toMatch(/^[\p{L}\p{N}_-]+$/u);
    }
    expect(share(addons, (a) => a.guid.startsWith('{'))).toBeGreaterThan(0.3);
    expect(addons.some((a) => a.guid.endsWith('@jetpack'))).toBe(true);
  });
});

describe('generateCatalogue: add-on fields', () => {
  it('draws realistic types and statuses', () => {
    const byType = (t: number) => share(addons, (a) => a.type === t);
    expect(byType(ADDON_TYPES.extension)).toBeGreaterThan(0.6);
    expect(byType(ADDON_TYPES.extension)).toBeLessThan(0.8);
    expect(byType(ADDON_TYPES.statictheme)).toBeGreaterThan(0.15);
    expect(byType(ADDON_TYPES.statictheme)).toBeLessThan(0.35);
    expect(byType(ADDON_TYPES.dictionary)).toBeGreaterThan(0.01);
    expect(byType(ADDON_TYPES.language)).toBeGreaterThan(0.005);
    expect(share(addons, (a) => a.status === 4)).toBeGreaterThan(0.8);
    expect(share(addons, (a) => a.status === 4)).toBeLessThan(0.95);
    for (const status of [0, 3, 5, 11]) {
      expect(share(addons, (a) => a.status === status)).toBeGreaterThan(0.005);
      expect(share(addons, (a) => a.status === status)).toBeLessThan(0.08);
    }
    expect(share(addons, (a) => a.disabledByUser)).toBeGreaterThan(0.005);
    expect(share(addons, (a) => a.disabledByUser)).toBeLessThan(0.05);
  });

  it('gives at most two existing categories of the add-on’s type, 0–5 tags and 1–2 authors', () => {
    const names = new Map<string, string>();
    for (const a of addons) {
      expect(a.categories.length).toBeGreaterThanOrEqual(1);
      expect(a.categories.length).toBeLessThanOrEqual(2);
      expect(new Set(a.categories).size).toBe(a.categories.length);
      for (const id of a.categories) expect(getCategoryById(id)?.type).toBe(typeName(a.type));
      expect(a.tags.length).toBeLessThanOrEqual(5);
      expect(new Set(a.tags).size).toBe(a.tags.length);
      expect(a.authors.length).toBeGreaterThanOrEqual(1);
      expect(a.authors.length).toBeLessThanOrEqual(2);
      expect(new Set(a.authors.map((u) => u.username)).size).toBe(a.authors.length);
      for (const u of a.authors) {
        expect(names.get(u.username) ?? u.name).toBe(u.name);
        names.set(u.username, u.name);
      }
    }
    expect(share(addons, (a) => a.categories.length === 2)).toBeGreaterThan(0.1);
    expect(share(addons, (a) => a.tags.length > 0)).toBeGreaterThan(0.4);
    expect(share(addons, (a) => a.authors.length === 2)).toBeGreaterThan(0.03);
    // A pool of authors, some of them prolific.
    expect(names.size).toBeGreaterThan(1000);
    expect(names.size).toBeLessThan(N);
  });

  it('writes texts in the default locale, mostly en-US, some also in de, fr, es or ja', () => {
    for (const a of addons) {
      expect(a.name[a.defaultLocale]).toBeTruthy();
      expect(a.summary[a.defaultLocale]).toBeTruthy();
      expect(a.description[a.defaultLocale]).toBeTruthy();
    }
    expect(share(addons, (a) => a.defaultLocale === 'en-US')).toBeGreaterThan(0.8);
    for (const locale of ['de', 'fr', 'es', 'ja']) {
      expect(addons.some((a) => a.defaultLocale === locale)).toBe(true);
      expect(share(addons, (a) => locale in a.name)).toBeGreaterThan(0.01);
    }
  });

  it('spreads users over a Zipf law: millions at the top, tens to hundreds at the median', () => {
    const users = addons.map((a) => a.averageDailyUsers).sort((a, b) => b - a);
    const total = users.reduce((s, u) => s + u, 0);
    const top1 = users.slice(0, N / 100).reduce((s, u) => s + u, 0);
    expect(users[0]).toBeGreaterThan(3_000_000);
    expect(users[0]).toBeLessThan(10_000_000);
    expect(users[9]).toBeGreaterThan(200_000);
    expect(users[N / 2]).toBeGreaterThanOrEqual(20);
    expect(users[N / 2]).toBeLessThan(500);
    expect(top1 / total).toBeGreaterThan(0.5);
    // The same shape at the size `trove seed` is benchmarked with.
    expect(usersForRank(1, 300_000)).toBeGreaterThan(1_000_000);
    expect(usersForRank(150_000, 300_000)).toBeGreaterThan(20);
    expect(usersForRank(150_000, 300_000)).toBeLessThan(500);
    // Popular add-ons are spread over the id range rather than bunched at the start.
    const top100 = [...addons].sort((a, b) => b.averageDailyUsers - a.averageDailyUsers).slice(0, 100);
    const deciles = new Set(top100.map((a) => Math.floor(((a.id as number) - 1) / (N / 10))));
    expect(deciles.size).toBeGreaterThanOrEqual(8);
  });

  it('derives downloads and ratings from users', () => {
    for (const a of addons) {
      const r = a.ratings;
      expect(r.textCount).toBeLessThanOrEqual(r.count);
      if (r.count === 0) {
        expect(r).toEqual({ average: 0, bayesianAverage: 0, count: 0, textCount: 0 });
      } else {
        expect(r.average).toBeGreaterThanOrEqual(1);
        expect(r.average).toBeLessThanOrEqual(5);
        expect(r.bayesianAverage).toBe(
          bayesianAverage(r.average, r.count, SEED_RATING_MEAN, SEED_RATING_COUNT),
        );
      }
      expect(a.weeklyDownloads).toBeLessThanOrEqual(a.averageDailyUsers * 0.06 + 4);
    }
    const mean = (list: AddonInput[], f: (a: AddonInput) => number) =>
      list.reduce((s, a) => s + f(a), 0) / list.length;
    const big = addons.filter((a) => a.averageDailyUsers >= 100_000);
    const small = addons.filter((a) => a.averageDailyUsers < 100);
    expect(mean(big, (a) => a.ratings.count)).toBeGreaterThan(100 * mean(small, (a) => a.ratings.count));
    expect(mean(big, (a) => a.weeklyDownloads)).toBeGreaterThan(1000 * mean(small, (a) => a.weeklyDownloads));
    expect(share(addons, (a) => a.ratings.count > 0)).toBeGreaterThan(0.05);
  });

  it('promotes a few of the most used public add-ons', () => {
    const promoted = addons.filter((a) => a.promoted !== null);
    expect(promoted.length).toBeGreaterThan(10);
    expect(promoted.length).toBeLessThan(N / 100);
    for (const a of promoted) {
      expect(['recommended', 'line', 'spotlight']).toContain(a.promoted);
      expect(a.status).toBe(4);
      expect(a.averageDailyUsers).toBeGreaterThan(5_000);
    }
    expect(new Set(promoted.map((a) => a.promoted)).size).toBe(3);
  });

  it('dates add-ons in id order, each version between its add-on’s creation and now', () => {
    let previous = 0;
    for (const a of addons) {
      const created = a.created?.getTime() as number;
      expect(created).toBeGreaterThanOrEqual(previous);
      previous = created;
      expect(a.lastUpdated?.getTime()).toBeGreaterThanOrEqual(created);
      expect(a.lastUpdated?.getTime()).toBeLessThanOrEqual(NOW.getTime());
      let last = created;
      for (const v of a.versions) {
        const t = v.created?.getTime() as number;
        expect(t).toBeGreaterThanOrEqual(last);
        expect(t).toBeLessThanOrEqual(NOW.getTime());
        last = t;
      }
    }
    expect(addons[0]?.created?.getUTCFullYear()).toBeLessThan(2018);
  });
});

describe('generateCatalogue: versions and files', () => {
  it('gives each add-on 1–5 increasing versions, some unlisted, some deleted, half with release notes', () => {
    for (const a of addons) {
      expect(a.versions.length).toBeGreaterThanOrEqual(1);
      expect(a.versions.length).toBeLessThanOrEqual(5);
      for (let i = 1; i < a.versions.length; i++) {
        const [prev, next] = [a.versions[i - 1]?.version ?? '', a.versions[i]?.version ?? ''];
        expect(compareVersions(next, prev)).toBeGreaterThan(0);
      }
    }
    expect(new Set(addons.map((a) => a.versions.length)).size).toBe(5);
    expect(share(versions, (v) => v.channel === CHANNEL.unlisted)).toBeGreaterThan(0.02);
    expect(share(versions, (v) => v.deleted)).toBeGreaterThan(0.01);
    expect(share(versions, (v) => v.deleted)).toBeLessThan(0.1);
    expect(share(versions, (v) => v.releaseNotes !== null)).toBeGreaterThan(0.35);
    expect(share(versions, (v) => v.releaseNotes !== null)).toBeLessThan(0.65);
  });

  it('names, hashes and reviews files as AMO does', () => {
    for (const a of addons) {
      for (const v of a.versions) {
        expect(v.file.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
        expect(v.file.filename).toMatch(/^[a-z0-9_]+-[0-9.]+\.xpi$/);
        expect(v.file.filename.endsWith(`-${v.version}.xpi`)).toBe(true);
        expect(v.file.size).toBeGreaterThan(0);
        if (a.type !== ADDON_TYPES.extension) expect(v.file.permissions).toEqual([]);
      }
    }
    const tab = addons.find((a) => a.defaultLocale === 'en-US' && a.name['en-US'] === 'Tab Sorter');
    expect(tab?.versions[0]?.file.filename).toBe(`tab_sorter-${tab?.versions[0]?.version}.xpi`);
    expect(new Set(versions.map((v) => v.file.hash)).size).toBe(versions.length);
    expect(share(versions, (v) => v.file.status === FILE_STATUS.public)).toBeGreaterThan(0.8);
    expect(share(versions, (v) => v.file.status === FILE_STATUS.unreviewed)).toBeGreaterThan(0.01);
    expect(share(versions, (v) => v.file.status === FILE_STATUS.disabled)).toBeGreaterThan(0.01);
    expect(share(versions, (v) => v.file.strictCompatibility)).toBeGreaterThan(0.05);
    expect(share(versions, (v) => v.file.strictCompatibility)).toBeLessThan(0.15);
  });

  it('leaves every add-on that serves updates at least one update candidate', () => {
    for (const a of addons.filter((a) => servesUpdates(a) && a.status === 4)) {
      const candidates = a.versions.filter((v) =>
        isUpdateCandidate({ channel: v.channel, deleted: v.deleted, fileStatus: v.file.status }),
      );
      expect(candidates.length).toBeGreaterThan(0);
    }
  });

  it('declares compatibility with real Firefox releases', () => {
    const mins = new Set(SEED_FIREFOX_RELEASES.map((r) => r.version));
    for (const a of addons) {
      for (const v of a.versions) {
        const firefox = v.compat.firefox;
        expect(firefox).toBeDefined();
        if (!firefox) continue;
        expect(mins.has(firefox.min)).toBe(true);
        expect(firefox.max).toMatch(/^(\*|\d+\.[*0])$/);
        expect(versionInt(firefox.max)).toBeGreaterThanOrEqual(versionInt(firefox.min));
        if (v.compat.android) {
          expect(a.type).toBe(ADDON_TYPES.extension);
          expect(mins.has(v.compat.android.min)).toBe(true);
        }
        if (a.type === ADDON_TYPES.language) {
          expect(v.file.strictCompatibility).toBe(true);
          expect(firefox.max).toBe(firefox.min.replace(/\.0$/, '.*'));
          expect(v.version.startsWith(firefox.min)).toBe(true);
        }
        if (v.file.strictCompatibility) expect(firefox.max).not.toBe('*');
      }
    }
    const extensions = addons.filter((a) => a.type === ADDON_TYPES.extension);
    const android = share(extensions, (a) => a.versions.some((v) => v.compat.android));
    expect(android).toBeGreaterThan(0.15);
    expect(android).toBeLessThan(0.45);
    const minsSeen = new Set(versions.map((v) => v.compat.firefox?.min));
    for (const min of ['48.0', '57.0', '91.0', '115.0', '128.0']) expect(minsSeen.has(min)).toBe(true);
    expect(share(versions, (v) => v.compat.firefox?.max === '*')).toBeGreaterThan(0.6);
  });
});

describe('Random', () => {
  it('is reproducible and stays within bounds', () => {
    const [a, b] = [new Random(99), new Random(99)];
    const draws = Array.from({ length: 1000 }, () => a.int(3, 7));
    expect(draws).toEqual(Array.from({ length: 1000 }, () => b.int(3, 7)));
    expect(new Set(draws)).toEqual(new Set([3, 4, 5, 6, 7]));
    expect(new Random(1).uint32()).not.toBe(new Random(2).uint32());
    expect(new Random(5).hex(64)).toMatch(/^[0-9a-f]{64}$/);
    expect([...new Random(5).permutation(100)].sort((x, y) => x - y)).toEqual(
      Array.from({ length: 100 }, (_, i) => i + 1),
    );
  });

  it('samples weights, chances and Zipf ranks in proportion', () => {
    const rng = new Random(3);
    const n = 50_000;
    const weighted = Array.from({ length: n }, () =>
      rng.weighted([
        ['a', 3],
        ['b', 1],
      ]),
    );
    expect(share(weighted, (x) => x === 'a')).toBeCloseTo(0.75, 1);
    expect(
      share(
        Array.from({ length: n }, () => rng.chance(0.1)),
        Boolean,
      ),
    ).toBeCloseTo(0.1, 1);
    const zipf = zipfSampler(1000, 1);
    const ranks = Array.from({ length: n }, () => zipf(rng));
    let harmonic = 0;
    for (let k = 1; k <= 1000; k++) harmonic += 1 / k;
    expect(share(ranks, (k) => k === 1)).toBeCloseTo(1 / harmonic, 1);
    expect(share(ranks, (k) => k === 2)).toBeCloseTo(1 / (2 * harmonic), 1);
    expect(Math.min(...ranks)).toBe(1);
    expect(Math.max(...ranks)).toBeLessThanOrEqual(1000);
  });
});
