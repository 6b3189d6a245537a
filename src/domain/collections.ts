import { z } from 'zod';
import type { Author } from './browse.ts';
import type { Page } from './ports.ts';

/** AMO's limits: slugs are URL parts of at most 30 characters; descriptions and notes at most 280. */
export const MAX_COLLECTION_NAME = 50;
export const MAX_COLLECTION_SLUG = 30;
export const MAX_COLLECTION_TEXT = 280;

export interface Collection {
  readonly id: number;
  /** 32 hex digits, AMO's form. */
  readonly uuid: string;
  readonly author: Author;
  readonly slug: string;
  /** User input, as are description and notes: escape before rendering. */
  readonly name: string;
  readonly description: string | null;
  readonly public: boolean;
  readonly defaultLocale: string;
  /** Public add-ons in the collection (the ones a listing shows). */
  readonly addonCount: number;
  readonly created: Date;
  readonly modified: Date;
}

export interface CollectionItem {
  readonly addonId: number;
  readonly notes: string | null;
  readonly created: Date;
}

export type CollectionAddonSort = 'added' | 'popularity' | 'name';

export interface CollectionAddonQuery {
  readonly sort: CollectionAddonSort;
  readonly descending: boolean;
  /** 1-based. */
  readonly page: number;
  readonly pageSize: number;
}

export interface NewCollection {
  readonly authorId: number;
  readonly uuid: string;
  readonly slug: string;
  readonly name: string;
  readonly description: string | null;
  readonly public: boolean;
  readonly defaultLocale: string;
}

export type CollectionChanges = Partial<Omit<NewCollection, 'authorId' | 'uuid'>>;

/** Collections and their add-ons in storage; `modified` moves with every change to either. */
export interface CollectionStore {
  /** A person by id or username (not deleted), to own or list collections. */
  findOwner(ref: { readonly id: number } | { readonly username: string }): Promise<Author | null>;
  findCollection(authorId: number, slug: string): Promise<Collection | null>;
  /** Newest first; private ones only with `includePrivate`. */
  listCollections(
    authorId: number,
    opts: { readonly includePrivate: boolean; readonly page: number; readonly pageSize: number },
  ): Promise<Page<Collection>>;
  /** Throws `CollectionSlugTaken` when the author has a collection at that slug. */
  createCollection(collection: NewCollection, now: Date): Promise<number>;
  /** Throws `CollectionSlugTaken` like `createCollection`. */
  updateCollection(id: number, changes: CollectionChanges, now: Date): Promise<void>;
  /** The collection and its add-on list. */
  deleteCollection(id: number): Promise<void>;
  /** Adds the add-on, or sets its notes when it is there already (`notes` undefined: left as they are). */
  addAddon(
    collectionId: number,
    addonId: number,
    notes: string | null | undefined,
    now: Date,
  ): Promise<{ readonly created: boolean }>;
  /** False when the add-on is not in the collection. */
  removeAddon(collectionId: number, addonId: number, now: Date): Promise<boolean>;
  /** Public add-ons only, in the order asked for. */
  listAddons(collectionId: number, query: CollectionAddonQuery): Promise<Page<CollectionItem>>;
  findItem(collectionId: number, addonId: number): Promise<CollectionItem | null>;
}

const REQUIRED = 'This field is required.';

/** AMO takes a translated field as text or `{locale: text}`; a collection keeps its default locale's. */
function localized(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const texts = Object.values(value as Record<string, unknown>).filter((v) => typeof v === 'string');
  return texts[0] ?? '';
}

function text(max: number) {
  return z.preprocess(
    localized,
    z
      .string({ error: 'Not a valid string.' })
      .max(max, `Ensure this field has no more than ${max} characters.`)
      .nullable()
      .transform((s) => (s?.trim() ? s.trim() : null)),
  );
}

/** A form's checkbox (`on`), a query's `1`/`true`, or JSON's boolean. */
const flag = z.preprocess(
  (v) => (typeof v === 'string' ? ['1', 'true', 'on', 'yes'].includes(v.toLowerCase()) : v),
  z.boolean({ error: 'Must be a valid boolean.' }),
);

export const collectionName = z.preprocess(
  localized,
  z
    .string({ error: (i) => (i.input === undefined ? REQUIRED : 'Not a valid string.') })
    .trim()
    .min(1, 'This field may not be blank.')
    .max(MAX_COLLECTION_NAME, `Ensure this field has no more than ${MAX_COLLECTION_NAME} characters.`),
);

export const collectionSlug = z
  .string({ error: (i) => (i.input === undefined ? REQUIRED : 'Not a valid string.') })
  .trim()
  .min(1, { message: 'This field may not be blank.', abort: true })
  .max(MAX_COLLECTION_SLUG, `Ensure this field has no more than ${MAX_COLLECTION_SLUG} characters.`)
  .regex(/^[-a-zA-Z0-9_]+$/, 'Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.');

const locale = z.string().regex(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/, 'Enter a valid locale such as en-US.');

export const collectionInput = z.object({
  name: collectionName,
  slug: collectionSlug,
  description: text(MAX_COLLECTION_TEXT).optional(),
  public: flag.default(true),
  default_locale: locale.default('en-US'),
});

/** An edit: only the fields given change. */
export const collectionChanges = z.object({
  name: collectionName.optional(),
  slug: collectionSlug.optional(),
  description: text(MAX_COLLECTION_TEXT).optional(),
  public: flag.optional(),
  default_locale: locale.optional(),
});

export const collectionNotes = text(MAX_COLLECTION_TEXT);
