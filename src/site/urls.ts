import type { AppShort } from '../domain/constants.ts';
import type { Locale } from '../i18n/index.ts';
import type { Place } from './place.ts';
import type { Section } from './sections.ts';

type Query = Readonly<Record<string, string | number | undefined>>;

function withQuery(path: string, query: Query): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(name, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

const segment = encodeURIComponent;

/** The storefront's URLs under a place, in AMO's scheme. */
export function links({ locale, app }: Place) {
  const root = `/${locale}/${app}`;
  return {
    home: () => `${root}/`,
    section: (section: Section) => `${root}/${section}/`,
    category: (section: Section, slug: string, query: Query = {}) =>
      withQuery(`${root}/${section}/category/${segment(slug)}/`, query),
    addon: (slug: string) => `${root}/addon/${segment(slug)}/`,
    versions: (slug: string) => `${root}/addon/${segment(slug)}/versions/`,
    user: (username: string) => `${root}/user/${segment(username)}/`,
    search: (query: Query = {}) => withQuery(`${root}/search/`, query),
    /** The package itself, served by the origin's download route. */
    download: (fileId: number, filename: string) => `/${app}/downloads/file/${fileId}/${segment(filename)}`,
  };
}

export type Links = ReturnType<typeof links>;

/** The same page under another locale or app (`rest` is the path after the place). */
export function placeUrl(locale: Locale, app: AppShort, rest: string, search = ''): string {
  return `/${locale}/${app}${rest}${search}`;
}

/** This URL (path and query) showing another page of results; page 1 has no `page` parameter. */
export function pageUrl(url: URL, page: number): string {
  const params = new URLSearchParams(url.search);
  if (page > 1) params.set('page', String(page));
  else params.delete('page');
  const qs = params.toString();
  return qs ? `${url.pathname}?${qs}` : url.pathname;
}
