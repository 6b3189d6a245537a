import type { ErrorName } from '../domain/errors.ts';
import { type MessageKey, matchLocale } from '../i18n/index.ts';
import { type PageContext, pageContext } from './page.ts';
import { DEFAULT_APP, type Place } from './place.ts';
import { notFound } from './responses.ts';

/**
 * Pages under `/users/` and `/developers/` show a visitor's own data or a per-visitor CSRF token: neither
 * a browser nor a shared cache may keep them (the edge already never stores these paths).
 */
export const PERSONAL_CACHE_CONTROL = 'private, no-store';

/** A redirect that depends on who is asking (signed in or not): never stored. */
export function personalRedirect(location: string): Response {
  return new Response(null, {
    status: 302,
    headers: { Location: location, 'Cache-Control': PERSONAL_CACHE_CONTROL },
  });
}

/** `next` as a path on this site, or null (an absolute or protocol-relative URL would leave it). */
export function localPath(next: string | null | undefined): string | null {
  return next?.startsWith('/') && !next.startsWith('//') && !next.includes('\\') ? next : null;
}

/** The account pages' URLs; the forms post to the same paths (src/http/site/account-forms.ts). */
export function accountLinks({ locale, app }: Place) {
  const users = `/${locale}/${app}/users`;
  const hub = `/${locale}/developers`;
  return {
    signup: () => `${users}/signup/`,
    login: (next?: string | null) => {
      const path = localPath(next);
      return path ? `${users}/login/?${new URLSearchParams({ next: path })}` : `${users}/login/`;
    },
    logout: () => `${users}/logout/`,
    edit: () => `${users}/edit/`,
    remove: () => `${users}/delete/`,
    hub: () => `${hub}/`,
    apiKey: () => `${hub}/addon/api/key/`,
  };
}

export type AccountLinks = ReturnType<typeof accountLinks>;

/**
 * A developer-hub page's context (AMO's `/{locale}/developers/…` has no app: links go to Firefox's pages),
 * or the answer instead: a 404 for an unknown locale, a redirect for one spelt in another case.
 */
export function openHubPage(params: { locale?: string }, url: URL): PageContext | Response {
  const given = params.locale ?? '';
  const locale = matchLocale(given);
  if (!locale) return notFound();
  if (locale !== given) {
    return personalRedirect(`/${locale}${url.pathname.slice(given.length + 1)}${url.search}`);
  }
  return pageContext({ locale, app: DEFAULT_APP });
}

/** The hub page's path in another locale. */
export function hubPathIn(locale: string, url: URL): string {
  const [, , ...rest] = url.pathname.split('/');
  return `/${locale}/${rest.join('/')}`;
}

const FORM_ERRORS: Partial<Readonly<Record<ErrorName, MessageKey>>> = {
  UsernameTaken: 'form.error.UsernameTaken',
  EmailTaken: 'form.error.EmailTaken',
  InvalidInput: 'form.error.InvalidInput',
  CsrfFailed: 'form.error.CsrfFailed',
  TooManyAttempts: 'form.error.TooManyAttempts',
  BadCredentials: 'form.error.BadCredentials',
  NotAuthenticated: 'form.error.NotAuthenticated',
  PermissionDenied: 'form.error.PermissionDenied',
};

/** The message for a form's `?error=<ErrorName>`; a generic one for a name the pages do not explain. */
export function formErrorMessage(name: string): MessageKey {
  return FORM_ERRORS[name as ErrorName] ?? 'form.error.other';
}
