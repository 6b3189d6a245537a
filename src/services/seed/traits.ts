import { type AuthorInput, bayesianAverage, type RatingsAggregate } from '../../domain/catalogue.ts';
import { ADDON_STATUS, type AddonTypeName } from '../../domain/constants.ts';
import type { Random } from './random.ts';
import { asciiSlug } from './text.ts';
import { FIRST_NAMES, LAST_NAMES, SEED_LOCALES, type SeedLocale } from './words.ts';

/** Average daily users of the most used add-on (uBlock Origin's order of magnitude). */
export const TOP_USERS = 6_000_000;
// Users of the least used add-on: with TOP_USERS, fixes the Zipf exponent for a catalogue size.
const TAIL_USERS = 40;

/** The catalogue-wide rating mean and count the Bayesian averages are pulled toward. */
export const SEED_RATING_MEAN = 4.1;
export const SEED_RATING_COUNT = 20;

/**
 * The Zipf exponent for `total` add-ons, so that the top one has TOP_USERS and the last about TAIL_USERS
 * whatever the catalogue's size (about 0.95 for 300,000 add-ons, 1.2 for 20,000), kept within [0.85, 1.5].
 */
export function popularityExponent(total: number): number {
  const exponent = Math.log(TOP_USERS / TAIL_USERS) / Math.log(Math.max(total, 2));
  return Math.min(1.5, Math.max(0.85, exponent));
}

/** Expected average daily users of the add-on ranked `rank` (1 = most used) among `total`. */
export function usersForRank(rank: number, total: number): number {
  return TOP_USERS * rank ** -popularityExponent(total);
}

const TOP_TYPES: readonly [AddonTypeName, number][] = [
  ['extension', 92],
  ['statictheme', 5],
  ['dictionary', 2],
  ['language', 1],
];
const TYPES: readonly [AddonTypeName, number][] = [
  ['extension', 70],
  ['statictheme', 25],
  ['dictionary', 3],
  ['language', 2],
];

/** Mostly extensions, then themes; the most used add-ons are nearly all extensions. */
export function typeFor(rng: Random, topPercent: boolean): AddonTypeName {
  return rng.weighted(topPercent ? TOP_TYPES : TYPES);
}

const STATUSES: readonly [number, number][] = [
  [ADDON_STATUS.public, 88],
  [ADDON_STATUS.nominated, 3],
  [ADDON_STATUS.incomplete, 3],
  [ADDON_STATUS.disabled, 2],
  [ADDON_STATUS.deleted, 4],
];

/** Mostly public; the hundred most used always are. */
export function statusFor(rng: Random, rank: number): number {
  return rank <= 100 ? ADDON_STATUS.public : rng.weighted(STATUSES);
}

const DEFAULT_LOCALES: readonly [SeedLocale, number][] = [
  ['en-US', 84],
  ['de', 6],
  ['fr', 4],
  ['es', 3],
  ['ja', 3],
];

/** An extension's default locale and the locales it has text in (the default first). */
export function localesFor(rng: Random): { defaultLocale: SeedLocale; locales: SeedLocale[] } {
  const defaultLocale = rng.weighted(DEFAULT_LOCALES);
  const locales = new Set<SeedLocale>([defaultLocale]);
  if (defaultLocale !== 'en-US' && rng.chance(0.4)) locales.add('en-US');
  if (rng.chance(0.12)) for (const l of rng.sample(SEED_LOCALES, rng.int(1, 3))) locales.add(l);
  return { defaultLocale, locales: [...locales] };
}

/** The author at `index` of the pool: distinct indexes give distinct usernames, by construction. */
export function seedAuthor(index: number): AuthorInput {
  const first = FIRST_NAMES[index % FIRST_NAMES.length] as string;
  const rest = Math.floor(index / FIRST_NAMES.length);
  const last = LAST_NAMES[rest % LAST_NAMES.length] as string;
  const round = Math.floor(rest / LAST_NAMES.length);
  const username = `${asciiSlug(first)}${asciiSlug(last)}${round > 0 ? round : ''}`;
  return { username, name: `${first} ${last}` };
}

const STARS: readonly [number, number][] = [
  [5, 55],
  [4, 20],
  [3, 10],
  [2, 5],
  [1, 10],
];

/** Ratings in proportion to users (about one per 500), the few ratings of small add-ons drawn star by star. */
export function ratingsFor(rng: Random, users: number): RatingsAggregate {
  const count = Math.floor(users * rng.float(0.0005, 0.004) + rng.next());
  if (count === 0) return { average: 0, bayesianAverage: 0, count: 0, textCount: 0 };
  let average: number;
  if (count <= 25) {
    let sum = 0;
    for (let i = 0; i < count; i++) sum += rng.weighted(STARS);
    average = sum / count;
  } else {
    average = Math.min(5, Math.max(1, rng.normal(4.3, 0.35)));
  }
  average = Math.round(average * 10_000) / 10_000;
  return {
    average,
    bayesianAverage: bayesianAverage(average, count, SEED_RATING_MEAN, SEED_RATING_COUNT),
    count,
    textCount: Math.floor(count * rng.float(0.4, 0.9)),
  };
}

/** A random (version 4) UUID in braces, the form Firefox generates for add-ons without an id. */
export function uuid(rng: Random): string {
  const h = rng.hex(32);
  const variant = '89ab'[rng.int(0, 3)];
  return `{${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}}`;
}
