import { APP_SHORTS, type AppShort } from '../domain/constants.ts';
import { DEFAULT_LOCALE, isLocale, type Locale, matchLocale } from '../i18n/index.ts';
import { notFound, redirect } from './responses.ts';

export const DEFAULT_APP: AppShort = 'firefox';

/** Where a page is: AMO's `/{locale}/{app}/` prefix. */
export interface Place {
  readonly locale: Locale;
  readonly app: AppShort;
}

export function isApp(value: string): value is AppShort {
  return (APP_SHORTS as readonly string[]).includes(value);
}

/** `/{locale}/{app}/rest` → `/rest` (with its trailing slash); the path itself when it has no prefix. */
export function pathAfterPlace(pathname: string): string {
  const match = /^\/[^/]+\/[^/]+(\/.*)?$/.exec(pathname);
  return match ? (match[1] ?? '/') : pathname;
}

/**
 * The place named by a page's `locale` and `app` parameters, or the answer instead of the page: a
 * redirect when the path lacks the locale (`/firefox/…`), spells it in another case, or lacks the app
 * (`/fr/addon/…`); a 404 for an unknown locale.
 */
export function resolvePlace(params: { locale?: string; app?: string }, url: URL): Place | Response {
  const { locale = '', app = '' } = params;
  const rest = url.pathname.split('/').slice(3).join('/');
  const to = (path: string) => redirect(`${path}${url.search}`);
  if (isApp(locale.toLowerCase())) return to(`/${DEFAULT_LOCALE}${url.pathname}`);
  const known = matchLocale(locale);
  if (!known) return notFound();
  if (isApp(app) && known === locale) return { locale: known, app };
  if (isApp(app.toLowerCase())) return to(`/${known}/${app.toLowerCase()}/${rest}`);
  return to(`/${known}/${DEFAULT_APP}/${[app, rest].filter(Boolean).join('/')}`);
}

/** The place a path is under, falling back to the defaults (for error pages, which have no parameters). */
export function placeFromPath(pathname: string): Place {
  const [, locale = '', app = ''] = pathname.split('/');
  return {
    locale: isLocale(locale) ? locale : DEFAULT_LOCALE,
    app: isApp(app) ? app : DEFAULT_APP,
  };
}

/** `/firefox/…` and `/android/…`: the same path under the default locale. */
export function bareAppRedirect(url: URL): Response {
  return redirect(`/${DEFAULT_LOCALE}${url.pathname}${url.search}`);
}
