import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { loadConfig, parseEnv } from '../../src/config/load-config.ts';
import { categoriesForType } from '../../src/domain/categories.ts';
import { addonTag, CATALOGUE_TAG } from '../../src/domain/edge/cache-policy.ts';
import { createLogger } from '../../src/origin/logger.ts';
import { PRERENDER_DIR, type PrerenderManifest } from '../../src/origin/prerendered.ts';
import { runOrigin } from '../../src/origin/run.ts';

const settings = z.object({
  /** Detail pages of this many most-used add-ons; 0 (the default) prerenders nothing. */
  PRERENDER_ADDONS: z.coerce.number().int().min(0).default(0),
  PRERENDER_LOCALES: z.string().default('en-US'),
  PRERENDER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
});

/** The pages worth prerendering: home, landings and category pages per locale, then the top add-ons. */
async function pagesToRender(locales: string[], slugs: readonly { slug: string; guid: string }[]) {
  const pages: { path: string; tags: string }[] = [];
  for (const locale of locales) {
    const base = `/${locale}/firefox`;
    pages.push({ path: `${base}/`, tags: CATALOGUE_TAG });
    for (const [section, type] of [
      ['extensions', 'extension'],
      ['themes', 'statictheme'],
    ] as const) {
      pages.push({ path: `${base}/${section}/`, tags: CATALOGUE_TAG });
      for (const category of categoriesForType(type)) {
        pages.push({ path: `${base}/${section}/category/${category.slug}/`, tags: CATALOGUE_TAG });
      }
    }
    for (const { slug, guid } of slugs) {
      pages.push({ path: `${base}/addon/${slug}/`, tags: `${CATALOGUE_TAG},${addonTag(guid)}` });
    }
  }
  return pages;
}

/**
 * `npm run build`'s second step: with PRERENDER_ADDONS set, renders the home, landing and category pages
 * and the detail pages of the most used add-ons through the built storefront, from the configured
 * database, into dist/prerendered (served by the origin while the catalogue is unchanged since).
 */
async function main() {
  const opts = parseEnv(settings, process.env);
  fs.rmSync(PRERENDER_DIR, { recursive: true, force: true });
  if (opts.PRERENDER_ADDONS === 0) return;
  const started = performance.now();
  let peakRss = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);
  const config = loadConfig({
    ...process.env,
    PORT: '0',
    DEMO_ADDONS: '0',
    USAGE_ROLLUP_MINUTES: '0',
    CACHE_WARM_ADDONS: '0',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  const origin = await runOrigin(config, createLogger(config), { prerendered: false });
  try {
    await origin.searchReady;
    const browse = origin.container.servicesFor({ pinned: true }).browse;
    const slugs: { slug: string; guid: string }[] = [];
    for (let page = 1; slugs.length < opts.PRERENDER_ADDONS; page++) {
      const batch = await browse.listAddons({ sort: 'users', page, pageSize: 50, withCount: false });
      if (batch.results.length === 0) break;
      for (const a of batch.results)
        if (slugs.length < opts.PRERENDER_ADDONS) slugs.push({ slug: a.slug, guid: a.guid });
    }
    const pages = await pagesToRender(opts.PRERENDER_LOCALES.split(','), slugs);
    const manifest: { builtAt: string; pages: Record<string, { file: string; tags: string }> } = {
      builtAt: new Date().toISOString(),
      pages: {},
    };
    const renderStarted = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < pages.length) {
        const page = pages[next++];
        if (!page) break;
        const res = await fetch(origin.url + page.path);
        if (res.status !== 200) continue;
        const file = path.join(page.path.slice(1), 'index.html');
        fs.mkdirSync(path.join(PRERENDER_DIR, path.dirname(file)), { recursive: true });
        fs.writeFileSync(path.join(PRERENDER_DIR, file), await res.text());
        manifest.pages[page.path] = { file, tags: page.tags };
      }
    };
    await Promise.all(Array.from({ length: opts.PRERENDER_CONCURRENCY }, worker));
    fs.writeFileSync(
      path.join(PRERENDER_DIR, 'manifest.json'),
      JSON.stringify(manifest satisfies PrerenderManifest),
    );
    const seconds = (performance.now() - renderStarted) / 1000;
    const count = Object.keys(manifest.pages).length;
    console.log(
      `prerendered ${count} pages (${slugs.length} add-on details) in ${seconds.toFixed(1)} s: ` +
        `${(count / seconds).toFixed(0)} pages/s; total ${((performance.now() - started) / 1000).toFixed(1)} s, ` +
        `peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB`,
    );
  } finally {
    clearInterval(sampler);
    await origin.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
