import { memoryUsage } from 'node:process';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { MemorySearchIndex } from '../../src/adapters/search/memory-search-index.ts';
import { openDatabase } from '../../src/adapters/sql/open-database.ts';
import { SqlSearchDocuments } from '../../src/adapters/sql/search-documents.ts';
import { categoriesForType } from '../../src/domain/categories.ts';
import { ADDON_TYPES } from '../../src/domain/constants.ts';
import type { SearchQuery, SearchSort } from '../../src/domain/search.ts';
import { Random } from '../../src/services/seed/random.ts';
import {
  ADJECTIVES,
  AGENTS,
  LANGUAGES,
  SUBJECTS,
  THEME_COLORS,
  THEME_SCENES,
} from '../../src/services/seed/words.ts';
import { ensureCatalogue, ROOT } from './catalogues.ts';

type Autocomplete = { q: string; lang?: string };

/** What people type: name fragments from the seed vocabulary, some random word pairs, some localized. */
function queries(rng: Random, count: number): SearchQuery[] {
  const word = () =>
    rng.pick([rng.pick(SUBJECTS).en, rng.pick(AGENTS).en, rng.pick(ADJECTIVES), rng.pick(THEME_COLORS)]);
  const phrase = (): string[] => {
    const [subject, agent, adjective] = [rng.pick(SUBJECTS).en, rng.pick(AGENTS).en, rng.pick(ADJECTIVES)];
    return rng.pick([
      [subject],
      [agent],
      [subject, agent],
      [adjective, subject],
      [adjective, subject, agent],
      [rng.pick(THEME_COLORS), rng.pick(THEME_SCENES)[0]],
      [rng.pick(LANGUAGES)[1], 'dictionary'],
      [word(), word()],
      [word(), word(), word()],
    ]);
  };
  const extensionCategories = categoriesForType('extension');
  const sorts: SearchSort[] = ['users', 'rating', 'created', 'updated', 'downloads'];
  return Array.from({ length: count }, (): SearchQuery => {
    const localized = rng.chance(0.1) ? rng.pick(['fr', 'de'] as const) : null;
    const words = localized
      ? [rng.pick(SUBJECTS)[localized], rng.pick(AGENTS)[localized]].slice(0, rng.int(1, 2))
      : phrase();
    let q = words.join(' ').toLowerCase();
    if (rng.chance(0.2)) q = q.slice(0, Math.max(2, q.length - rng.int(1, 4)));
    return {
      q,
      page: rng.chance(0.15) ? rng.int(2, 5) : 1,
      pageSize: rng.pick([10, 20, 25, 50]),
      lang: localized ?? undefined,
      sort: rng.chance(0.15) ? rng.pick(sorts) : undefined,
      app: rng.chance(0.3) ? rng.pick(['firefox', 'android'] as const) : undefined,
      types: rng.chance(0.2) ? [ADDON_TYPES.extension] : undefined,
      categoryId: rng.chance(0.1) ? rng.pick(extensionCategories).id : undefined,
      promoted: rng.chance(0.03) ? true : undefined,
    };
  });
}

/** Browse pages with no text: filters and sorts only. */
function listings(rng: Random, count: number): SearchQuery[] {
  const sorts: SearchSort[] = ['users', 'rating', 'created', 'updated', 'downloads'];
  return Array.from({ length: count }, () => ({
    q: '',
    page: rng.int(1, 3),
    pageSize: 25,
    sort: rng.pick(sorts),
    types: [rng.pick(Object.values(ADDON_TYPES))],
    app: rng.chance(0.5) ? ('firefox' as const) : undefined,
  }));
}

function prefixes(rng: Random, count: number): Autocomplete[] {
  return Array.from({ length: count }, () => {
    const text = rng.chance(0.5)
      ? `${rng.pick(SUBJECTS).en} ${rng.pick(AGENTS).en}`
      : `${rng.pick(ADJECTIVES)} ${rng.pick(SUBJECTS).en}`;
    return { q: text.toLowerCase().slice(0, rng.int(2, text.length)) };
  });
}

function percentiles(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
  const ms = (n: number) => n.toFixed(2);
  return `p50 ${ms(at(50))} ms, p95 ${ms(at(95))} ms, p99 ${ms(at(99))} ms, max ${ms(sorted.at(-1) ?? 0)} ms`;
}

async function timed<T>(items: readonly T[], run: (item: T) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (const item of items) {
    const started = performance.now();
    await run(item);
    samples.push(performance.now() - started);
  }
  return samples;
}

function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** `npm run bench -- search [--addons N] [--queries N]`: the built-in engine over the bench catalogue. */
export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { addons: { type: 'string', default: '300000' }, queries: { type: 'string', default: '2000' } },
  });
  const catalogue = await ensureCatalogue('sqlite', Number(values.addons));
  const db = await openDatabase({ url: catalogue.databaseUrl, baseDir: ROOT });
  collectGarbage();
  const before = memoryUsage();
  let reading = 0;
  async function* timedBatches() {
    const batches = new SqlSearchDocuments(db.primary).batches();
    for (;;) {
      const asked = performance.now();
      const next = await batches.next();
      reading += performance.now() - asked;
      if (next.done) return;
      yield next.value;
    }
  }
  const started = performance.now();
  const index = await MemorySearchIndex.load(timedBatches());
  const seconds = (performance.now() - started) / 1000;
  collectGarbage();
  const after = memoryUsage();
  const stats = index.stats();
  console.log(
    `built-in index: ${stats.documents} documents, ${stats.postings} postings, built in ${seconds.toFixed(1)} s ` +
      `(${(reading / 1000).toFixed(1)} s of it reading SQLite); heap used +${mb(after.heapUsed - before.heapUsed)}, ` +
      `typed arrays +${mb(after.arrayBuffers - before.arrayBuffers)}, rss ${mb(after.rss)}`,
  );

  const rng = new Random(7);
  const count = Number(values.queries);
  const searches = queries(rng, count);
  await timed(searches.slice(0, 100), (q) => index.search(q));
  const counts: number[] = [];
  const searchTimes = await timed(searches, async (q) => counts.push((await index.search(q)).count));
  const found = counts.filter((n) => n > 0).length;
  console.log(
    `search (${count} queries, 1–3 words, 20% prefixes, filters, sorts, pages): ${percentiles(searchTimes)}`,
  );
  console.log(
    `  ${((100 * found) / count).toFixed(0)}% of queries found something; median count ${counts.sort((a, b) => a - b)[count >> 1]}`,
  );
  const listTimes = await timed(listings(rng, 500), (q) => index.search(q));
  console.log(`listing (500 browse pages, no text): ${percentiles(listTimes)}`);
  const completions = prefixes(rng, 500);
  const completeTimes = await timed(completions, (c) => index.autocomplete(c.q, { limit: 10 }));
  console.log(`autocomplete (500 prefixes): ${percentiles(completeTimes)}`);
  const first = await new SqlSearchDocuments(db.primary).batches(1000).next();
  const changed = first.done ? [] : first.value;
  await db.close();
  const upserts = await timed(changed, (doc) =>
    index.upsert([{ ...doc, name: { [doc.defaultLocale]: 'Renamed' } }]),
  );
  const tidying = performance.now();
  index.optimize();
  console.log(
    `upsert one add-on: ${percentiles(upserts)}; then tidying ${changed.length} dead slots: ` +
      `${(performance.now() - tidying).toFixed(0)} ms`,
  );
  const slowest = searches
    .map((q, i) => ({ q, ms: searchTimes[i] as number }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5);
  for (const { q, ms } of slowest) console.log(`  slow: ${ms.toFixed(1)} ms ${JSON.stringify(q)}`);
}
