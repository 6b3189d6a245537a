/**
 * The reviewers' queue forms (`Addons:Review`). Each posts `csrf`; success is a 303 to the queue
 * `/:locale/reviewers/queue/` with `?approved=<version id>` or `?rejected=<version id>`, a domain error a
 * 303 to the queue with `?error=<ErrorName>&hint=…` (`PermissionDenied`, `NotFound`, `Conflict` when the
 * version is no longer awaiting review, `InvalidInput` without a reason).
 *
 * POST /:locale/reviewers/addon/:id/versions/:versionId/approve/   signs and publishes the version
 * POST /:locale/reviewers/addon/:id/versions/:versionId/reject/    reason (required)
 */
import { type Context, Hono } from 'hono';
import { back, signedIn } from './account-forms.ts';
import { submissionForm } from './submission-forms.ts';

const DECISION =
  '/:locale{[a-z]{2}(?:-[A-Z]{2})?}/reviewers/addon/:id{[0-9]{1,10}}/versions/:versionId{[0-9]{1,10}}';

export function reviewForms() {
  const app = new Hono();
  const queue = (c: Context) => `/${c.req.param('locale')}/reviewers/queue/`;
  const ids = (c: Context) => [Number(c.req.param('id')), Number(c.req.param('versionId'))] as const;

  app.post(`${DECISION}/approve/`, (c) =>
    submissionForm(c, queue(c), async () => {
      const [addonId, versionId] = ids(c);
      await c.var.services.reviews.approve(signedIn(c), addonId, versionId);
      return back(c, queue(c), { approved: String(versionId) });
    }),
  );

  app.post(`${DECISION}/reject/`, async (c) => {
    const body = await c.req.parseBody();
    return submissionForm(c, queue(c), async () => {
      const [addonId, versionId] = ids(c);
      await c.var.services.reviews.reject(signedIn(c), addonId, versionId, body.reason);
      return back(c, queue(c), { rejected: String(versionId) });
    });
  });

  return app;
}
