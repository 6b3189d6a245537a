import type { Translated } from './catalogue.ts';
import { MAX_QUERY_LENGTH } from './search.ts';

/**
 * Search relevance, once for every engine (src/adapters/search/README.md explains the rules).
 * Text is compared as tokens: lower case, diacritics removed, split on anything that is not a letter or a
 * digit; each Chinese, Japanese or Korean character is a token of its own.
 */

const DIACRITICS = /[\u0300-\u036f]/g;
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const MARK = /\p{M}/u;

/** At most this many words of a query count (AMO's 100 characters allow 50). */
export const MAX_QUERY_WORDS = 16;

const NON_ASCII = /[^\x20-\x7e\t\n\r]/;

export function normalizeText(text: string): string {
  const lower = text.toLowerCase();
  // Most text is ASCII, which Unicode normalisation leaves as it is.
  return !NON_ASCII.test(lower) ? lower : lower.normalize('NFKD').replace(DIACRITICS, '').normalize('NFC');
}

export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const [run] of normalizeText(text).matchAll(WORD)) {
    if (!CJK.test(run)) {
      tokens.push(run);
      continue;
    }
    let word = '';
    let lastWasCjk = false;
    for (const ch of run) {
      if (CJK.test(ch)) {
        if (word) tokens.push(word);
        word = '';
        tokens.push(ch);
        lastWasCjk = true;
      } else if (lastWasCjk && MARK.test(ch)) {
        tokens[tokens.length - 1] += ch;
      } else {
        word += ch;
        lastWasCjk = false;
      }
    }
    if (word) tokens.push(word);
  }
  return tokens;
}

export interface ParsedQuery {
  readonly tokens: readonly string[];
  /** The tokens joined by single spaces, as names are stored. */
  readonly text: string;
  /** The last word is still being typed (no space or punctuation after it): it may match a name word's start. */
  readonly lastIsPrefix: boolean;
}

export function parseQuery(q: string): ParsedQuery {
  const raw = q.slice(0, MAX_QUERY_LENGTH);
  const tokens = tokenize(raw).slice(0, MAX_QUERY_WORDS);
  const lastIsPrefix = tokens.length > 0 && /[\p{L}\p{N}\p{M}]$/u.test(normalizeText(raw));
  return { tokens, text: tokens.join(' '), lastIsPrefix };
}

/** A name as the rules compare it: its tokens joined by single spaces. */
export function normalName(name: string): string {
  return tokenize(name).join(' ');
}

/** Where a word matched, best first: a query's tier is decided by the worst field one of its words needed. */
export const FIELDS = ['name', 'summary', 'tags', 'description'] as const;
export type FieldIndex = 0 | 1 | 2 | 3;

/** Tiers, best first; a higher tier always outranks a lower one, whatever the usage. */
export const TIER = {
  exactName: 7,
  namePhrase: 6,
  nameWords: 5,
  otherLocaleName: 4,
  summary: 3,
  tags: 2,
  description: 1,
} as const;
export const TIER_STEP = 1000;
const TIER_OF_WORST_FIELD = [TIER.otherLocaleName, TIER.summary, TIER.tags, TIER.description] as const;

export const RATING_WEIGHT = 0.2;
export const PROMOTED_BOOST = 0.5;

/** The within-tier part of a score: log10(1 + daily users), plus a little for rating and promotion (< 10). */
export function usageScore(doc: {
  readonly averageDailyUsers: number;
  readonly bayesianRating: number;
  readonly promoted: string | null;
}): number {
  const users = Math.log10(1 + Math.max(0, doc.averageDailyUsers));
  return users + RATING_WEIGHT * Math.max(0, doc.bayesianRating) + (doc.promoted ? PROMOTED_BOOST : 0);
}

export function relevanceScore(tier: number, usage: number): number {
  return tier * TIER_STEP + usage;
}

/** Whether `words` occur in `name` starting on a word; and ending on one, unless `open` (still typed). */
function hasWords(name: string, words: string, open: boolean): boolean {
  for (let at = name.indexOf(words); at >= 0; at = name.indexOf(words, at + 1)) {
    const end = at + words.length;
    const starts = at === 0 || name.charCodeAt(at - 1) === 32;
    if (starts && (open || end === name.length || name.charCodeAt(end) === 32)) return true;
  }
  return false;
}

/**
 * Tiers 7–5 against one name (in the visitor's language or the default locale, see `normalName`), or 0.
 * Works on the joined text so that ranking thousands of name matches allocates nothing.
 */
export function nameTier(name: string, query: ParsedQuery): number {
  const q = query.tokens;
  if (q.length === 0) return 0;
  if (name === query.text) return TIER.exactName;
  if (hasWords(name, query.text, query.lastIsPrefix)) return TIER.namePhrase;
  for (let i = 0; i < q.length - 1; i++) if (!hasWords(name, q[i] as string, false)) return 0;
  return hasWords(name, q[q.length - 1] as string, query.lastIsPrefix) ? TIER.nameWords : 0;
}

/** The tier of a match whose words all matched, the worst of them in `worstField` (0: every word in a name). */
export function matchTier(
  worstField: FieldIndex,
  primaryNames: readonly string[],
  query: ParsedQuery,
): number {
  if (worstField === 0) {
    let best = 0;
    for (const name of primaryNames) best = Math.max(best, nameTier(name, query));
    if (best > 0) return best;
  }
  return TIER_OF_WORST_FIELD[worstField];
}

/** The names a visitor reads first: in their language, and in the add-on's default locale. */
export function primaryNames(name: Translated, defaultLocale: string, lang: string | undefined): string[] {
  const names = [name[defaultLocale] ?? Object.values(name)[0]];
  if (lang && lang !== defaultLocale) names.push(name[lang]);
  return names.filter((n): n is string => n !== undefined);
}

export interface ScorableDocument {
  readonly defaultLocale: string;
  readonly name: Translated;
  readonly summary: Translated;
  readonly description: Translated;
  readonly tags: readonly string[];
  readonly averageDailyUsers: number;
  readonly bayesianRating: number;
  readonly promoted: string | null;
}

/** Each field's tokens, every locale together (the name's too). */
export function fieldTokens(doc: ScorableDocument): [Set<string>, Set<string>, Set<string>, Set<string>] {
  const of = (texts: readonly string[]) => new Set(texts.flatMap(tokenize));
  return [
    of(Object.values(doc.name)),
    of(Object.values(doc.summary)),
    of(doc.tags),
    of(Object.values(doc.description)),
  ];
}

/**
 * The reference rules on one document: null unless every word matches somewhere (a name word, the last word
 * also as the start of a name word; or a summary, tag or description word), else the relevance score.
 * `fields` limits where words may match (autocomplete: names only).
 */
export function scoreDocument(
  doc: ScorableDocument,
  query: ParsedQuery,
  lang: string | undefined,
  fields: number = FIELDS.length,
): number | null {
  const tokens = fieldTokens(doc);
  const last = query.tokens.length - 1;
  let worst = 0;
  for (const [i, word] of query.tokens.entries()) {
    const prefix = i === last && query.lastIsPrefix;
    let found = -1;
    for (let f = 0; f < fields && found < 0; f++) {
      const set = tokens[f] as Set<string>;
      if (set.has(word) || (f === 0 && prefix && [...set].some((t) => t.startsWith(word)))) found = f;
    }
    if (found < 0) return null;
    worst = Math.max(worst, found);
  }
  const names = primaryNames(doc.name, doc.defaultLocale, lang).map(normalName);
  return relevanceScore(matchTier(worst as FieldIndex, names, query), usageScore(doc));
}
