import type { AddonTypeId, AppShort, ChannelId } from './constants.ts';

/** Text per locale, e.g. `{ 'en-US': 'Tab Sorter', fr: 'Trieur d’onglets' }`. */
export type Translated = Readonly<Record<string, string>>;

/** A file of a version: one per version, as on AMO today. */
export interface FileInput {
  readonly id?: number;
  readonly status: number;
  /** `sha256:<hex>`; empty when unknown. */
  readonly hash: string;
  readonly size: number;
  readonly filename: string;
  readonly strictCompatibility: boolean;
  readonly permissions: readonly string[];
}

export interface CompatRange {
  readonly min: string;
  readonly max: string;
}

export interface VersionInput {
  readonly id?: number;
  readonly version: string;
  readonly channel: ChannelId;
  readonly deleted: boolean;
  readonly releaseNotes: string | null;
  readonly license: string | null;
  readonly created?: Date;
  readonly file: FileInput;
  readonly compat: Partial<Record<AppShort, CompatRange>>;
}

export interface AuthorInput {
  readonly username: string;
  readonly name: string;
}

/** One add-on as it is written to the catalogue (by import, seed or submission): validated plain data. */
export interface AddonInput {
  readonly id?: number;
  readonly guid: string;
  readonly slug: string;
  readonly type: AddonTypeId;
  readonly status: number;
  readonly disabledByUser: boolean;
  readonly defaultLocale: string;
  readonly name: Translated;
  readonly summary: Translated;
  readonly description: Translated;
  /** Category ids, at most two. */
  readonly categories: readonly number[];
  readonly tags: readonly string[];
  readonly authors: readonly AuthorInput[];
  readonly averageDailyUsers: number;
  readonly weeklyDownloads: number;
  readonly ratings: RatingsAggregate;
  readonly promoted: string | null;
  readonly iconHash: string | null;
  readonly previews: number;
  readonly created?: Date;
  readonly lastUpdated?: Date;
  readonly versions: readonly VersionInput[];
}

export interface RatingsAggregate {
  readonly average: number;
  readonly bayesianAverage: number;
  readonly count: number;
  readonly textCount: number;
}

/** An add-on as the catalogue pages and APIs read it. */
export interface AddonSummary {
  readonly id: number;
  readonly guid: string;
  readonly slug: string;
  readonly type: AddonTypeId;
  readonly status: number;
  readonly disabledByUser: boolean;
  readonly defaultLocale: string;
  readonly name: Translated;
  readonly summary: Translated;
  readonly averageDailyUsers: number;
  readonly weeklyDownloads: number;
  readonly ratings: RatingsAggregate;
  readonly created: Date;
  readonly lastUpdated: Date;
}

/** The text for `locale`, falling back to the add-on's default locale, then to any locale. */
export function translate(text: Translated, locale: string, defaultLocale: string): string {
  return text[locale] ?? text[defaultLocale] ?? Object.values(text)[0] ?? '';
}

/** AMO's Bayesian rating: pulls add-ons with few ratings toward the catalogue's mean. */
export function bayesianAverage(
  average: number,
  count: number,
  globalMean: number,
  globalCount: number,
): number {
  if (count === 0) return 0;
  return (globalCount * globalMean + count * average) / (globalCount + count);
}
