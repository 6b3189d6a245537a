import type { AddonInput, AuthorInput } from '../../domain/catalogue.ts';
import { categoriesForType, findCategory } from '../../domain/categories.ts';
import { ADDON_STATUS, ADDON_TYPES, CHANNEL } from '../../domain/constants.ts';
import { Random, zipfSampler } from './random.ts';
import {
  type AddonText,
  asciiSlug,
  dictionaryText,
  extensionText,
  languagePackText,
  slugify,
  themeText,
} from './text.ts';
import { localesFor, ratingsFor, seedAuthor, statusFor, typeFor, usersForRank, uuid } from './traits.ts';
import { buildVersions, type IdCounters } from './versions.ts';
import { EXTENSION_LICENSES, type SeedLocale, TAGS, THEME_LICENSES } from './words.ts';

export { SEED_FIREFOX_RELEASES } from './compat.ts';
export {
  popularityExponent,
  SEED_RATING_COUNT,
  SEED_RATING_MEAN,
  seedAuthor,
  TOP_USERS,
  usersForRank,
} from './traits.ts';

export interface GenerateOptions {
  /** How many add-ons to generate. */
  readonly addons: number;
  readonly seed: number;
  /** Id of the first add-on (default 1); the k-th add-on generated gets `startId + k - 1`. */
  readonly startId?: number;
  /** First version id (default 1); version ids then increase by one. */
  readonly startVersionId?: number;
  /** First file id (default 1); file ids increase, with occasional gaps. */
  readonly startFileId?: number;
  /** The catalogue's present: every date is at or before it. */
  readonly now: Date;
}

const DAY = 86_400_000;
// Add-ons are created over the last nine years, oldest first, so ids follow creation order as on AMO.
const CATALOGUE_SPAN = 9 * 365 * DAY;

/** Creation times of `count` versions, the first at `created`; popular add-ons are still being updated. */
function versionTimes(rng: Random, created: number, now: number, count: number, top: boolean): number[] {
  const activeUntil = created + (now - created) * (top ? rng.float(0.9, 1) : rng.next() ** 0.6);
  const later = Array.from({ length: count - 1 }, () => rng.float(created, activeUntil)).sort(
    (a, b) => a - b,
  );
  return [created, ...later].map((t) => Math.min(now, Math.floor(t / 1000) * 1000));
}

/**
 * A deterministic, AMO-like catalogue: the same options always yield the same add-ons, one at a time so that
 * hundreds of thousands can be written in batches. Popularity follows Zipf's law over a random permutation of
 * ranks, so popular add-ons are spread over the id range; ids, creation dates and version/file ids increase.
 */
export function* generateCatalogue(opts: GenerateOptions): Generator<AddonInput> {
  const total = opts.addons;
  const now = opts.now.getTime();
  const rng = new Random(opts.seed);
  const ranks = new Random(opts.seed ^ 0x5eed5eed).permutation(total);
  const authorPool = Math.max(20, Math.ceil(total / 3));
  const authorRank = zipfSampler(authorPool, 0.7);
  const promotedRanks = Math.max(3, Math.min(250, Math.ceil(total / 100)));
  const ids: IdCounters = { version: (opts.startVersionId ?? 1) - 1, file: (opts.startFileId ?? 1) - 1 };
  const slugCounts = new Map<string, number>();
  const guids = new Set<string>();
  const start = now - CATALOGUE_SPAN;
  const end = now - DAY;

  for (let k = 0; k < total; k++) {
    const rank = ranks[k] as number;
    const top = rank <= Math.max(1, total / 100);
    const type = typeFor(rng, top);
    const status = statusFor(rng, rank);
    const disabledByUser = rank > 100 && status === ADDON_STATUS.public && rng.chance(0.02);
    const { defaultLocale, locales } =
      type === 'extension' ? localesFor(rng) : { defaultLocale: 'en-US' as SeedLocale, locales: [] };
    const text: AddonText =
      type === 'extension'
        ? extensionText(rng, locales)
        : type === 'statictheme'
          ? themeText(rng)
          : type === 'dictionary'
            ? dictionaryText(rng)
            : languagePackText(rng);
    const mainName = text.name['en-US'] ?? text.name[defaultLocale] ?? '';

    const base = slugify(mainName) || 'addon';
    const seen = slugCounts.get(base) ?? 0;
    slugCounts.set(base, seen + 1);
    // Words never end in digits, so `base-N` can never be another add-on's base slug.
    const slug = seen === 0 ? base : `${base}-${seen}`;

    const authors =
      type === 'language'
        ? [{ username: 'mozilla', name: 'Mozilla' }]
        : [...new Set([authorRank(rng), ...(rng.chance(0.12) ? [authorRank(rng)] : [])])].map((r) =>
            seedAuthor(r - 1),
          );
    let guid: string;
    if (text.languageCode) {
      guid =
        type === 'dictionary'
          ? `${text.languageCode.toLowerCase()}@dictionaries.addons.mozilla.org`
          : `langpack-${text.languageCode}@firefox.mozilla.org`;
    } else {
      const form = rng.weighted<'uuid' | 'author' | 'jetpack'>([
        ['uuid', 50],
        ['author', 45],
        ['jetpack', 5],
      ]);
      guid =
        form === 'uuid'
          ? uuid(rng)
          : form === 'jetpack'
            ? `jid1-${rng.hex(14)}@jetpack`
            : `${asciiSlug(mainName) || 'addon'}@${(authors[0] as AuthorInput).username}`;
    }
    if (guids.has(guid)) guid = uuid(rng);
    else if (!guid.startsWith('{')) guids.add(guid);

    const created = Math.floor((start + ((end - start) * (k + rng.next())) / total) / 1000) * 1000;
    const versionCount = top
      ? rng.weighted([
          [3, 1],
          [4, 2],
          [5, 5],
        ])
      : rng.weighted([
          [1, 30],
          [2, 22],
          [3, 18],
          [4, 15],
          [5, 15],
        ]);
    const times = versionTimes(rng, created, now, versionCount, top);
    const license =
      type === 'statictheme'
        ? rng.weighted(THEME_LICENSES)
        : type === 'extension'
          ? rng.weighted(EXTENSION_LICENSES)
          : 'MPL-2.0';
    const strictChance =
      type === 'language' ? 1 : type === 'extension' ? 0.1 : type === 'dictionary' ? 0.03 : 0;
    const versions = buildVersions(
      rng,
      {
        type,
        addonStatus: status,
        times,
        android: type === 'extension' && rng.chance(0.3),
        strict: rng.chance(strictChance),
        license,
        fileStem: asciiSlug(text.name[defaultLocale] ?? mainName).replaceAll('-', '_') || 'addon',
        plural: text.plural,
      },
      ids,
    );
    const live = versions.filter((v) => !v.deleted && v.channel === CHANNEL.listed);
    const lastUpdated =
      (live[live.length - 1] ?? versions[versions.length - 1])?.created ?? new Date(created);

    const users = Math.floor(usersForRank(rank, total) * Math.exp(rng.normal(0, 0.12)));
    const categories = [findCategory(type, text.category)?.id ?? (categoriesForType(type)[0]?.id as number)];
    if (type === 'extension' && text.category !== 'other' && rng.chance(0.3)) {
      const second = rng.pick(
        categoriesForType('extension').filter((c) => !c.misc && c.id !== categories[0]),
      );
      categories.push(second.id);
    }
    const tags =
      type === 'extension' && rng.chance(0.85)
        ? [...new Set([...text.tags, ...rng.sample(TAGS, rng.int(0, 3))])].slice(0, rng.int(1, 5))
        : [];
    const promotable = status === ADDON_STATUS.public && !disabledByUser && rank <= promotedRanks;
    const promoted =
      promotable && (type === 'extension' || type === 'statictheme')
        ? rng.weighted<string | null>([
            ['recommended', 35],
            ['line', 5],
            ['spotlight', 5],
            [null, 55],
          ])
        : null;

    yield {
      id: (opts.startId ?? 1) + k,
      guid,
      slug,
      type: ADDON_TYPES[type],
      status,
      disabledByUser,
      defaultLocale,
      name: text.name,
      summary: text.summary,
      description: text.description,
      categories,
      tags,
      authors,
      averageDailyUsers: users,
      weeklyDownloads: Math.round(users * rng.float(0.01, 0.06)) + rng.int(0, 3),
      ratings: ratingsFor(rng, users),
      promoted,
      iconHash: type === 'extension' && rng.chance(0.9) ? rng.hex(8) : null,
      previews: type === 'statictheme' ? 1 : type === 'extension' ? rng.int(0, 5) : 0,
      created: new Date(created),
      lastUpdated,
      versions,
    };
  }
}
