/**
 * The site's rating forms. Each posts `csrf` (the page's token) and may post `next`, a path on this site to
 * go back to (default: the add-on's reviews page; its query is dropped). Success is a 303 to `next` with `?saved=<rating id>`
 * (or `?deleted=1`, `?flagged=1`); a domain error is a 303 to `next` with `?error=<ErrorName>`
 * (`NotAuthenticated`, `PermissionDenied`, `InvalidInput`, `DuplicateRating`, `NotFound`, …).
 *
 * POST /:locale/:app/addon/:slug/reviews/              score (1–5), body (optional text)
 *      Rates the add-on's current version, or edits your rating of it when you have one.
 * POST /:locale/:app/addon/:slug/reviews/:id/edit/     score, body (each optional; an empty body clears it)
 *      Your rating, or your reply (body only).
 * POST /:locale/:app/addon/:slug/reviews/:id/delete/
 *      Your rating or reply; any rating with Ratings:Moderate.
 * POST /:locale/:app/addon/:slug/reviews/:id/reply/    body
 *      A developer of the add-on replies (or edits the reply: one per rating).
 * POST /:locale/:app/addon/:slug/reviews/:id/flag/     flag (rating_flag_reason_spam | _language |
 *      _bug_support | _other), note (required with _other). Not on your own rating.
 */
import { type Context, Hono } from 'hono';
import { back, field, form, SITE, signedIn } from './account-forms.ts';

/** `next` when it is a path on this site (its query dropped: the answer adds its own), else `fallback`. */
export function nextPath(body: Record<string, unknown>, fallback: string): string {
  const next = field(body, 'next').split(/[?#]/)[0] ?? '';
  return next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : fallback;
}

/** The fields a form sent (an absent field is left unchanged by an edit). */
export function sent(body: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(names.filter((n) => n in body).map((n) => [n, body[n]]));
}

export function ratingForms() {
  const app = new Hono();
  const reviews = `${SITE}/addon/:slug/reviews`;
  const one = `${reviews}/:id{[0-9]+}`;
  const reviewsPage = (c: Context) =>
    `/${c.req.param('locale')}/${c.req.param('app')}/addon/${c.req.param('slug')}/reviews/`;

  /** Runs a rating action, then goes back to `next` with `done`, or with the error. */
  async function post(
    c: Context,
    action: (body: Record<string, unknown>) => Promise<Record<string, string>>,
  ) {
    const body = (await c.req.parseBody()) as Record<string, unknown>;
    const page = nextPath(body, reviewsPage(c));
    return form(c, page, async () => back(c, page, await action(body)));
  }

  app.post(`${reviews}/`, (c) =>
    post(c, async (body) => {
      const rating = await c.var.services.ratings.save(
        signedIn(c),
        { slug: c.req.param('slug') ?? '' },
        sent(body, ['score', 'body']),
      );
      return { saved: String(rating.id) };
    }),
  );

  app.post(`${one}/edit/`, (c) =>
    post(c, async (body) => {
      const rating = await c.var.services.ratings.edit(
        signedIn(c),
        Number(c.req.param('id')),
        sent(body, ['score', 'body']),
      );
      return { saved: String(rating.id) };
    }),
  );

  app.post(`${one}/delete/`, (c) =>
    post(c, async () => {
      await c.var.services.ratings.delete(signedIn(c), Number(c.req.param('id')));
      return { deleted: '1' };
    }),
  );

  app.post(`${one}/reply/`, (c) =>
    post(c, async (body) => {
      const saved = await c.var.services.ratings.reply(
        signedIn(c),
        Number(c.req.param('id')),
        sent(body, ['body']),
      );
      return { saved: String(saved.reply.id) };
    }),
  );

  app.post(`${one}/flag/`, (c) =>
    post(c, async (body) => {
      await c.var.services.ratings.flag(signedIn(c), Number(c.req.param('id')), sent(body, ['flag', 'note']));
      return { flagged: '1' };
    }),
  );

  return app;
}
