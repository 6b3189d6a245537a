import { type Category, findCategory } from '../domain/categories.ts';
import { ADDON_TYPES, type AddonTypeName } from '../domain/constants.ts';
import type { SearchSort } from '../domain/search.ts';
import { parsePage, parseQuery, parseSearchSort } from './params.ts';

/** The search page's parameters, in AMO's names: `q`, `type`, `category`, `sort`, `promoted`, `page`. */
export interface SearchPageParams {
  readonly q: string;
  readonly type: AddonTypeName | undefined;
  readonly category: Category | undefined;
  readonly sort: SearchSort | undefined;
  readonly promoted: boolean;
  /** Null: not a page number within the result window. */
  readonly page: number | null;
}

function isTypeName(value: string | null): value is AddonTypeName {
  return value !== null && Object.hasOwn(ADDON_TYPES, value);
}

/** Unknown values are dropped rather than refused; a category without a type implies its type. */
export function parseSearchParams(params: URLSearchParams): SearchPageParams {
  const typeParam = params.get('type');
  const slug = params.get('category') ?? '';
  const category = isTypeName(typeParam)
    ? findCategory(typeParam, slug)
    : (findCategory('extension', slug) ?? findCategory('statictheme', slug));
  return {
    q: parseQuery(params.get('q')),
    type: isTypeName(typeParam) ? typeParam : category?.type,
    category: category ?? undefined,
    sort: parseSearchSort(params.get('sort')),
    promoted: Boolean(params.get('promoted')),
    page: parsePage(params.get('page')),
  };
}
