import { z } from 'zod';
import { bayesianAverage, type RatingsAggregate } from './catalogue.ts';
import type { Page } from './ports.ts';

/** AMO's flag reasons (`ratings/models.py` RatingFlag.FLAGS); `other` needs a note. */
export const RATING_FLAGS = [
  'rating_flag_reason_spam',
  'rating_flag_reason_language',
  'rating_flag_reason_bug_support',
  'rating_flag_reason_other',
] as const;
export type RatingFlagReason = (typeof RATING_FLAGS)[number];

export const MAX_RATING_BODY = 5000;
export const MAX_FLAG_NOTE = 100;

/** A rating or, with `replyTo`, a developer's reply to one (replies have no score). */
export interface Rating {
  readonly id: number;
  readonly addonId: number;
  readonly userId: number;
  readonly versionId: number | null;
  readonly score: number | null;
  /** User input: escape before rendering. Null when the rating has no text. */
  readonly body: string | null;
  readonly replyTo: number | null;
  /** The newest of its author's ratings of the add-on: the one that counts in the aggregates. */
  readonly isLatest: boolean;
  readonly deleted: boolean;
  readonly created: Date;
  readonly modified: Date;
}

export interface RatingFlag {
  readonly flag: RatingFlagReason;
  readonly note: string | null;
}

/** A rating as lists and pages show it. */
export interface RatingView extends Rating {
  readonly addon: { readonly id: number; readonly slug: string; readonly guid: string };
  readonly user: { readonly id: number; readonly username: string; readonly name: string };
  readonly version: { readonly id: number; readonly version: string } | null;
  /** How many earlier (not deleted) ratings its author left on the add-on. */
  readonly previousCount: number;
  /** The developer's reply (not deleted), on ratings only. */
  readonly reply: RatingView | null;
  /** Flags left by the user the query asked about (`flagsFor`); absent otherwise. */
  readonly flags?: readonly RatingFlag[];
}

/** A page of ratings (never replies: they travel in `reply`), newest first. */
export interface RatingQuery {
  readonly addonId?: number;
  readonly userId?: number;
  readonly versionId?: number;
  readonly scores?: readonly number[];
  readonly withoutEmptyBody?: boolean;
  readonly withDeleted?: boolean;
  /** Only each author's latest rating (AMO: an add-on's list without a version). */
  readonly latestOnly?: boolean;
  readonly excludeIds?: readonly number[];
  readonly flagsFor?: number;
  /** 1-based. */
  readonly page: number;
  readonly pageSize: number;
}

export interface NewRating {
  readonly addonId: number;
  readonly userId: number;
  readonly versionId: number | null;
  readonly score: number;
  readonly body: string | null;
}

/** What a write left: the add-on's aggregates are recomputed in the write's transaction. */
export interface RatingWrite {
  readonly ratingId: number;
  readonly addonGuid: string;
  readonly aggregates: RatingsAggregate;
}

/**
 * Ratings in storage. Every write runs in one transaction that also recomputes the add-on's aggregates
 * (AMO's `addon_rating_aggregates`: latest, not deleted, non-reply ratings) and its Bayesian average.
 */
export interface RatingStore {
  /** Any rating or reply by id, deleted ones included. */
  findRating(id: number): Promise<Rating | null>;
  findView(id: number, opts?: { readonly flagsFor?: number }): Promise<RatingView | null>;
  listRatings(query: RatingQuery): Promise<Page<RatingView>>;
  /** The new rating is its author's latest; the previous ones are not. Throws `DuplicateRating` when the
   * author already has a (not deleted) rating of this version. */
  createRating(rating: NewRating, now: Date): Promise<RatingWrite>;
  editRating(
    id: number,
    changes: { readonly score?: number; readonly body?: string | null },
    now: Date,
  ): Promise<RatingWrite>;
  /** Soft delete, as AMO does; an earlier rating does not become the latest again. */
  deleteRating(id: number, now: Date): Promise<RatingWrite>;
  /** Creates the rating's one reply, or edits it when there is one. */
  saveReply(
    ratingId: number,
    reply: { readonly userId: number; readonly body: string },
    now: Date,
  ): Promise<{ readonly id: number; readonly created: boolean }>;
  /** One flag per user per rating: flagging again replaces the flag. */
  flagRating(
    ratingId: number,
    flag: { readonly userId: number; readonly flag: RatingFlagReason; readonly note: string | null },
    now: Date,
  ): Promise<void>;
}

const REQUIRED = 'This field is required.';

/** DRF's IntegerField: a number or a string of digits. */
function integer(min: number, max: number) {
  return z.preprocess(
    (v) => (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v),
    z
      .number({ error: (issue) => (issue.input === undefined ? REQUIRED : 'A valid integer is required.') })
      .int('A valid integer is required.')
      .min(min, `Ensure this value is greater than or equal to ${min}.`)
      .max(max, `Ensure this value is less than or equal to ${max}.`),
  );
}

/** Text, trimmed; empty is null (no text). */
function text(max: number) {
  return z
    .string({ error: 'Not a valid string.' })
    .max(max, `Ensure this field has no more than ${max} characters.`)
    .nullable()
    .transform((s) => (s?.trim() ? s.trim() : null));
}

export const ratingScore = integer(1, 5);
export const ratingBody = text(MAX_RATING_BODY);

export const newRatingInput = z.object({
  version: integer(1, 2 ** 31 - 1).optional(),
  score: ratingScore,
  body: ratingBody.optional(),
});

export const ratingChanges = z.object({
  score: ratingScore.optional(),
  body: ratingBody.optional(),
});

export const replyInput = z.object({
  body: ratingBody.refine((b) => b !== null, REQUIRED),
});

export const flagInput = z
  .object({
    flag: z.enum(RATING_FLAGS, {
      error: (issue) =>
        issue.input === undefined ? REQUIRED : `"${String(issue.input)}" is not a valid choice.`,
    }),
    note: text(MAX_FLAG_NOTE).optional(),
  })
  .refine((f) => f.flag !== 'rating_flag_reason_other' || f.note, {
    path: ['note'],
    message: 'A short explanation must be provided when selecting "Other" as a flag reason.',
  });

/**
 * AMO's `addon_rating_aggregates`, from the add-on's latest, not deleted ratings (replies excluded): their
 * count, the sum of their scores and how many have text. The Bayesian average is left for `withBayesian`.
 */
export function ratingsAggregate(own: { count: number; total: number; texts: number }): RatingsAggregate {
  const average = own.count > 0 ? own.total / own.count : 0;
  return { average, bayesianAverage: 0, count: own.count, textCount: own.texts };
}

/**
 * AMO's `addon_bayesian_rating`: pulls the average toward the mean rating of every add-on with ratings,
 * weighted by their mean number of ratings; `others` sums every other add-on with ratings.
 */
export function withBayesian(
  own: RatingsAggregate,
  others: { addons: number; averages: number; ratings: number },
): RatingsAggregate {
  const rated = own.count > 0 ? 1 : 0;
  const addons = others.addons + rated;
  const mean = addons > 0 ? (others.averages + rated * own.average) / addons : 0;
  const meanCount = addons > 0 ? (others.ratings + own.count) / addons : 0;
  return { ...own, bayesianAverage: bayesianAverage(own.average, own.count, mean, meanCount) };
}
