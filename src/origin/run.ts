import type { ServerType } from '@hono/node-server';
import type { Config } from '../config/schema.ts';
import type { Logger } from '../http/types.ts';
import { seedDemoCatalogue } from '../services/seed/demo.ts';
import { type Container, createContainer } from './container.ts';
import { startServer } from './serve.ts';

export interface RunningOrigin {
  readonly url: string;
  readonly container: Container;
  readonly server: ServerType;
  /** Resolves once the search index holds the catalogue (searches answer from what is indexed so far). */
  readonly searchReady: Promise<void>;
  close(): Promise<void>;
}

/**
 * The origin on its configuration: seeds a demo catalogue into an empty database, serves, warms the
 * update cache in the background and rolls update pings up into average daily users on a timer.
 */
export async function runOrigin(
  config: Config,
  logger: Logger,
  opts: { readonly prerendered?: boolean } = {},
): Promise<RunningOrigin> {
  const container = await createContainer(config, { logger, role: 'origin' });
  const seeded = await seedDemoCatalogue(
    container.catalogue,
    container.servicesFor({ pinned: true }).catalogue.read,
    { addons: config.demoAddons },
  );
  if (seeded > 0) logger.info({ addons: seeded }, 'seeded a demo catalogue into the empty database');
  const server = await startServer(container, config, logger, opts);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  warmUpdateCache(container, config, logger);
  const searchStarted = performance.now();
  // Elasticsearch is filled by `trove search reindex`; the built-in engine is built here.
  const searchReady = (config.elasticsearchUrl ? Promise.resolve(0) : container.searchSync.rebuild())
    .then((addons) => {
      const seconds = Math.round(performance.now() - searchStarted) / 1000;
      logger.info({ addons, seconds }, 'search index built');
    })
    .catch((err) => logger.warn({ err: String(err) }, 'search index build failed'));
  const watch = watchOtherWriters(container, logger);
  const rollup = scheduleUsageRollup(container, config, logger);
  return {
    url: `http://${config.host}:${port}`,
    container,
    server,
    searchReady,
    async close() {
      if (rollup) clearInterval(rollup);
      if (watch) clearInterval(watch);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await container.close();
    },
  };
}

/** Fills the process cache in the background; the server answers (from the database) meanwhile. */
function warmUpdateCache(container: Container, config: Config, logger: Logger) {
  if (!container.memoryCache || config.cacheWarmAddons === 0) return;
  const started = performance.now();
  container
    .servicesFor({ pinned: false })
    .updates.warm({ max: config.cacheWarmAddons })
    .then((manifests) => {
      const seconds = Math.round(performance.now() - started) / 1000;
      logger.info({ manifests, seconds }, 'update cache warmed');
    })
    .catch((err) => logger.warn({ err: String(err) }, 'update cache warming failed'));
}

function scheduleUsageRollup(container: Container, config: Config, logger: Logger) {
  if (config.usageRollupMinutes === 0) return null;
  const timer = setInterval(() => {
    container.usage
      .rollUp()
      .then((users) => logger.info({ addons: users.size }, 'average daily users rolled up'))
      .catch((err) => logger.warn({ err: String(err) }, 'average daily users rollup failed'));
  }, config.usageRollupMinutes * 60_000);
  timer.unref();
  return timer;
}

/**
 * On the embedded database, another process (`trove import`) can change the catalogue without telling this
 * one which add-ons: when SQLite's data_version moves, the search index is rebuilt (folded into one run).
 * With Redis, other processes' changes arrive by add-on through pub/sub instead.
 */
function watchOtherWriters(container: Container, logger: Logger) {
  const dataVersion = container.db.dataVersion;
  if (!dataVersion || container.config.elasticsearchUrl) return null;
  let seen = dataVersion();
  const timer = setInterval(() => {
    const now = dataVersion();
    if (now === seen) return;
    seen = now;
    container.searchSync
      .rebuild()
      .catch((err) => logger.warn({ err: String(err) }, 'search index rebuild failed'));
  }, 2000);
  timer.unref();
  return timer;
}
