/**
 * The site's collection forms. Each posts `csrf` (the page's token) and may post `next`, a path on this
 * site to go back to (its query is dropped). Success is a 303 to `next`, else to the collection's page
 * `/:locale/:app/collections/<user id>/<slug>/`, with `?saved=1` (`?created=1`, `?added=<add-on id>`,
 * `?removed=1`); a domain error is a 303 back to the form's page (`next`, else the collection's
 * page, else `/:locale/:app/collections/add/`) with `?error=<ErrorName>` (`NotAuthenticated`,
 * `PermissionDenied`, `InvalidInput`, `CollectionSlugTaken`, `NotFound`, …).
 *
 * `:user` is the owner's id or username. `public` is `1` or `0`: a checkbox sends nothing when unchecked,
 * so forms send it from a select or radio buttons (absent on create: public; on edit: unchanged).
 *
 * POST /:locale/:app/collections/add/                              name, slug, description, public,
 *      default_locale (optional, en-US)
 * POST /:locale/:app/collections/:user/:slug/edit/                 name, slug, description, public,
 *      default_locale (each optional; an empty description clears it)
 * POST /:locale/:app/collections/:user/:slug/delete/               → the owner's profile `?deleted=1`
 * POST /:locale/:app/collections/:user/:slug/addons/               addon (id, slug or guid), notes
 *      Adds a public add-on (adding it again sets its notes).
 * POST /:locale/:app/collections/:user/:slug/addons/:addon/edit/   notes (empty clears them)
 * POST /:locale/:app/collections/:user/:slug/addons/:addon/delete/
 */
import { type Context, Hono } from 'hono';
import type { Collection } from '../../domain/collections.ts';
import { refOf } from '../api/v5.ts';
import { back, field, form, SITE, signedIn } from './account-forms.ts';
import { nextPath, sent } from './rating-forms.ts';

const COLLECTION_FIELDS = ['name', 'slug', 'description', 'public', 'default_locale'] as const;

export function collectionForms() {
  const app = new Hono();
  const base = `${SITE}/collections`;
  const one = `${base}/:user/:slug`;
  const site = (c: Context) => `/${c.req.param('locale')}/${c.req.param('app')}`;
  const pageOf = (c: Context, x: Pick<Collection, 'author' | 'slug'>) =>
    `${site(c)}/collections/${x.author.id}/${x.slug}/`;

  async function collectionOf(c: Context): Promise<Collection> {
    const ref = c.req.param('user') ?? '';
    const collections = c.var.services.collections;
    const owner = await collections.owner(/^\d+$/.test(ref) ? { id: Number(ref) } : { username: ref });
    return collections.get(owner.id, c.req.param('slug') ?? '', c.var.account);
  }

  /** Runs an action on the collection in the path; errors go back to `next` or its page. */
  async function post(
    c: Context,
    action: (body: Record<string, unknown>, collection: Collection) => Promise<Response>,
  ) {
    const body = (await c.req.parseBody()) as Record<string, unknown>;
    const fallback = `${site(c)}/collections/${c.req.param('user')}/${c.req.param('slug')}/`;
    return form(c, nextPath(body, fallback), async () => action(body, await collectionOf(c)));
  }

  app.post(`${base}/add/`, async (c) => {
    const body = (await c.req.parseBody()) as Record<string, unknown>;
    return form(c, nextPath(body, `${site(c)}/collections/add/`), async () => {
      const person = signedIn(c);
      const input = sent(body, COLLECTION_FIELDS);
      const created = await c.var.services.collections.create(person, person.id, input);
      return back(c, pageOf(c, created), { created: '1' });
    });
  });

  app.post(`${one}/edit/`, (c) =>
    post(c, async (body, collection) => {
      const input = sent(body, COLLECTION_FIELDS);
      const edited = await c.var.services.collections.edit(signedIn(c), collection, input);
      return back(c, nextPath(body, pageOf(c, edited)), { saved: '1' });
    }),
  );

  app.post(`${one}/delete/`, (c) =>
    post(c, async (_body, collection) => {
      await c.var.services.collections.delete(signedIn(c), collection);
      return back(c, `${site(c)}/user/${collection.author.username}/`, { deleted: '1' });
    }),
  );

  app.post(`${one}/addons/`, (c) =>
    post(c, async (body, collection) => {
      const ref = refOf(field(body, 'addon'));
      const saved = await c.var.services.collections.addAddon(signedIn(c), collection, ref, body.notes);
      return back(c, nextPath(body, pageOf(c, collection)), { added: String(saved.item.addon.id) });
    }),
  );

  app.post(`${one}/addons/:addon/edit/`, (c) =>
    post(c, async (body, collection) => {
      const ref = refOf(c.req.param('addon') ?? '');
      await c.var.services.collections.editAddon(signedIn(c), collection, ref, body.notes ?? null);
      return back(c, nextPath(body, pageOf(c, collection)), { saved: '1' });
    }),
  );

  app.post(`${one}/addons/:addon/delete/`, (c) =>
    post(c, async (body, collection) => {
      const ref = refOf(c.req.param('addon') ?? '');
      await c.var.services.collections.removeAddon(signedIn(c), collection, ref);
      return back(c, nextPath(body, pageOf(c, collection)), { removed: '1' });
    }),
  );

  return app;
}
