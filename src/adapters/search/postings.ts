/**
 * Slots (the index's internal document numbers) per token, ascending. A list grows as a plain array and is
 * packed into an Int32Array by `tidy` once it is long enough to be worth it (4 bytes a slot instead of 8).
 */
export type Postings = number[] | Int32Array;

const PACK_FROM = 16;

function pack(list: number[]): Postings {
  return list.length >= PACK_FROM ? Int32Array.from(list) : list;
}

/** Postings by key; optionally keeps its keys sorted for prefix lookups. */
export class PostingsMap {
  readonly #lists = new Map<string, Postings>();
  readonly #prefixes: boolean;
  #sorted: string[] | null = null;
  #added: string[] = [];
  #count = 0;

  constructor(opts: { prefixes: boolean }) {
    this.#prefixes = opts.prefixes;
  }

  /** Appends `slot`; slots must be added in increasing order (new slots are always the highest). */
  add(key: string, slot: number): void {
    this.#count++;
    const list = this.#lists.get(key);
    if (!list) {
      this.#lists.set(key, [slot]);
      if (this.#prefixes) this.#added.push(key);
    } else if (Array.isArray(list)) {
      list.push(slot);
    } else {
      const grown = Array.from(list);
      grown.push(slot);
      this.#lists.set(key, grown);
    }
  }

  get(key: string): Postings | undefined {
    return this.#lists.get(key);
  }

  get postings(): number {
    return this.#count;
  }

  /** Keys starting with `prefix`, the prefix itself included when present. */
  withPrefix(prefix: string): string[] {
    const keys = this.#sortedKeys();
    const out: string[] = [];
    for (let i = lowerBound(keys, prefix); i < keys.length && (keys[i] as string).startsWith(prefix); i++)
      out.push(keys[i] as string);
    return out;
  }

  /**
   * Packs long lists; with `remap` (old slot → new slot, or -1 for a dead one, increasing), also drops dead
   * slots and renumbers the rest, and forgets keys left with no slot.
   */
  tidy(remap: Int32Array | null): void {
    this.#count = 0;
    for (const [key, list] of this.#lists) {
      let next: number[];
      if (remap) {
        next = [];
        for (let i = 0; i < list.length; i++) {
          const slot = remap[list[i] as number] as number;
          if (slot >= 0) next.push(slot);
        }
      } else if (Array.isArray(list)) {
        next = list;
      } else {
        this.#count += list.length;
        continue;
      }
      this.#count += next.length;
      if (next.length === 0) this.#lists.delete(key);
      else this.#lists.set(key, pack(next));
    }
    if (remap) this.#sorted = null;
  }

  #sortedKeys(): string[] {
    if (this.#sorted === null || this.#added.length > 256) {
      this.#sorted = [...this.#lists.keys()].sort();
    } else {
      for (const key of this.#added) this.#sorted.splice(lowerBound(this.#sorted, key), 0, key);
    }
    this.#added = [];
    return this.#sorted;
  }
}

function lowerBound(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((keys[mid] as string) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
