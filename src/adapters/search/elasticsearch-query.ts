import type { estypes } from '@elastic/elasticsearch';
import type { EsAddon } from '../../../infra/search/addons-mapping.ts';
import type { AppShort } from '../../domain/constants.ts';
import { MAX_RESULT_WINDOW, type SearchDocument, type SearchQuery } from '../../domain/search.ts';
import {
  normalName,
  type ParsedQuery,
  PROMOTED_BOOST,
  parseQuery,
  RATING_WEIGHT,
  TIER,
  TIER_STEP,
} from '../../domain/search-ranking.ts';
import type { OrderKey } from './slot-table.ts';

type Query = estypes.QueryDslQueryContainer;

const SORT_FIELDS: Record<OrderKey, string> = {
  users: 'average_daily_users',
  rating: 'bayesian_rating',
  created: 'created',
  updated: 'last_updated',
  downloads: 'weekly_downloads',
};
const ALL_FIELDS = ['name_all', 'summary', 'tags_text', 'description'];
/** How many words the typed prefix may stand for in a name phrase (Elasticsearch's own limit, raised). */
const PHRASE_PREFIX_EXPANSIONS = 200;
const LOCALE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

const normal = normalName;

export function toEsAddon(doc: SearchDocument): EsAddon {
  const locales = Object.entries(doc.name).map(([locale, text]) => [locale, normal(text)] as const);
  const values = (texts: readonly string[]) => texts.map(normal).filter((text) => text !== '');
  return {
    id: doc.id,
    guid: doc.guid,
    slug: doc.slug,
    type: doc.type,
    name_default: normal(doc.name[doc.defaultLocale] ?? Object.values(doc.name)[0] ?? ''),
    name_l10n: Object.fromEntries(locales.filter(([locale]) => LOCALE.test(locale))),
    name_all: values(Object.values(doc.name)),
    summary: values(Object.values(doc.summary)),
    description: values(Object.values(doc.description)),
    tags_text: values(doc.tags),
    tags: doc.tags,
    categories: doc.categories,
    apps: doc.apps,
    promoted: doc.promoted,
    average_daily_users: doc.averageDailyUsers,
    weekly_downloads: doc.weeklyDownloads,
    bayesian_rating: doc.bayesianRating,
    created: doc.created.toISOString(),
    last_updated: doc.lastUpdated.toISOString(),
  };
}

/** Every word somewhere in `fields` (the word being typed also as the start of a name word). */
function allWords(query: ParsedQuery, fields: readonly string[]): Query {
  const typed = query.lastIsPrefix ? query.tokens.at(-1) : undefined;
  const words = [...new Set(query.tokens)];
  return {
    bool: {
      filter: words.map((word): Query => {
        const anywhere: Query = { multi_match: { query: word, fields: [...fields] } };
        if (word !== typed) return anywhere;
        return { bool: { should: [anywhere, { prefix: { name_all: word } }], minimum_should_match: 1 } };
      }),
    },
  };
}

/** Every word in this one name field, the typed one as a prefix. */
function wordsOfName(query: ParsedQuery, field: string): Query {
  const typed = query.lastIsPrefix ? query.tokens.at(-1) : undefined;
  return {
    bool: {
      filter: [...new Set(query.tokens)].map(
        (word): Query => (word === typed ? { prefix: { [field]: word } } : { term: { [field]: word } }),
      ),
    },
  };
}

const tier = (value: number, filter: Query): Query => ({
  constant_score: { filter, boost: value * TIER_STEP },
});
const either = (queries: Query[]): Query => ({ bool: { should: queries, minimum_should_match: 1 } });

/** The tiers of `search-ranking.ts` as constant scores; `dis_max` keeps the best one a document reaches. */
function tiers(query: ParsedQuery, lang: string | undefined, fields: number): Query {
  const names = ['name_default'];
  if (lang && LOCALE.test(lang)) names.push(`name_l10n.${lang}`);
  const text = query.text;
  const phrase = (field: string): Query =>
    query.lastIsPrefix
      ? { match_phrase_prefix: { [field]: { query: text, max_expansions: PHRASE_PREFIX_EXPANSIONS } } }
      : { match_phrase: { [field]: text } };
  const queries = [
    tier(TIER.exactName, either(names.map((field) => ({ term: { [`${field}.exact`]: text } })))),
    tier(TIER.namePhrase, either(names.map(phrase))),
    tier(TIER.nameWords, either(names.map((field) => wordsOfName(query, field)))),
    tier(TIER.otherLocaleName, allWords(query, ['name_all'])),
  ];
  if (fields > 1) {
    queries.push(
      tier(TIER.summary, allWords(query, ALL_FIELDS.slice(0, 2))),
      tier(TIER.tags, allWords(query, ALL_FIELDS.slice(0, 3))),
      tier(TIER.description, { match_all: {} }),
    );
  }
  return { dis_max: { queries } };
}

/** Tier score plus usage, as `usageScore`: log10(1 + users) + 0.2 × rating + 0.5 if promoted. */
function ranked(query: ParsedQuery, lang: string | undefined, fields: number, filters: Query[]): Query {
  return {
    function_score: {
      query: {
        bool: {
          filter: [allWords(query, ALL_FIELDS.slice(0, fields)), ...filters],
          must: [tiers(query, lang, fields)],
        },
      },
      functions: [
        { field_value_factor: { field: 'average_daily_users', modifier: 'log1p', missing: 0 } },
        { field_value_factor: { field: 'bayesian_rating', factor: RATING_WEIGHT, missing: 0 } },
        { filter: { exists: { field: 'promoted' } }, weight: PROMOTED_BOOST },
      ],
      score_mode: 'sum',
      boost_mode: 'sum',
    },
  };
}

function filtersOf(
  query: Partial<Pick<SearchQuery, 'types' | 'categoryId' | 'app' | 'tag' | 'promoted'>>,
): Query[] {
  const filters: Query[] = [];
  if (query.types?.length) filters.push({ terms: { type: [...query.types] } });
  if (query.categoryId !== undefined) filters.push({ term: { categories: query.categoryId } });
  if (query.app) filters.push({ term: { apps: query.app } });
  if (query.tag !== undefined) filters.push({ term: { tags: query.tag } });
  if (query.promoted) filters.push({ exists: { field: 'promoted' } });
  return filters;
}

const BY_SCORE: estypes.SortCombinations[] = [{ _score: { order: 'desc' } }, { id: { order: 'asc' } }];

/** The search request for `query` on `index`; past the result window it only counts. */
export function searchRequest(index: string, query: SearchQuery): estypes.SearchRequest {
  const start = (query.page - 1) * query.pageSize;
  const past = start >= MAX_RESULT_WINDOW;
  const parsed = parseQuery(query.q);
  const filters = filtersOf(query);
  const hasText = parsed.tokens.length > 0;
  const sort = query.sort ?? (hasText ? 'relevance' : 'users');
  const key: OrderKey = sort === 'relevance' ? 'users' : sort;
  return {
    index,
    from: past ? 0 : start,
    size: past ? 0 : Math.min(query.pageSize, MAX_RESULT_WINDOW - start),
    track_total_hits: MAX_RESULT_WINDOW,
    _source: false,
    query: hasText ? ranked(parsed, query.lang, ALL_FIELDS.length, filters) : { bool: { filter: filters } },
    sort:
      hasText && sort === 'relevance'
        ? BY_SCORE
        : [{ [SORT_FIELDS[key]]: { order: 'desc' } }, { id: { order: 'asc' } }],
    ...(hasText && sort !== 'relevance' ? { track_scores: true } : {}),
  };
}

/** The autocomplete request; null when `q` has no word. */
export function autocompleteRequest(
  index: string,
  q: string,
  opts: { readonly app?: AppShort; readonly lang?: string; readonly limit: number },
): estypes.SearchRequest | null {
  const parsed = parseQuery(q);
  if (parsed.tokens.length === 0) return null;
  return {
    index,
    size: opts.limit,
    track_total_hits: false,
    _source: false,
    query: ranked(parsed, opts.lang, 1, filtersOf({ app: opts.app })),
    sort: BY_SCORE,
  };
}
