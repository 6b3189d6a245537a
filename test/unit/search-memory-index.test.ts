import { beforeAll, describe, expect, it } from 'vitest';
import { MemorySearchIndex } from '../../src/adapters/search/memory-search-index.ts';
import type { AddonInput } from '../../src/domain/catalogue.ts';
import type { AppShort } from '../../src/domain/constants.ts';
import { MAX_RESULT_WINDOW, type SearchDocument, type SearchHit } from '../../src/domain/search.ts';
import { parseQuery, scoreDocument } from '../../src/domain/search-ranking.ts';
import { generateCatalogue } from '../../src/services/seed/generate-catalogue.ts';
import { Random } from '../../src/services/seed/random.ts';
import { ADJECTIVES, AGENTS, SUBJECTS, THEME_COLORS } from '../../src/services/seed/words.ts';
import { named } from '../contract/search-support.ts';

const NOW = new Date('2026-11-01T12:00:00Z');

function toDocument(addon: AddonInput): SearchDocument {
  const current = addon.versions.at(-1);
  return {
    id: addon.id as number,
    guid: addon.guid,
    slug: addon.slug,
    type: addon.type,
    defaultLocale: addon.defaultLocale,
    name: addon.name,
    summary: addon.summary,
    description: addon.description,
    tags: addon.tags,
    categories: addon.categories,
    apps: Object.keys(current?.compat ?? {}) as AppShort[],
    averageDailyUsers: addon.averageDailyUsers,
    weeklyDownloads: addon.weeklyDownloads,
    bayesianRating: addon.ratings.bayesianAverage,
    promoted: addon.promoted,
    created: addon.created ?? NOW,
    lastUpdated: addon.lastUpdated ?? NOW,
  };
}

/** The reference: score every document with the domain's rules, best first, ties by id. */
function bruteForce(docs: readonly SearchDocument[], q: string, lang?: string, fields?: number): SearchHit[] {
  const query = parseQuery(q);
  return docs
    .flatMap((doc) => {
      const score = scoreDocument(doc, query, lang, fields);
      return score === null ? [] : [{ id: doc.id, score }];
    })
    .sort((a, b) => b.score - a.score || a.id - b.id);
}

const docs = [...generateCatalogue({ addons: 1500, seed: 11, now: NOW })].map(toDocument);

describe('built-in engine against the reference rules', () => {
  let index: MemorySearchIndex;
  beforeAll(async () => {
    index = await MemorySearchIndex.load(
      (async function* () {
        for (let i = 0; i < docs.length; i += 500) yield docs.slice(i, i + 500);
      })(),
    );
  });
  const rng = new Random(5);
  const words = () =>
    rng.pick([rng.pick(SUBJECTS).en, rng.pick(AGENTS).en, rng.pick(ADJECTIVES), rng.pick(THEME_COLORS)]);
  const queries = Array.from({ length: 80 }, () => {
    const q = rng.chance(0.5)
      ? `${rng.pick(SUBJECTS).en} ${rng.pick(AGENTS).en}`.toLowerCase()
      : Array.from({ length: rng.int(1, 3) }, words).join(' ');
    return rng.chance(0.3) ? q.slice(0, Math.max(1, q.length - rng.int(1, 3))) : q;
  });

  it('ranks and counts exactly as scoring every document would', async () => {
    let matched = 0;
    for (const q of queries) {
      const lang = rng.chance(0.2) ? 'de' : undefined;
      const expected = bruteForce(docs, q, lang);
      const results = await index.search({ q, lang, page: 1, pageSize: 30 });
      expect({ q, count: results.count }).toEqual({ q, count: expected.length });
      expect(results.hits.map((h) => h.id)).toEqual(expected.slice(0, 30).map((h) => h.id));
      results.hits.forEach((hit, i) => {
        expect(hit.score).toBeCloseTo(expected[i]?.score as number, 9);
      });
      if (expected.length > 0) matched++;
    }
    expect(matched).toBeGreaterThan(queries.length / 2);
  });

  it('autocompletes exactly as scoring every name would', async () => {
    for (const q of queries.slice(0, 30)) {
      const expected = bruteForce(docs, q, undefined, 1).slice(0, 10);
      expect(await index.autocomplete(q, {})).toEqual(
        expected.map((h) => ({ id: h.id, score: expect.closeTo(h.score, 9) })),
      );
    }
  });
});

describe('built-in engine housekeeping', () => {
  it('drops replaced and removed documents’ postings when it tidies, and still answers the same', async () => {
    const index = new MemorySearchIndex();
    const all = Array.from({ length: 50 }, (_, i) =>
      named(`Housekeeping Item ${i}`, { averageDailyUsers: i }),
    );
    await index.upsert(all);
    index.optimize();
    const full = index.stats();
    expect(full).toMatchObject({ documents: 50, slots: 50 });
    await index.upsert(all.slice(0, 10).map((doc) => ({ ...doc, name: { 'en-US': 'Renamed' } })));
    await index.remove(all.slice(40).map((doc) => doc.id));
    expect(index.stats()).toMatchObject({ documents: 40, slots: 60 });
    index.optimize();
    expect(index.stats()).toEqual({
      documents: 40,
      slots: 40,
      postings: full.postings - 10 * 3 - 10 * 3 + 10,
    });
    const ids = (await index.search({ q: 'housekeeping', page: 1, pageSize: 50 })).hits.map((h) => h.id);
    expect(ids).toEqual(
      all
        .slice(10, 40)
        .reverse()
        .map((doc) => doc.id),
    );
    expect((await index.search({ q: 'renamed', page: 1, pageSize: 50, sort: 'users' })).hits).toHaveLength(
      10,
    );
  });

  it('keeps listings in order as add-ons change after the index is built', async () => {
    const index = new MemorySearchIndex();
    const [a, b, c] = [
      named('A', { averageDailyUsers: 3 }),
      named('B', { averageDailyUsers: 2 }),
      named('C', { averageDailyUsers: 1 }),
    ];
    await index.upsert([a, b, c]);
    const list = async () => (await index.search({ q: '', page: 1, pageSize: 10 })).hits.map((h) => h.id);
    expect(await list()).toEqual([a.id, b.id, c.id]);
    await index.upsert([{ ...c, averageDailyUsers: 10 }]);
    expect(await list()).toEqual([c.id, a.id, b.id]);
    await index.remove([a.id]);
    expect(await list()).toEqual([c.id, b.id]);
  });

  it('caps the count at the result window and serves its last page', async () => {
    const index = new MemorySearchIndex();
    const many = Array.from({ length: MAX_RESULT_WINDOW + 10 }, (_, i) => named('Plenty', { id: i + 1 }));
    await index.upsert(many);
    const last = await index.search({ q: 'plenty', page: MAX_RESULT_WINDOW / 20, pageSize: 20 });
    expect(last.count).toBe(MAX_RESULT_WINDOW);
    expect(last.hits.map((h) => h.id)).toEqual(
      Array.from({ length: 20 }, (_, i) => MAX_RESULT_WINDOW - 19 + i),
    );
    expect((await index.search({ q: '', page: 1, pageSize: 1 })).count).toBe(MAX_RESULT_WINDOW);
  });
});
