import type { CompatRange } from '../../domain/catalogue.ts';
import type { AppShort } from '../../domain/constants.ts';
import type { Random } from './random.ts';

export interface FirefoxRelease {
  readonly major: number;
  /** The application version as compat ranges spell it, e.g. `"128.0"`. */
  readonly version: string;
  readonly released: Date;
}

// Real Firefox releases that add-ons commonly name as their minimum: the WebExtension and Quantum cut-overs,
// the ESRs, Android's extension milestones and recent releases.
const RELEASES: readonly (readonly [number, string])[] = [
  [48, '2016-08-02'],
  [52, '2017-03-07'],
  [53, '2017-04-19'],
  [57, '2017-11-14'],
  [60, '2018-05-09'],
  [68, '2019-07-09'],
  [78, '2020-06-30'],
  [79, '2020-07-28'],
  [91, '2021-08-10'],
  [102, '2022-06-28'],
  [109, '2023-01-17'],
  [113, '2023-05-09'],
  [115, '2023-07-04'],
  [120, '2023-11-21'],
  [121, '2023-12-19'],
  [128, '2024-07-09'],
  [136, '2025-03-04'],
  [140, '2025-06-24'],
  [142, '2025-08-19'],
  [144, '2025-10-14'],
];

/** The Firefox releases seeded compat ranges are drawn from, oldest first. */
export const SEED_FIREFOX_RELEASES: readonly FirefoxRelease[] = RELEASES.map(([major, day]) => ({
  major,
  version: `${major}.0`,
  released: new Date(`${day}T00:00:00Z`),
}));

export type CompatKind = 'extension' | 'statictheme' | 'dictionary' | 'android';

// How often each release is an add-on's minimum, by kind: 57 (Quantum) and the ESRs dominate.
const MIN_WEIGHTS: Readonly<Record<CompatKind, Readonly<Record<number, number>>>> = {
  extension: {
    48: 3,
    52: 1,
    57: 4,
    60: 1,
    68: 1,
    78: 1,
    91: 2,
    102: 1,
    109: 2,
    115: 2,
    121: 1,
    128: 2,
    140: 1,
  },
  statictheme: { 53: 5, 57: 1, 60: 1, 68: 1, 91: 1, 115: 1, 128: 1 },
  dictionary: { 57: 2, 60: 1, 68: 2, 78: 1, 91: 1, 115: 1, 128: 1 },
  android: { 68: 1, 79: 2, 113: 2, 120: 3, 121: 1, 128: 2 },
};

/** The newest release out at `time` (ms), or the oldest known when `time` predates them all. */
export function latestRelease(time: number): FirefoxRelease {
  for (let i = SEED_FIREFOX_RELEASES.length - 1; i >= 0; i--) {
    const release = SEED_FIREFOX_RELEASES[i] as FirefoxRelease;
    if (release.released.getTime() <= time) return release;
  }
  return SEED_FIREFOX_RELEASES[0] as FirefoxRelease;
}

/** A minimum major for `kind`, released by `time` and not below `atLeast` (a previous version's minimum). */
export function pickMinMajor(rng: Random, kind: CompatKind, time: number, atLeast: number): number {
  const candidates: [number, number][] = [];
  for (const release of SEED_FIREFOX_RELEASES) {
    const weight = MIN_WEIGHTS[kind][release.major];
    if (weight && release.major >= atLeast && release.released.getTime() <= time) {
      candidates.push([release.major, weight]);
    }
  }
  if (candidates.length > 0) return rng.weighted(candidates);
  // Nothing released yet (a `now` before the table): the smallest known minimum, never below `atLeast`.
  const smallest = Math.min(...Object.keys(MIN_WEIGHTS[kind]).map(Number));
  return Math.max(atLeast, smallest);
}

/** What one version's compatibility looks like, carried from each version to the next. */
export interface CompatState {
  readonly firefoxMin: number;
  readonly androidMin: number | null;
}

export interface VersionCompat {
  readonly compat: Partial<Record<AppShort, CompatRange>>;
  readonly strict: boolean;
  readonly state: CompatState;
}

/**
 * Compatibility of a version created at `time`: later versions keep or raise their predecessor's minimum.
 * Strict files name a concrete maximum (`"128.*"`), most others accept any later release (`"*"`).
 */
export function versionCompat(
  rng: Random,
  kind: Exclude<CompatKind, 'android'>,
  time: number,
  previous: CompatState | null,
  options: { readonly android: boolean; readonly strict: boolean },
): VersionCompat {
  const raise = previous === null || rng.chance(0.25);
  const firefoxMin = raise ? pickMinMajor(rng, kind, time, previous?.firefoxMin ?? 0) : previous.firefoxMin;
  const latest = Math.max(latestRelease(time).major, firefoxMin);
  const max = options.strict
    ? rng.chance(0.7)
      ? `${latest}.*`
      : `${latest}.0`
    : rng.chance(0.85)
      ? '*'
      : `${latest + rng.pick([0, 2, 4])}.*`;
  const compat: Partial<Record<AppShort, CompatRange>> = { firefox: { min: `${firefoxMin}.0`, max } };
  let androidMin: number | null = previous?.androidMin ?? null;
  if (options.android) {
    if (androidMin === null || rng.chance(0.15))
      androidMin = pickMinMajor(rng, 'android', time, androidMin ?? 0);
    const androidLatest = Math.max(latest, androidMin);
    compat.android = { min: `${androidMin}.0`, max: options.strict ? `${androidLatest}.*` : '*' };
  }
  return { compat, strict: options.strict, state: { firefoxMin, androidMin } };
}

/** A language pack targets exactly the Firefox release current at `time`, strictly (as AMO's do). */
export function languagePackCompat(time: number): VersionCompat & { readonly major: number } {
  const { major } = latestRelease(time);
  return {
    major,
    compat: { firefox: { min: `${major}.0`, max: `${major}.*` } },
    strict: true,
    state: { firefoxMin: major, androidMin: null },
  };
}
