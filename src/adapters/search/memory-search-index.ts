import type { AppShort } from '../../domain/constants.ts';
import {
  MAX_RESULT_WINDOW,
  type SearchDocument,
  type SearchHit,
  type SearchIndex,
  type SearchQuery,
  type SearchResults,
} from '../../domain/search.ts';
import {
  type FieldIndex,
  matchTier,
  type ParsedQuery,
  parseQuery,
  relevanceScore,
  tokenize,
} from '../../domain/search-ranking.ts';
import { type Postings, PostingsMap } from './postings.ts';
import { appBit, type OrderKey, SlotTable } from './slot-table.ts';
import { topK } from './top-k.ts';

const AUTOCOMPLETE_MAX = 10;
const ORDER_KEYS: readonly OrderKey[] = ['users', 'rating', 'created', 'updated', 'downloads'];
/** Tidy (drop dead slots, pack lists) once this many slots are dead, or this many were added. */
const TIDY_DEAD = 1000;
const TIDY_ADDED = 20_000;

interface Source {
  readonly list: Postings;
  readonly field: FieldIndex;
}

/**
 * The built-in search engine: an inverted index in the process (no server), the default on every database.
 * Each field (name in every locale, summary, tags, description) maps tokens to ascending slots; a query
 * walks the postings of its words, keeping the slots every word reached and the worst field each needed,
 * then ranks them by the rules of `search-ranking.ts`. Searching is synchronous: one query at a time owns
 * the scratch arrays.
 */
export class MemorySearchIndex implements SearchIndex {
  readonly #table = new SlotTable();
  readonly #fields = [
    new PostingsMap({ prefixes: true }),
    new PostingsMap({ prefixes: false }),
    new PostingsMap({ prefixes: false }),
    new PostingsMap({ prefixes: false }),
  ] as const;
  readonly #tags = new PostingsMap({ prefixes: false });
  readonly #categories = new PostingsMap({ prefixes: false });
  readonly #slotOf = new Map<number, number>();
  #dead = 0;
  #added = 0;
  #stamp = 0;
  #mark = new Int32Array(0);
  #wordMark = new Int32Array(0);
  #filterMark = new Int32Array(0);
  #matched = new Uint8Array(0);
  #worst = new Uint8Array(0);
  #candidates = new Int32Array(0);
  #keys = new Float64Array(0);
  #ties = new Int32Array(0);

  /** An index holding every document of `source`, tidied. */
  static async load(source: AsyncIterable<readonly SearchDocument[]>): Promise<MemorySearchIndex> {
    const index = new MemorySearchIndex();
    for await (const batch of source) await index.upsert(batch);
    index.optimize();
    return index;
  }

  async upsert(docs: readonly SearchDocument[]): Promise<void> {
    for (const doc of docs) {
      this.#kill(doc.id);
      const slot = this.#table.append(doc);
      this.#slotOf.set(doc.id, slot);
      this.#added++;
      const [name, summary, tags, description] = this.#fields;
      for (const t of tokensOf(Object.values(doc.name))) name.add(t, slot);
      for (const t of tokensOf(Object.values(doc.summary))) summary.add(t, slot);
      for (const t of tokensOf(doc.tags)) tags.add(t, slot);
      for (const t of tokensOf(Object.values(doc.description))) description.add(t, slot);
      for (const tag of new Set(doc.tags)) this.#tags.add(tag, slot);
      for (const category of new Set(doc.categories)) this.#categories.add(String(category), slot);
    }
  }

  async remove(ids: readonly number[]): Promise<void> {
    for (const id of ids) this.#kill(id);
  }

  async search(query: SearchQuery): Promise<SearchResults> {
    this.#prepare();
    const parsed = parseQuery(query.q);
    const from = (query.page - 1) * query.pageSize;
    const end = Math.min(from + query.pageSize, MAX_RESULT_WINDOW);
    const accept = this.#filter(query);
    if (parsed.tokens.length === 0) {
      const sort = query.sort === undefined || query.sort === 'relevance' ? 'users' : query.sort;
      return this.#list(sort, accept, from, end);
    }
    const sort = query.sort ?? 'relevance';
    const matched = this.#match(parsed, 4, accept);
    const column = sort === 'relevance' ? null : this.#table.column(sort);
    for (let i = 0; i < matched; i++) {
      const slot = this.#candidates[i] as number;
      this.#keys[i] = column ? (column[slot] as number) : this.#score(slot, parsed, query.lang);
      this.#ties[i] = this.#table.id[slot] as number;
    }
    const best = from < end ? topK(matched, end, this.#keys, this.#ties) : new Int32Array(0);
    const hits: SearchHit[] = [];
    for (const position of best.subarray(from)) {
      const slot = this.#candidates[position] as number;
      const score = column ? this.#score(slot, parsed, query.lang) : (this.#keys[position] as number);
      hits.push({ id: this.#table.id[slot] as number, score });
    }
    return { count: Math.min(matched, MAX_RESULT_WINDOW), hits };
  }

  async autocomplete(
    q: string,
    opts: { readonly app?: AppShort; readonly lang?: string; readonly limit?: number },
  ): Promise<SearchHit[]> {
    this.#prepare();
    const parsed = parseQuery(q);
    const limit = Math.max(0, Math.min(opts.limit ?? AUTOCOMPLETE_MAX, AUTOCOMPLETE_MAX));
    if (parsed.tokens.length === 0 || limit === 0) return [];
    const accept = this.#filter({ app: opts.app });
    const matched = this.#match(parsed, 1, accept);
    for (let i = 0; i < matched; i++) {
      const slot = this.#candidates[i] as number;
      this.#keys[i] = this.#score(slot, parsed, opts.lang);
      this.#ties[i] = this.#table.id[slot] as number;
    }
    return Array.from(topK(matched, limit, this.#keys, this.#ties), (position) => ({
      id: this.#table.id[this.#candidates[position] as number] as number,
      score: this.#keys[position] as number,
    }));
  }

  /** Drops dead slots, packs postings and sorts the listings; searches do it themselves when enough changed. */
  optimize(): void {
    const remap = this.#dead > 0 ? this.#table.compact() : null;
    for (const postings of [...this.#fields, this.#tags, this.#categories]) postings.tidy(remap);
    if (remap) for (const [id, slot] of this.#slotOf) this.#slotOf.set(id, remap[slot] as number);
    for (const key of ORDER_KEYS) this.#table.order(key);
    this.#dead = 0;
    this.#added = 0;
  }

  stats(): { documents: number; slots: number; postings: number } {
    const postings = this.#fields.reduce((sum, field) => sum + field.postings, 0);
    return { documents: this.#slotOf.size, slots: this.#table.size, postings };
  }

  #kill(id: number): void {
    const slot = this.#slotOf.get(id);
    if (slot === undefined) return;
    this.#table.kill(slot);
    this.#slotOf.delete(id);
    this.#dead++;
  }

  #prepare(): void {
    if (this.#dead >= TIDY_DEAD || this.#added >= TIDY_ADDED) this.optimize();
    const capacity = this.#table.capacity;
    if (this.#mark.length < capacity) {
      this.#mark = new Int32Array(capacity);
      this.#wordMark = new Int32Array(capacity);
      this.#filterMark = new Int32Array(capacity);
      this.#matched = new Uint8Array(capacity);
      this.#worst = new Uint8Array(capacity);
      this.#candidates = new Int32Array(capacity);
      this.#keys = new Float64Array(capacity);
      this.#ties = new Int32Array(capacity);
      this.#stamp = 0;
    }
    if (this.#stamp > 0x3fffffff) {
      for (const marks of [this.#mark, this.#wordMark, this.#filterMark]) marks.fill(0);
      this.#stamp = 0;
    }
  }

  #score(slot: number, query: ParsedQuery, lang: string | undefined): number {
    const worst = this.#worst[slot] as FieldIndex;
    const names = worst === 0 ? this.#table.primaryNames(slot, lang) : [];
    return relevanceScore(matchTier(worst, names, query), this.#table.usage[slot] as number);
  }

  /** Every word's postings in the first `fields` fields (the last word also by prefix, in names). */
  #sources(query: ParsedQuery, fields: number): Source[][] {
    const words = [...new Set(query.tokens)];
    const prefix = query.lastIsPrefix ? query.tokens.at(-1) : undefined;
    const lists = words.map((word) => {
      const sources: Source[] = [];
      const names = word === prefix ? this.#fields[0].withPrefix(word) : [word];
      for (const name of names) {
        const list = this.#fields[0].get(name);
        if (list) sources.push({ list, field: 0 });
      }
      for (let f = 1; f < fields; f++) {
        const list = this.#fields[f as FieldIndex].get(word);
        if (list) sources.push({ list, field: f as FieldIndex });
      }
      return sources;
    });
    const size = (sources: Source[]) => sources.reduce((sum, s) => sum + s.list.length, 0);
    return lists.sort((a, b) => size(a) - size(b));
  }

  /** Leaves the accepted slots every word matched in `#candidates[0, n)`, with their worst field; returns n. */
  #match(query: ParsedQuery, fields: number, accept: (slot: number) => boolean): number {
    const words = this.#sources(query, fields);
    if (words.some((sources) => sources.length === 0)) return 0;
    const queryStamp = ++this.#stamp;
    let count = 0;
    for (const { list, field } of words[0] ?? []) {
      for (let i = 0; i < list.length; i++) {
        const slot = list[i] as number;
        if (this.#mark[slot] === queryStamp) continue;
        this.#mark[slot] = queryStamp;
        this.#matched[slot] = 1;
        this.#worst[slot] = field;
        this.#candidates[count++] = slot;
      }
    }
    for (let w = 1; w < words.length; w++) {
      const wordStamp = ++this.#stamp;
      for (const { list, field } of words[w] as Source[]) {
        for (let i = 0; i < list.length; i++) {
          const slot = list[i] as number;
          if (
            this.#mark[slot] !== queryStamp ||
            this.#matched[slot] !== w ||
            this.#wordMark[slot] === wordStamp
          )
            continue;
          this.#wordMark[slot] = wordStamp;
          this.#matched[slot] = w + 1;
          if (field > (this.#worst[slot] as number)) this.#worst[slot] = field;
        }
      }
    }
    let kept = 0;
    for (let i = 0; i < count; i++) {
      const slot = this.#candidates[i] as number;
      if (this.#matched[slot] === words.length && this.#table.alive[slot] && accept(slot)) {
        this.#candidates[kept++] = slot;
      }
    }
    return kept;
  }

  #list(sort: OrderKey, accept: (slot: number) => boolean, from: number, end: number): SearchResults {
    const order = this.#table.order(sort);
    const hits: SearchHit[] = [];
    let count = 0;
    for (let i = 0; i < order.length && count < MAX_RESULT_WINDOW; i++) {
      const slot = order.slots[i] as number;
      if (!this.#table.alive[slot] || !accept(slot)) continue;
      if (count >= from && count < end) hits.push({ id: this.#table.id[slot] as number, score: 0 });
      count++;
    }
    return { count, hits };
  }

  #filter(
    query: Pick<SearchQuery, 'types' | 'categoryId' | 'app' | 'tag' | 'promoted'>,
  ): (slot: number) => boolean {
    const table = this.#table;
    const types = query.types?.length ? new Set<number>(query.types) : null;
    const app = query.app ? appBit(query.app) : 0;
    const promoted = query.promoted === true;
    const sets: (Postings | undefined)[] = [];
    if (query.categoryId !== undefined) sets.push(this.#categories.get(String(query.categoryId)));
    if (query.tag !== undefined) sets.push(this.#tags.get(query.tag));
    if (sets.some((set) => set === undefined)) return () => false;
    let required = 0;
    for (const set of sets as Postings[]) {
      const previous = required;
      required = ++this.#stamp;
      for (let i = 0; i < set.length; i++) {
        const slot = set[i] as number;
        if (previous === 0 || this.#filterMark[slot] === previous) this.#filterMark[slot] = required;
      }
    }
    return (slot) =>
      (types === null || types.has(table.type[slot] as number)) &&
      (app === 0 || ((table.apps[slot] as number) & app) !== 0) &&
      (!promoted || table.promoted[slot] === 1) &&
      (required === 0 || this.#filterMark[slot] === required);
  }
}

function tokensOf(texts: readonly string[]): Set<string> {
  const tokens = new Set<string>();
  for (const text of texts) for (const token of tokenize(text)) tokens.add(token);
  return tokens;
}
