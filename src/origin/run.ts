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
  close(): Promise<void>;
}

/**
 * The origin on its configuration: seeds a demo catalogue into an empty database, serves, warms the
 * update cache in the background and rolls update pings up into average daily users on a timer.
 */
export async function runOrigin(config: Config, logger: Logger): Promise<RunningOrigin> {
  const container = await createContainer(config, { logger, role: 'origin' });
  const seeded = await seedDemoCatalogue(
    container.catalogue,
    container.servicesFor({ pinned: true }).catalogue.read,
    { addons: config.demoAddons },
  );
  if (seeded > 0) logger.info({ addons: seeded }, 'seeded a demo catalogue into the empty database');
  const server = await startServer(container, config, logger);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  warmUpdateCache(container, config, logger);
  const rollup = scheduleUsageRollup(container, config, logger);
  return {
    url: `http://${config.host}:${port}`,
    container,
    server,
    async close() {
      if (rollup) clearInterval(rollup);
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
