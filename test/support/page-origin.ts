import { loadConfig } from '../../src/config/load-config.ts';
import type { AddonInput } from '../../src/domain/catalogue.ts';
import { createLogger } from '../../src/origin/logger.ts';
import { type RunningOrigin, runOrigin } from '../../src/origin/run.ts';
import { tempSqliteUrl } from './sql-backend.ts';

/**
 * A real origin (HTTP server on a free port, the built storefront mounted) over a fresh SQLite file, with
 * no demo catalogue: import what a test needs with `importAddons`. Needs `astro build` first.
 */
export async function startPageOrigin() {
  const temp = tempSqliteUrl();
  const config = loadConfig({
    PORT: '0',
    TROVE_DATA_DIR: temp.dir,
    DATABASE_URL: temp.url,
    DEMO_ADDONS: '0',
    LOG_LEVEL: 'silent',
    USAGE_ROLLUP_MINUTES: '0',
  });
  const origin: RunningOrigin = await runOrigin(config, createLogger(config));
  await origin.searchReady;
  return {
    url: origin.url,
    origin,
    /** Through the catalogue service, as `trove import` does: caches dropped, search index updated. */
    importAddons: (addons: readonly AddonInput[]) => origin.container.catalogue.importAddons(addons),
    /** A GET that does not follow redirects. */
    get: (path: string, headers: Record<string, string> = {}) =>
      fetch(`${origin.url}${path}`, { redirect: 'manual', headers }),
    /** The `N` of `Server-Timing: db;…;desc="N queries"`. */
    queries(res: Response): number {
      const match = /db;dur=[\d.]+;desc="(\d+) quer/.exec(res.headers.get('Server-Timing') ?? '');
      if (!match) throw new Error(`no db entry in Server-Timing: ${res.headers.get('Server-Timing')}`);
      return Number(match[1]);
    },
    async close() {
      await origin.close();
      temp.cleanup();
    },
  };
}

export type PageOrigin = Awaited<ReturnType<typeof startPageOrigin>>;
