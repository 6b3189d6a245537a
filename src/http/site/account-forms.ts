import { type Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { SESSION_COOKIE } from '../../domain/accounts.ts';
import { TroveError } from '../../domain/errors.ts';
import { clearSessionCookie, setSessionCookie } from './session-cookie.ts';

/** `/en-US/firefox/users/…` and `/en-US/developers/…`: where the site's forms post. */
export const SITE = '/:locale{[a-z]{2}(?:-[A-Z]{2})?}/:app{firefox|android}';

export function field(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  return typeof value === 'string' ? value : '';
}

export function back(c: Context, path: string, params: Record<string, string>) {
  const query = new URLSearchParams(params).toString();
  return c.redirect(`${path}${query ? `?${query}` : ''}`, 303);
}

/** Runs a form action; a domain error goes back to the form with its name (the page says what is wrong). */
export async function form(
  c: Context,
  formPath: string,
  action: () => Promise<Response>,
  keep: Record<string, string> = {},
) {
  try {
    return await action();
  } catch (error) {
    if (error instanceof TroveError && error.status < 500) {
      // An invalid field's message says which rule it broke: the page shows it.
      const hint = error.hint ?? (error.code === 'InvalidInput' ? error.message : undefined);
      return back(c, formPath, { error: error.code, ...(hint ? { hint } : {}), ...keep });
    }
    throw error;
  }
}

export function signedIn(c: Context) {
  const account = c.var.account;
  if (!account || c.var.viaJwt) throw new TroveError('NotAuthenticated', 'Sign in first.');
  return account;
}

function clientAddress(c: Context): string {
  return c.req.header('X-Forwarded-For')?.split(',')[0]?.trim() || 'local';
}

/** Sign up, sign in, sign out, profile, account deletion and API keys: the site's form posts. */
export function accountForms() {
  const app = new Hono();
  const users = (c: Context) => `/${c.req.param('locale')}/${c.req.param('app')}/users`;

  app.post(`${SITE}/users/signup/`, async (c) => {
    const body = await c.req.parseBody();
    return form(c, `${users(c)}/signup/`, async () => {
      const session = await c.var.services.accounts.signUp({
        username: field(body, 'username'),
        email: field(body, 'email'),
        password: field(body, 'password'),
        displayName: field(body, 'display_name') || undefined,
      });
      setSessionCookie(c, session.token, session.expires);
      return c.redirect(`${users(c)}/edit/?welcome=1`, 303);
    });
  });

  app.post(`${SITE}/users/login/`, async (c) => {
    const body = await c.req.parseBody();
    return form(
      c,
      `${users(c)}/login/`,
      async () => {
        const session = await c.var.services.accounts.signIn(
          field(body, 'login'),
          field(body, 'password'),
          clientAddress(c),
        );
        setSessionCookie(c, session.token, session.expires);
        const next = field(body, 'next');
        return c.redirect(
          next.startsWith('/') && !next.startsWith('//')
            ? next
            : `/${c.req.param('locale')}/${c.req.param('app')}/`,
          303,
        );
      },
      field(body, 'next') ? { next: field(body, 'next') } : {},
    );
  });

  app.post(`${SITE}/users/logout/`, async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await c.var.services.accounts.signOut(token);
    clearSessionCookie(c);
    return c.redirect(`/${c.req.param('locale')}/${c.req.param('app')}/`, 303);
  });

  app.post(`${SITE}/users/edit/`, async (c) => {
    const body = await c.req.parseBody();
    return form(c, `${users(c)}/edit/`, async () => {
      const account = signedIn(c);
      await c.var.services.accounts.updateProfile(account.id, {
        displayName: field(body, 'display_name') || undefined,
        username: field(body, 'username') || undefined,
        pictureUrl: field(body, 'picture_url') || null,
      });
      return back(c, `${users(c)}/edit/`, { saved: '1' });
    });
  });

  app.post(`${SITE}/users/delete/`, async (c) => {
    const body = await c.req.parseBody();
    return form(c, `${users(c)}/edit/`, async () => {
      const account = signedIn(c);
      if (field(body, 'confirm') !== account.username) {
        throw new TroveError('InvalidInput', 'Type your username to confirm.');
      }
      await c.var.services.accounts.deleteAccount(account.id);
      clearSessionCookie(c);
      return c.redirect(`/${c.req.param('locale')}/${c.req.param('app')}/?deleted=1`, 303);
    });
  });

  app.post('/:locale/developers/addon/api/key/', async (c) => {
    const body = await c.req.parseBody();
    const page = `/${c.req.param('locale')}/developers/addon/api/key/`;
    return form(c, page, async () => {
      const account = signedIn(c);
      const action = field(body, 'action');
      if (action === 'agree') await c.var.services.accounts.acceptDeveloperAgreement(account.id);
      else if (action === 'create') {
        if (!account.readDevAgreement)
          throw new TroveError('PermissionDenied', 'Accept the developer agreement first.');
        await c.var.services.accounts.createApiKey(account.id);
      } else if (action === 'revoke') await c.var.services.accounts.revokeApiKeys(account.id);
      else throw new TroveError('InvalidInput', 'Unknown action.');
      return back(c, page, { done: action });
    });
  });

  return app;
}
