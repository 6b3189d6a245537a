import { type Account, grants, PERMISSIONS } from '../domain/accounts.ts';
import type { AddonDetail, AddonRef, CatalogueBrowser } from '../domain/browse.ts';
import { invalidFields, TroveError } from '../domain/errors.ts';
import type { Clock, Page } from '../domain/ports.ts';
import {
  flagInput,
  newRatingInput,
  type Rating,
  type RatingQuery,
  type RatingStore,
  type RatingView,
  ratingChanges,
  replyInput,
} from '../domain/ratings.ts';

export interface RatingServiceDeps {
  readonly store: RatingStore;
  readonly browse: Pick<CatalogueBrowser, 'findAddon' | 'findVersion'>;
  /** Called with the add-on's guid after every write: caches, search and the edge learn its new aggregates. */
  readonly changed: (guids: readonly string[]) => Promise<void>;
  readonly clock: Clock;
}

export type RatingListQuery = Omit<RatingQuery, 'addonId' | 'latestOnly'> & {
  readonly addon?: AddonRef;
};

const DENIED = 'You do not have permission to perform this action.';

function notFound(): TroveError {
  return new TroveError('NotFound', 'Not found.');
}

function nonField(message: string): TroveError {
  return new TroveError('InvalidInput', message, { fields: { non_field_errors: [message] } });
}

function signedIn(actor: Account | null): Account {
  if (!actor) throw new TroveError('NotAuthenticated', 'Authentication credentials were not provided.');
  return actor;
}

/** AMO: a person may only ask for their own flags (`show_flags_for`). */
function onlyOwnFlags(flagsFor: number | undefined, viewer: Account | null): void {
  if (flagsFor !== undefined && flagsFor !== viewer?.id) {
    throw invalidFields([
      {
        path: ['show_flags_for'],
        message: 'show_flags_for parameter value should be equal to the user id of the authenticated user',
      },
    ]);
  }
}

const moderates = (viewer: Account | null) =>
  viewer !== null && grants(viewer.rules, PERMISSIONS.ratingsModerate);

/** Rating add-ons, editing and deleting ratings, developer replies and flags, with AMO's rules. */
export class RatingService {
  readonly #deps: RatingServiceDeps;

  constructor(deps: RatingServiceDeps) {
    this.#deps = deps;
  }

  /** A page of ratings (an add-on's: each author's latest, unless a version is asked for). */
  async list(query: RatingListQuery, viewer: Account | null): Promise<Page<RatingView>> {
    onlyOwnFlags(query.flagsFor, viewer);
    let addonId: number | undefined;
    if (query.addon) {
      const addon = await this.#deps.browse.findAddon(query.addon);
      if (!addon) throw notFound();
      addonId = addon.id;
    }
    return this.#deps.store.listRatings({
      ...query,
      addonId,
      latestOnly: addonId !== undefined && query.versionId === undefined,
      withDeleted: query.withDeleted === true && moderates(viewer),
    });
  }

  /** One rating or reply; a deleted one only for moderators. */
  async get(id: number, viewer: Account | null, opts: { flagsFor?: number } = {}): Promise<RatingView> {
    onlyOwnFlags(opts.flagsFor, viewer);
    const view = await this.#deps.store.findView(id, opts);
    if (!view || (view.deleted && !moderates(viewer))) throw notFound();
    return view;
  }

  /** The person's new rating of an add-on (version: the one given, else the current one). */
  async create(actor: Account | null, addonRef: AddonRef, input: unknown): Promise<RatingView> {
    const person = signedIn(actor);
    const parsed = newRatingInput.safeParse(input ?? {});
    if (!parsed.success) throw invalidFields(parsed.error.issues);
    const addon = await this.#deps.browse.findAddon(addonRef);
    if (!addon) throw invalidFields([{ path: ['addon'], message: 'This add-on does not exist.' }]);
    if (addon.authors.some((a) => a.id === person.id)) {
      throw nonField("You can't leave a review on your own add-on.");
    }
    const versionId = parsed.data.version ?? addon.currentVersion?.id ?? null;
    if (versionId !== null && !(await this.#deps.browse.findVersion(addon.id, { id: versionId }))) {
      throw invalidFields([
        { path: ['version'], message: "This version of the add-on doesn't exist or isn't public." },
      ]);
    }
    const write = await this.#deps.store.createRating(
      {
        addonId: addon.id,
        userId: person.id,
        versionId,
        score: parsed.data.score,
        body: parsed.data.body ?? null,
      },
      this.#deps.clock.now(),
    );
    await this.#deps.changed([write.addonGuid]);
    return this.get(write.ratingId, person);
  }

  /** The site's form: edits the person's rating of this version when there is one, else creates one. */
  async save(actor: Account | null, addonRef: AddonRef, input: unknown): Promise<RatingView> {
    const person = signedIn(actor);
    const addon = await this.#deps.browse.findAddon(addonRef);
    if (!addon) throw notFound();
    const latest = await this.findMine(person, addon);
    if (latest && latest.versionId === (addon.currentVersion?.id ?? null)) {
      return this.edit(person, latest.id, input);
    }
    return this.create(person, { id: addon.id }, input);
  }

  /** Owner only: score and text of a rating, text of a reply. */
  async edit(actor: Account | null, id: number, input: unknown): Promise<RatingView> {
    const rating = await this.#owned(actor, id, () => false);
    const parsed = ratingChanges.safeParse(input ?? {});
    if (!parsed.success) throw invalidFields(parsed.error.issues);
    if (rating.replyTo !== null && parsed.data.score !== undefined) {
      throw invalidFields([{ path: ['score'], message: 'Replies have no score.' }]);
    }
    if (rating.replyTo !== null && parsed.data.body === null) {
      throw invalidFields([{ path: ['body'], message: 'This field may not be blank.' }]);
    }
    const write = await this.#deps.store.editRating(id, parsed.data, this.#deps.clock.now());
    await this.#deps.changed([write.addonGuid]);
    return this.get(id, actor);
  }

  /** The owner, or a moderator (`Ratings:Moderate`). */
  async delete(actor: Account | null, id: number): Promise<void> {
    await this.#owned(actor, id, moderates);
    const write = await this.#deps.store.deleteRating(id, this.#deps.clock.now());
    await this.#deps.changed([write.addonGuid]);
  }

  /** An author of the add-on replies (or edits the reply: one per rating). */
  async reply(
    actor: Account | null,
    id: number,
    input: unknown,
  ): Promise<{ readonly reply: RatingView; readonly created: boolean }> {
    const person = signedIn(actor);
    const rating = await this.#deps.store.findRating(id);
    if (!rating || rating.deleted) throw notFound();
    const addon = await this.#deps.browse.findAddon({ id: rating.addonId });
    if (!addon?.authors.some((a) => a.id === person.id)) {
      throw new TroveError('PermissionDenied', 'Only a developer of the add-on can reply to its ratings.');
    }
    if (rating.replyTo !== null) throw nonField("You can't reply to a reply.");
    const parsed = replyInput.safeParse(input ?? {});
    if (!parsed.success) throw invalidFields(parsed.error.issues);
    const saved = await this.#deps.store.saveReply(
      id,
      { userId: person.id, body: parsed.data.body ?? '' },
      this.#deps.clock.now(),
    );
    await this.#deps.changed([addon.guid]);
    return { reply: await this.get(saved.id, person), created: saved.created };
  }

  /** Flags someone else's rating for moderators; flagging again replaces the person's flag. */
  async flag(actor: Account | null, id: number, input: unknown): Promise<void> {
    const person = signedIn(actor);
    const rating = await this.#deps.store.findRating(id);
    if (!rating || rating.deleted) throw notFound();
    if (rating.userId === person.id)
      throw new TroveError('PermissionDenied', "You can't flag your own review.");
    const parsed = flagInput.safeParse(input ?? {});
    if (!parsed.success) throw invalidFields(parsed.error.issues);
    await this.#deps.store.flagRating(
      id,
      { userId: person.id, flag: parsed.data.flag, note: parsed.data.note ?? null },
      this.#deps.clock.now(),
    );
  }

  /** The person's latest rating of the add-on (for its page), or null. */
  async findMine(actor: Account, addon: Pick<AddonDetail, 'id'>): Promise<RatingView | null> {
    const mine = await this.#deps.store.listRatings({
      addonId: addon.id,
      userId: actor.id,
      latestOnly: true,
      page: 1,
      pageSize: 1,
    });
    return mine.results[0] ?? null;
  }

  async #owned(actor: Account | null, id: number, overrides: (viewer: Account) => boolean): Promise<Rating> {
    const person = signedIn(actor);
    const rating = await this.#deps.store.findRating(id);
    if (!rating || rating.deleted) throw notFound();
    if (rating.userId !== person.id && !overrides(person)) throw new TroveError('PermissionDenied', DENIED);
    return rating;
  }
}
