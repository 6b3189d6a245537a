import { de } from './de.ts';
import { type Dictionary, enUS, type MessageKey } from './en-us.ts';
import { fr } from './fr.ts';
import type { Message } from './types.ts';

export type { MessageKey } from './en-us.ts';

/** Locales the page chrome is written in; add-on texts may come in any locale. */
export const LOCALES = ['en-US', 'de', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en-US';

/** The names each locale is offered under, in its own language. */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = {
  'en-US': 'English (US)',
  de: 'Deutsch',
  fr: 'Français',
};

const DICTIONARIES: Readonly<Record<Locale, Dictionary>> = { 'en-US': enUS, de, fr };

export function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}

/** The supported locale spelt differently (`en-us`, `FR`), or null. */
export function matchLocale(value: string): Locale | null {
  return LOCALES.find((l) => l.toLowerCase() === value.toLowerCase()) ?? null;
}

export type Vars = Readonly<Record<string, string | number>>;

export interface Translator {
  readonly locale: Locale;
  /** The message in this locale, else in en-US, with `{name}` replaced by `vars`. */
  t(key: MessageKey, vars?: Vars): string;
  /** The plural form for `count` (formatted as `{count}`). */
  plural(key: MessageKey, count: number, vars?: Vars): string;
  number(n: number): string;
  /** A file size in KB or MB (1024-based, as AMO shows them). */
  bytes(n: number): string;
  /** A day, in UTC so that every origin renders the same page. */
  date(d: Date): string;
}

function fill(text: string, vars: Vars | undefined): string {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => String(vars[name] ?? whole));
}

function translatorFor(locale: Locale): Translator {
  const dictionary = DICTIONARIES[locale];
  const numbers = new Intl.NumberFormat(locale);
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const plurals = new Intl.PluralRules(locale);
  const unit = (u: 'kilobyte' | 'megabyte') =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: u, maximumFractionDigits: 1 });
  const [kb, mb] = [unit('kilobyte'), unit('megabyte')];
  const lookup = (key: MessageKey): Message => dictionary[key] ?? enUS[key];
  return {
    locale,
    t(key, vars) {
      const message = lookup(key);
      return fill(typeof message === 'string' ? message : message.other, vars);
    },
    plural(key, count, vars) {
      const message = lookup(key);
      const text = typeof message === 'string' ? message : (message[plurals.select(count)] ?? message.other);
      return fill(text, { ...vars, count: numbers.format(count) });
    },
    number: (n) => numbers.format(n),
    bytes: (n) => (n < 1024 * 1024 ? kb.format(n / 1024) : mb.format(n / (1024 * 1024))),
    date: (d) => dates.format(d),
  };
}

const TRANSLATORS = new Map(LOCALES.map((l) => [l, translatorFor(l)]));

export function translator(locale: Locale): Translator {
  return TRANSLATORS.get(locale) ?? translatorFor(locale);
}
