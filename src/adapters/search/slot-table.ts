import { APP_SHORTS, type AppShort } from '../../domain/constants.ts';
import type { SearchDocument, SearchSort } from '../../domain/search.ts';
import { normalName, usageScore } from '../../domain/search-ranking.ts';

export type OrderKey = Exclude<SearchSort, 'relevance'>;

interface Order {
  slots: Int32Array;
  length: number;
  /** Slots from here on were added after the order was last brought up to date. */
  upTo: number;
}

/** Past this many new slots an order is sorted again rather than updated one insertion at a time. */
const REBUILD_AFTER = 2000;
const NO_NAMES: readonly string[] = [];

export function appBit(app: AppShort): number {
  return 1 << APP_SHORTS.indexOf(app);
}

function grown<T extends Int32Array | Uint8Array | Float64Array>(array: T, capacity: number): T {
  const next = new (array.constructor as new (n: number) => T)(capacity);
  next.set(array);
  return next;
}

/**
 * One row per slot, column by column (typed arrays: a few dozen bytes an add-on). A slot is never reused:
 * a replaced or removed add-on's slot is dead until `compact` renumbers the live ones.
 */
export class SlotTable {
  size = 0;
  id = new Int32Array(0);
  alive = new Uint8Array(0);
  type = new Uint8Array(0);
  apps = new Uint8Array(0);
  promoted = new Uint8Array(0);
  usage = new Float64Array(0);
  users = new Float64Array(0);
  downloads = new Float64Array(0);
  rating = new Float64Array(0);
  created = new Float64Array(0);
  updated = new Float64Array(0);
  /** Normalised names: the default locale's, then `locale, name` pairs for the other locales that differ. */
  names: (readonly string[])[] = [];
  readonly #orders = new Map<OrderKey, Order>();

  get capacity(): number {
    return this.id.length;
  }

  append(doc: SearchDocument): number {
    if (this.size === this.capacity) this.#grow(Math.max(1024, Math.ceil(this.capacity * 1.5)));
    const slot = this.size++;
    this.id[slot] = doc.id;
    this.alive[slot] = 1;
    this.type[slot] = doc.type;
    this.apps[slot] = doc.apps.reduce((bits, app) => bits | appBit(app), 0);
    this.promoted[slot] = doc.promoted ? 1 : 0;
    this.usage[slot] = usageScore(doc);
    this.users[slot] = doc.averageDailyUsers;
    this.downloads[slot] = doc.weeklyDownloads;
    this.rating[slot] = doc.bayesianRating;
    this.created[slot] = doc.created.getTime();
    this.updated[slot] = doc.lastUpdated.getTime();
    const normal = (text: string | undefined) => normalName(text ?? '');
    const first = normal(doc.name[doc.defaultLocale] ?? Object.values(doc.name)[0]);
    const names = [first];
    for (const [locale, text] of Object.entries(doc.name)) {
      const name = normal(text);
      if (name !== first) names.push(locale, name);
    }
    this.names[slot] = names;
    return slot;
  }

  kill(slot: number): void {
    this.alive[slot] = 0;
    this.names[slot] = NO_NAMES;
  }

  /** The names a visitor reads first (default locale, and `lang` when it differs), normalised. */
  primaryNames(slot: number, lang: string | undefined): string[] {
    const names = this.names[slot] ?? NO_NAMES;
    const out = [names[0] ?? ''];
    if (lang) {
      for (let i = 1; i < names.length; i += 2) if (names[i] === lang) out.push(names[i + 1] as string);
    }
    return out;
  }

  column(key: OrderKey): Float64Array {
    return this[key];
  }

  /** Live and dead slots by `key` descending, then add-on id ascending (callers skip dead ones). */
  order(key: OrderKey): { readonly slots: Int32Array; readonly length: number } {
    let order = this.#orders.get(key);
    if (!order || this.size - order.upTo > REBUILD_AFTER) {
      order = this.#sorted(key);
      this.#orders.set(key, order);
    }
    for (let slot = order.upTo; slot < this.size; slot++)
      if (this.alive[slot]) this.#insert(order, key, slot);
    order.upTo = this.size;
    return order;
  }

  /** Renumbers the live slots from 0, in the same order; returns old slot → new slot (-1: dead). */
  compact(): Int32Array {
    const remap = new Int32Array(this.size).fill(-1);
    const columns = [this.id, this.type, this.apps, this.promoted, this.usage, this.users, this.downloads];
    columns.push(this.rating, this.created, this.updated);
    let next = 0;
    for (let slot = 0; slot < this.size; slot++) {
      if (!this.alive[slot]) continue;
      for (const column of columns) column[next] = column[slot] as number;
      this.alive[next] = 1;
      this.names[next] = this.names[slot] as string[];
      remap[slot] = next++;
    }
    this.alive.fill(0, next);
    this.names.length = next;
    this.size = next;
    for (const order of this.#orders.values()) {
      let kept = 0;
      for (let i = 0; i < order.length; i++) {
        const slot = remap[order.slots[i] as number] as number;
        if (slot >= 0) order.slots[kept++] = slot;
      }
      order.length = kept;
      order.upTo = next;
    }
    return remap;
  }

  #sorted(key: OrderKey): Order {
    const column = this.column(key);
    const ids = this.id;
    const slots = new Int32Array(this.size);
    let length = 0;
    for (let slot = 0; slot < this.size; slot++) if (this.alive[slot]) slots[length++] = slot;
    slots
      .subarray(0, length)
      .sort(
        (a, b) => (column[b] as number) - (column[a] as number) || (ids[a] as number) - (ids[b] as number),
      );
    return { slots, length, upTo: this.size };
  }

  #insert(order: Order, key: OrderKey, slot: number): void {
    const column = this.column(key);
    const value = column[slot] as number;
    const id = this.id[slot] as number;
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const other = order.slots[mid] as number;
      const v = column[other] as number;
      if (v > value || (v === value && (this.id[other] as number) < id)) lo = mid + 1;
      else hi = mid;
    }
    if (order.length === order.slots.length) order.slots = grown(order.slots, order.length * 2 + 16);
    order.slots.copyWithin(lo + 1, lo, order.length);
    order.slots[lo] = slot;
    order.length++;
  }

  #grow(capacity: number): void {
    this.id = grown(this.id, capacity);
    this.alive = grown(this.alive, capacity);
    this.type = grown(this.type, capacity);
    this.apps = grown(this.apps, capacity);
    this.promoted = grown(this.promoted, capacity);
    this.usage = grown(this.usage, capacity);
    this.users = grown(this.users, capacity);
    this.downloads = grown(this.downloads, capacity);
    this.rating = grown(this.rating, capacity);
    this.created = grown(this.created, capacity);
    this.updated = grown(this.updated, capacity);
  }
}
