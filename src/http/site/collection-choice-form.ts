/**
 * "Add to collection" on the add-on detail page: the visitor picks one of their collections in a select,
 * so the form cannot post to that collection's own route (src/http/site/collection-forms.ts).
 *
 * POST /:locale/:app/collections/add-addon/   collection (a slug of the visitor's), addon (id, slug or
 *      guid), notes (optional), next (a path on this site; default: the visitor's collections page)
 *      → `next?added=<collection slug>`; a domain error → `next?collect_error=<ErrorName>&collect_hint=…`
 */
import { Hono } from 'hono';
import { TroveError } from '../../domain/errors.ts';
import { refOf } from '../api/v5.ts';
import { back, field, SITE, signedIn } from './account-forms.ts';
import { nextPath } from './rating-forms.ts';

export function collectionChoiceForm() {
  const app = new Hono();

  app.post(`${SITE}/collections/add-addon/`, async (c) => {
    const body = (await c.req.parseBody()) as Record<string, unknown>;
    const site = `/${c.req.param('locale')}/${c.req.param('app')}`;
    const next = nextPath(body, `${site}/collections/`);
    try {
      const person = signedIn(c);
      const { collections } = c.var.services;
      const collection = await collections.get(person.id, field(body, 'collection'), person);
      await collections.addAddon(person, collection, refOf(field(body, 'addon')), body.notes);
      return back(c, next, { added: collection.slug });
    } catch (error) {
      if (!(error instanceof TroveError) || error.status >= 500) throw error;
      const hint = error.hint ?? (error.code === 'InvalidInput' ? error.message : undefined);
      return back(c, next, { collect_error: error.code, ...(hint ? { collect_hint: hint } : {}) });
    }
  });

  return app;
}
