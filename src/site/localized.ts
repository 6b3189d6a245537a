import { type Translated, translate } from '../domain/catalogue.ts';

/** An add-on's text in the visitor's locale, or its fallback, with the locale it is really in (`lang`). */
export interface LocalizedText {
  readonly text: string;
  readonly lang: string;
}

export function localized(text: Translated, locale: string, defaultLocale: string): LocalizedText {
  const lang =
    text[locale] !== undefined
      ? locale
      : text[defaultLocale] !== undefined
        ? defaultLocale
        : (Object.keys(text)[0] ?? defaultLocale);
  return { text: translate(text, locale, defaultLocale), lang };
}
