import type { estypes } from '@elastic/elasticsearch';

/**
 * The Elasticsearch index of add-ons (one document per public add-on, `_id` = add-on id).
 *
 * Text fields hold the tokens Trove's own tokenizer made (`src/domain/search-ranking.ts`: lower case, no
 * diacritics, CJK characters apart), joined by spaces, and Elasticsearch only splits them on whitespace:
 * both engines then see the same words, and one contract suite holds for both. Names keep positions (for
 * phrases) and index prefixes (for the word being typed); the other text fields only record which document
 * has a word, as their matches score by tier, not by frequency.
 */
const tokens = { type: 'text', analyzer: 'trove_tokens' } as const;
const name = {
  ...tokens,
  index_prefixes: { min_chars: 1, max_chars: 19 },
  fields: { exact: { type: 'keyword' } },
} as const;
const presence = { ...tokens, index_options: 'docs', norms: false } as const;

export const ADDONS_INDEX = {
  settings: {
    number_of_shards: 1,
    max_result_window: 30_000,
    analysis: { analyzer: { trove_tokens: { type: 'custom', tokenizer: 'whitespace' } } },
  },
  mappings: {
    dynamic: 'strict',
    dynamic_templates: [{ name_locales: { path_match: 'name_l10n.*', mapping: name } }],
    properties: {
      id: { type: 'integer' },
      guid: { type: 'keyword' },
      slug: { type: 'keyword' },
      type: { type: 'byte' },
      /** The name in the add-on's default locale. */
      name_default: name,
      /** The name in each locale: `name_l10n.fr`… (the visitor's language counts like the default). */
      name_l10n: { type: 'object', dynamic: true },
      /** Every locale's name, for matches in any language. */
      name_all: { ...tokens, index_prefixes: { min_chars: 1, max_chars: 19 } },
      summary: presence,
      description: presence,
      tags_text: presence,
      tags: { type: 'keyword' },
      categories: { type: 'integer' },
      apps: { type: 'keyword' },
      promoted: { type: 'keyword' },
      average_daily_users: { type: 'long' },
      weekly_downloads: { type: 'long' },
      bayesian_rating: { type: 'double' },
      created: { type: 'date' },
      last_updated: { type: 'date' },
    },
  },
} satisfies { settings: estypes.IndicesIndexSettings; mappings: estypes.MappingTypeMapping };

/** One add-on as the index stores it. */
export interface EsAddon {
  readonly id: number;
  readonly guid: string;
  readonly slug: string;
  readonly type: number;
  readonly name_default: string;
  readonly name_l10n: Readonly<Record<string, string>>;
  readonly name_all: readonly string[];
  readonly summary: readonly string[];
  readonly description: readonly string[];
  readonly tags_text: readonly string[];
  readonly tags: readonly string[];
  readonly categories: readonly number[];
  readonly apps: readonly string[];
  readonly promoted: string | null;
  readonly average_daily_users: number;
  readonly weekly_downloads: number;
  readonly bayesian_rating: number;
  readonly created: string;
  readonly last_updated: string;
}
