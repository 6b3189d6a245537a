import { type Translator, translator } from '../i18n/index.ts';
import { type Place, resolvePlace } from './place.ts';
import { type Links, links } from './urls.ts';

/** What every storefront page and component renders with: its place, chrome translator and URLs. */
export interface PageContext extends Place {
  readonly i18n: Translator;
  readonly links: Links;
}

export function pageContext(place: Place): PageContext {
  return { ...place, i18n: translator(place.locale), links: links(place) };
}

/** A page's context from its `locale` and `app` parameters, or the redirect or 404 to answer instead. */
export function openPage(params: { locale?: string; app?: string }, url: URL): PageContext | Response {
  const place = resolvePlace(params, url);
  return place instanceof Response ? place : pageContext(place);
}
