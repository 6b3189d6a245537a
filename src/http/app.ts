import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { TroveError } from '../domain/errors.ts';
import { collectionsApi } from './api/collections.ts';
import { ratingsApi } from './api/ratings.ts';
import { submissionsApi, uploadBodyLimit } from './api/submissions.ts';
import { apiV5 } from './api/v5.ts';
import { downloads } from './downloads.ts';
import { edgeHooks } from './edge-hooks.ts';
import { heartbeat } from './heartbeat.ts';
import { manifestRoutes } from './manifest.ts';
import { authenticate } from './middleware/authenticate.ts';
import { requireCsrf } from './middleware/csrf.ts';
import { dbTiming } from './middleware/db-timing.ts';
import { pinPrimary } from './middleware/pin-primary.ts';
import { accountForms } from './site/account-forms.ts';
import { collectionChoiceForm } from './site/collection-choice-form.ts';
import { collectionForms } from './site/collection-forms.ts';
import { ratingForms } from './site/rating-forms.ts';
import { reviewForms } from './site/review-forms.ts';
import { SUBMIT_FORM_PATH, submissionForms, submitBodyLimit } from './site/submission-forms.ts';
import type { AppDeps } from './types.ts';
import { updateRoutes } from './update.ts';

/** The origin's HTTP app: every route module mounted on one Hono instance. No I/O happens here. */
export function createApp(deps: AppDeps) {
  const app = new Hono();

  app.route('/', heartbeat(deps));
  app.route('/', updateRoutes(deps));
  app.route('/', manifestRoutes(deps));
  app.use(requestId({ headerName: 'X-Request-Id' }));
  app.use(dbTiming());
  app.use(async function accessLog(c, next) {
    const started = performance.now();
    await next();
    deps.logger.info({
      req_id: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 100) / 100,
    });
  });
  app.use(pinPrimary({ seconds: deps.pinSeconds }));
  app.use(async function services(c, next) {
    c.set('services', deps.servicesFor({ pinned: c.get('pinned'), meter: c.get('dbStats') }));
    await next();
  });

  app.route('/', downloads);
  app.route('/', edgeHooks(deps));
  app.use('/api/v5/addons/upload/', uploadBodyLimit());
  app.use(SUBMIT_FORM_PATH, submitBodyLimit());
  app.use(authenticate());
  app.use(requireCsrf());
  app.route('/', accountForms());
  app.route('/', ratingForms());
  app.route('/', collectionForms());
  app.route('/', collectionChoiceForm());
  app.route('/', submissionForms());
  app.route('/', reviewForms());
  app.route('/', ratingsApi(deps));
  app.route('/', collectionsApi(deps));
  app.route('/', submissionsApi(deps));
  app.route('/', apiV5(deps));
  for (const pages of deps.pages ?? []) app.use(pages);

  app.notFound((c) => c.json({ detail: 'Not found.' }, 404));
  app.onError((error, c) => {
    if (error instanceof TroveError) {
      return c.json({ detail: error.message, code: error.code, hint: error.hint }, error.status as 400);
    }
    deps.logger.error({ req_id: c.get('requestId'), err: error }, 'unhandled error');
    return c.json({ detail: 'Internal server error.', request_id: c.get('requestId') }, 500);
  });
  return app;
}
