import type { Translated } from '../../domain/catalogue.ts';
import type { Random } from './random.ts';
import {
  ADJECTIVES,
  AGENTS,
  LANGUAGES,
  PACKAGE_NOTES,
  QUALIFIERS,
  RELEASE_NOTES,
  SENTENCES,
  type SeedLocale,
  SUBJECTS,
  type Subject,
  THEME_COLORS,
  THEME_SCENES,
  VERBS,
} from './words.ts';

/** The texts of one add-on, and the words that also decide its category, tags and release notes. */
export interface AddonText {
  readonly name: Translated;
  readonly summary: Translated;
  readonly description: Translated;
  /** A category slug for the add-on's type. */
  readonly category: string;
  readonly tags: readonly string[];
  /** English plural of what the add-on works on, for release notes. */
  readonly plural: string;
  /** Locale code of a dictionary or language pack. */
  readonly languageCode?: string;
}

function fill(template: string, name: string, plural: string): string {
  return template.replace('{name}', name).replace('{plural}', plural);
}

function describe(rng: Random, locale: SeedLocale, summary: string, name: string, plural: string): string {
  const others = SENTENCES[locale].filter((s) => fill(s, name, '') !== summary);
  const sentences = rng.sample(others, rng.int(2, 4)).map((s) => fill(s, name, plural));
  const separator = locale === 'ja' ? '' : ' ';
  return `${summary}\n\n${sentences.join(separator)}`;
}

function frenchOf(agent: string, subject: string): string {
  return /^[aeiouhéè]/i.test(subject) ? `${agent} d’${subject}` : `${agent} de ${subject}`;
}

/** An extension's name, summary and description in each of `locales` ("Quick Tab Sorter", "Tab-Sortierer"…). */
export function extensionText(rng: Random, locales: readonly SeedLocale[]): AddonText {
  const subject: Subject = rng.pick(SUBJECTS);
  const agent = rng.pick(AGENTS);
  const adjective = rng.chance(0.35) ? `${rng.pick(ADJECTIVES)} ` : '';
  const summaryEn = `${rng.pick(VERBS)} your ${subject.plural} ${rng.pick(QUALIFIERS)}.`;
  const name: Record<string, string> = {};
  const summary: Record<string, string> = {};
  const description: Record<string, string> = {};
  for (const locale of locales) {
    const localName =
      locale === 'de'
        ? `${subject.de}-${agent.de}`
        : locale === 'fr'
          ? frenchOf(agent.fr, subject.fr)
          : locale === 'es'
            ? `${agent.es} de ${subject.es}`
            : locale === 'ja'
              ? `${subject.ja}${agent.ja}`
              : `${adjective}${subject.en} ${agent.en}`;
    const localSummary = locale === 'en-US' ? summaryEn : fill(rng.pick(SENTENCES[locale]), localName, '');
    name[locale] = localName;
    summary[locale] = localSummary;
    description[locale] = describe(rng, locale, localSummary, localName, subject.plural);
  }
  return {
    name,
    summary,
    description,
    category: subject.category,
    tags: subject.tags,
    plural: subject.plural,
  };
}

/** A static theme: "Midnight Forest", English only as most themes on AMO. */
export function themeText(rng: Random): AddonText {
  const color = rng.pick(THEME_COLORS);
  const [scene, category] = rng.pick(THEME_SCENES);
  const name = `${color} ${scene}`;
  const summary = rng.pick([
    `A ${color.toLowerCase()} theme with ${scene.toLowerCase()} tones.`,
    `${name} for Firefox.`,
    `Calm ${color.toLowerCase()} colours, easy on the eyes.`,
  ]);
  const description = `${summary}\n\nMade with Firefox Color. Works best with the ${rng.pick(['light', 'dark'])} system appearance.`;
  return {
    name: { 'en-US': name },
    summary: { 'en-US': summary },
    description: { 'en-US': description },
    category,
    tags: [],
    plural: 'colours',
  };
}

/** A spell-checking dictionary for one of the seed languages. */
export function dictionaryText(rng: Random): AddonText {
  const [code, english, native] = rng.pick(LANGUAGES);
  const name = rng.pick([
    `${english} Dictionary`,
    `${english} Spellchecking Dictionary`,
    `${native} (${english}) Dictionary`,
  ]);
  const summary = `${english} spell-checking dictionary for Firefox.`;
  return {
    name: { 'en-US': name },
    summary: { 'en-US': summary },
    description: {
      'en-US': `${summary}\n\nBased on Hunspell word lists. Select it from the context menu of any text field.`,
    },
    category: 'general',
    tags: [],
    plural: 'word list',
    languageCode: code,
  };
}

/** A Firefox language pack, named as Mozilla names them. */
export function languagePackText(rng: Random): AddonText {
  const [code, english, native] = rng.pick(LANGUAGES);
  const name = `${native} (${code}) Language Pack`;
  const summary = `Firefox Language Pack for ${native} (${code}) – ${english}`;
  return {
    name: { 'en-US': name },
    summary: { 'en-US': summary },
    description: { 'en-US': `${summary}\n\nTranslates the Firefox interface.` },
    category: 'general',
    tags: [],
    plural: 'translations',
    languageCode: code,
  };
}

/** Release notes: one to three lines, "- " bulleted when several. */
export function releaseNotes(rng: Random, plural: string, extension: boolean): string {
  const lines = rng
    .sample(extension ? RELEASE_NOTES : PACKAGE_NOTES, rng.int(1, 3))
    .map((line) => fill(line, '', plural));
  return lines.length === 1 ? (lines[0] as string) : lines.map((line) => `- ${line}`).join('\n');
}

/** AMO-style slug: lowercase letters and digits of any script, other runs of characters become `-`. */
export function slugify(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/** Plain ASCII letters and digits joined by `-`, accents dropped (for filenames and guids). */
export function asciiSlug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
