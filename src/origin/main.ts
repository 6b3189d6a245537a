import { ConfigError, loadConfig } from '../config/load-config.ts';
import type { Config } from '../config/schema.ts';
import { APPLICATIONS } from '../domain/constants.ts';
import type { Logger } from '../http/types.ts';
import { seedDemoCatalogue } from '../services/seed/demo.ts';
import { type Container, createContainer } from './container.ts';
import { createLogger } from './logger.ts';
import { startServer } from './serve.ts';

const FIREFOX = APPLICATIONS.firefox;

/** `npm start`: the origin on embedded defaults, seeding a demo catalogue into an empty database. */
async function main() {
  const config = loadConfig(process.env);
  const logger = createLogger(config);
  const container = await createContainer(config, { logger, role: 'origin' });
  const seeded = await seedDemoCatalogue(
    container.catalogue,
    container.servicesFor({ pinned: true }).catalogue.read,
    {
      addons: config.demoAddons,
    },
  );
  if (seeded > 0) logger.info({ addons: seeded }, 'seeded a demo catalogue into the empty database');
  const server = await startServer(container, config, logger);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host}:${port}`;
  console.log(`Trove is serving on ${url} (database: ${container.db.dialect})`);
  const [guid] = await container.servicesFor({ pinned: true }).catalogue.read.listUpdateGuids(1);
  if (guid) {
    const query = new URLSearchParams({
      reqVersion: '2',
      id: guid,
      appID: FIREFOX.guid,
      appVersion: '128.0',
    });
    console.log(`Try an update check: ${url}/update/VersionCheck.php?${query}`);
  }
  warmUpdateCache(container, config, logger);
  const stop = () => {
    server.close();
    void container.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
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

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(error instanceof ConfigError ? 2 : 1);
});
