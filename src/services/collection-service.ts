import { type Account, grants, PERMISSIONS } from '../domain/accounts.ts';
import type { AddonCard, AddonRef, Author, CatalogueBrowser } from '../domain/browse.ts';
import {
  type Collection,
  type CollectionAddonQuery,
  type CollectionStore,
  collectionChanges,
  collectionInput,
  collectionNotes,
} from '../domain/collections.ts';
import { invalidFields, TroveError } from '../domain/errors.ts';
import type { Clock, Page } from '../domain/ports.ts';

export interface CollectionServiceDeps {
  readonly store: CollectionStore;
  readonly browse: Pick<CatalogueBrowser, 'findAddon' | 'findAddonsByIds'>;
  readonly clock: Clock;
}

/** An add-on in a collection, as listings show it. */
export interface CollectionAddon {
  readonly addon: AddonCard;
  readonly notes: string | null;
  readonly created: Date;
}

export type OwnerRef = { readonly id: number } | { readonly username: string };

const DENIED = 'You do not have permission to perform this action.';

function notFound(): TroveError {
  return new TroveError('NotFound', 'Not found.');
}

function signedIn(actor: Account | null): Account {
  if (!actor) throw new TroveError('NotAuthenticated', 'Authentication credentials were not provided.');
  return actor;
}

function parseNotes(notes: unknown): string | null | undefined {
  const parsed = collectionNotes.optional().safeParse(notes);
  if (!parsed.success) throw invalidFields(parsed.error.issues.map((i) => ({ ...i, path: ['notes'] })));
  return parsed.data;
}

/** The owner, or an editor (`Collections:Edit`, who may do anything but delete, as on AMO). */
function mayEdit(viewer: Account | null, ownerId: number): boolean {
  return viewer !== null && (viewer.id === ownerId || grants(viewer.rules, PERMISSIONS.collectionsEdit));
}

/** Collections: create, edit, delete, their add-ons with notes; private ones are seen by their owner only. */
export class CollectionService {
  readonly #deps: CollectionServiceDeps;

  constructor(deps: CollectionServiceDeps) {
    this.#deps = deps;
  }

  /** The person collections belong to; `NotFound` when unknown. */
  async owner(ref: OwnerRef): Promise<Author> {
    const owner = await this.#deps.store.findOwner(ref);
    if (!owner) throw notFound();
    return owner;
  }

  /** A profile's collections: every one for the owner (and editors), public ones for anyone else. */
  async listOnProfile(ownerId: number, viewer: Account | null, page = 1, pageSize = 25) {
    return this.#deps.store.listCollections(ownerId, {
      includePrivate: mayEdit(viewer, ownerId),
      page,
      pageSize,
    });
  }

  /** AMO's API list: the owner's own collections; someone else's need `Collections:Edit`. */
  async listOwn(ownerId: number, viewer: Account | null, page = 1, pageSize = 25) {
    if (!mayEdit(signedIn(viewer), ownerId)) throw new TroveError('PermissionDenied', DENIED);
    return this.#deps.store.listCollections(ownerId, { includePrivate: true, page, pageSize });
  }

  /** A private collection is `NotFound` to anyone but its owner and editors. */
  async get(ownerId: number, slug: string, viewer: Account | null): Promise<Collection> {
    const collection = await this.#deps.store.findCollection(ownerId, slug);
    if (!collection || (!collection.public && !mayEdit(viewer, ownerId))) throw notFound();
    return collection;
  }

  async create(actor: Account | null, ownerId: number, input: unknown): Promise<Collection> {
    const person = signedIn(actor);
    if (person.id !== ownerId) throw new TroveError('PermissionDenied', DENIED);
    const parsed = collectionInput.safeParse(input ?? {});
    if (!parsed.success) throw invalidFields(parsed.error.issues);
    const { default_locale: defaultLocale, description, ...rest } = parsed.data;
    await this.#deps.store.createCollection(
      {
        ...rest,
        authorId: ownerId,
        uuid: crypto.randomUUID().replaceAll('-', ''),
        description: description ?? null,
        defaultLocale,
      },
      this.#deps.clock.now(),
    );
    return this.get(ownerId, rest.slug, person);
  }

  async edit(actor: Account | null, collection: Collection, input: unknown): Promise<Collection> {
    this.#mayEdit(actor, collection);
    const parsed = collectionChanges.safeParse(input ?? {});
    if (!parsed.success) throw invalidFields(parsed.error.issues);
    const { default_locale: defaultLocale, ...rest } = parsed.data;
    await this.#deps.store.updateCollection(
      collection.id,
      { ...rest, ...(defaultLocale ? { defaultLocale } : {}) },
      this.#deps.clock.now(),
    );
    return this.get(collection.author.id, rest.slug ?? collection.slug, actor);
  }

  /** The owner only. */
  async delete(actor: Account | null, collection: Collection): Promise<void> {
    if (signedIn(actor).id !== collection.author.id) throw new TroveError('PermissionDenied', DENIED);
    await this.#deps.store.deleteCollection(collection.id);
  }

  /** `collection` comes from `get` or a listing, which checked who may see it. */
  async listAddons(collection: Collection, query: CollectionAddonQuery): Promise<Page<CollectionAddon>> {
    const items = await this.#deps.store.listAddons(collection.id, query);
    const cards = new Map(
      (await this.#deps.browse.findAddonsByIds(items.results.map((i) => i.addonId))).map((a) => [a.id, a]),
    );
    const results = items.results.flatMap((item) => {
      const addon = cards.get(item.addonId);
      return addon ? [{ addon, notes: item.notes, created: item.created }] : [];
    });
    return { count: items.count, results };
  }

  async getAddon(collection: Collection, ref: AddonRef): Promise<CollectionAddon> {
    return this.#item(collection.id, await this.#addonId(ref));
  }

  /** Adds a public add-on; adding it again only sets its notes (when given). */
  async addAddon(actor: Account | null, collection: Collection, ref: AddonRef, notes: unknown) {
    this.#mayEdit(actor, collection);
    const addon = await this.#deps.browse.findAddon(ref);
    if (!addon) {
      throw invalidFields([{ path: ['addon'], message: 'This add-on does not exist or is not public.' }]);
    }
    const { created } = await this.#deps.store.addAddon(
      collection.id,
      addon.id,
      parseNotes(notes),
      this.#deps.clock.now(),
    );
    return { item: await this.#item(collection.id, addon.id), created };
  }

  /** Sets the notes of an add-on in the collection (`notes` undefined: unchanged). */
  async editAddon(actor: Account | null, collection: Collection, ref: AddonRef, notes: unknown) {
    this.#mayEdit(actor, collection);
    const addonId = await this.#addonId(ref);
    await this.#item(collection.id, addonId);
    await this.#deps.store.addAddon(collection.id, addonId, parseNotes(notes), this.#deps.clock.now());
    return this.#item(collection.id, addonId);
  }

  async removeAddon(actor: Account | null, collection: Collection, ref: AddonRef): Promise<void> {
    this.#mayEdit(actor, collection);
    const addonId = await this.#addonId(ref);
    if (!(await this.#deps.store.removeAddon(collection.id, addonId, this.#deps.clock.now())))
      throw notFound();
  }

  #mayEdit(actor: Account | null, collection: Collection): void {
    if (!mayEdit(signedIn(actor), collection.author.id)) throw new TroveError('PermissionDenied', DENIED);
  }

  /** An id is taken as is (the add-on may have left the public catalogue); a slug or guid must be public. */
  async #addonId(ref: AddonRef): Promise<number> {
    if ('id' in ref) return ref.id;
    const addon = await this.#deps.browse.findAddon(ref);
    if (!addon) throw notFound();
    return addon.id;
  }

  async #item(collectionId: number, addonId: number): Promise<CollectionAddon> {
    const item = await this.#deps.store.findItem(collectionId, addonId);
    const [addon] = item ? await this.#deps.browse.findAddonsByIds([addonId]) : [];
    if (!item || !addon) throw notFound();
    return { addon, notes: item.notes, created: item.created };
  }
}
