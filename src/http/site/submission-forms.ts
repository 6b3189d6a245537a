/**
 * The developer hub's submission forms, for browsers without JavaScript (the submit page's script uses
 * the v5 upload API instead). Each posts `csrf`; success is a 303 to the next page, a domain error a 303
 * back to the form with `?error=<ErrorName>&hint=<what was wrong>` (and `field=<name>` when one field is
 * at fault).
 *
 * POST /:locale/developers/addon/submit/   multipart: upload (.zip, .xpi, .crx), channel (listed |
 *      unlisted) → /:locale/developers/upload/<uuid>/, which refreshes itself until validated
 * POST /:locale/developers/upload/:uuid/   name, summary, categories (repeated, slugs), license (slug);
 *      each optional for unlisted uploads → /:locale/developers/addon/<slug>/versions/<id>/?submitted=1
 */
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { TroveError } from '../../domain/errors.ts';
import { FieldErrors } from '../../domain/submission.ts';
import { back, field, form, signedIn } from './account-forms.ts';

const LOCALE = '/:locale{[a-z]{2}(?:-[A-Z]{2})?}';
/** Where the upload form posts (its body is capped by `submitBodyLimit`, mounted before the CSRF check). */
export const SUBMIT_FORM_PATH = `${LOCALE}/developers/addon/submit/`;
/** Room for the multipart envelope around a package of the largest accepted size. */
const MULTIPART_SLACK = 64 * 1024;

function hub(c: Context): string {
  return `/${c.req.param('locale')}/developers`;
}

/** The first field at fault and its messages, as one line: `categories: This field is required…`. */
export function describeFieldErrors(fields: Readonly<Record<string, unknown>>): {
  field: string;
  hint: string;
} {
  const messages: string[] = [];
  let first = '';
  const walk = (value: unknown, name: string) => {
    if (typeof value === 'string') {
      first ||= name;
      messages.push(name && name !== 'non_field_errors' ? `${name}: ${value}` : value);
    } else if (Array.isArray(value)) for (const v of value) walk(v, name);
    else if (value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) walk(v, key);
    }
  };
  walk(fields, '');
  return { field: first, hint: messages.join(' ') };
}

/**
 * `form()`, with the submission rules' `FieldErrors` sent back as `InvalidInput` naming the field, and a
 * conflict's message (a duplicate add-on id, a version already reviewed) as its hint.
 */
export async function submissionForm(c: Context, formPath: string, action: () => Promise<Response>) {
  return form(c, formPath, async () => {
    try {
      return await action();
    } catch (error) {
      if (error instanceof TroveError && error.code === 'Conflict') {
        return back(c, formPath, { error: error.code, hint: error.message });
      }
      if (!(error instanceof FieldErrors)) throw error;
      const { field: name, hint } = describeFieldErrors(error.fields);
      return back(c, formPath, { error: 'InvalidInput', hint, ...(name ? { field: name } : {}) });
    }
  });
}

/**
 * Caps the upload form's body at the submission service's limit (as `uploadBodyLimit` does for the API),
 * answering a too large file with the form's error instead of JSON.
 *
 * @example app.use(SUBMIT_FORM_PATH, submitBodyLimit())
 */
export function submitBodyLimit(): MiddlewareHandler {
  return async function submitBodyLimitMiddleware(c, next) {
    if (c.req.method !== 'POST') return next();
    const max = c.var.services.submissions.maxUploadBytes;
    return bodyLimit({
      maxSize: max + MULTIPART_SLACK,
      onError: (ctx) =>
        back(ctx, `${hub(ctx)}/addon/submit/`, {
          error: 'InvalidInput',
          hint: `The file is too large: at most ${max} bytes are accepted.`,
        }),
    })(c, next);
  };
}

export function submissionForms() {
  const app = new Hono();

  app.post(SUBMIT_FORM_PATH, async (c) => {
    const body = await c.req.parseBody();
    return submissionForm(c, `${hub(c)}/addon/submit/`, async () => {
      const upload = await c.var.services.submissions.createUpload(signedIn(c), body.upload, body.channel);
      return c.redirect(`${hub(c)}/upload/${upload.uuid}/`, 303);
    });
  });

  app.post(`${LOCALE}/developers/upload/:uuid{[0-9a-fA-F-]{32,36}}/`, async (c) => {
    const body = (await c.req.parseBody({ all: true })) as Record<string, unknown>;
    const uuid = c.req.param('uuid');
    return submissionForm(c, `${hub(c)}/upload/${uuid}/`, async () => {
      const text = (name: string) => field(body, name).trim();
      const categories = [body.categories ?? []].flat().filter((v) => typeof v === 'string');
      const input = {
        ...(text('name') ? { name: text('name') } : {}),
        ...(text('summary') ? { summary: text('summary') } : {}),
        ...(categories.length > 0 ? { categories } : {}),
        version: { upload: uuid, ...(text('license') ? { license: text('license') } : {}) },
      };
      const { addon, version } = await c.var.services.submissions.submit(signedIn(c), input, {
        kind: 'create',
      });
      return back(c, `${hub(c)}/addon/${encodeURIComponent(addon.slug)}/versions/${version.id}/`, {
        submitted: '1',
      });
    });
  });

  return app;
}
