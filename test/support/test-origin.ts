import { loadConfig } from '../../src/config/load-config.ts';
import { createApp } from '../../src/http/app.ts';
import { type Container, createContainer } from '../../src/origin/container.ts';
import { createLogger } from '../../src/origin/logger.ts';
import { tempSqliteUrl } from './sql-backend.ts';

export const TEST_SITE_URL = 'https://trove.test';

/** An origin app (no server: use `app.request`) over a fresh SQLite file unless `env` names a database. */
export async function createTestOrigin(env: Record<string, string> = {}) {
  const temp = env.DATABASE_URL ? null : tempSqliteUrl();
  const config = loadConfig({
    SITE_URL: TEST_SITE_URL,
    TROVE_DATA_DIR: temp?.dir ?? env.TROVE_DATA_DIR ?? '.trove-test',
    DATABASE_URL: temp?.url ?? env.DATABASE_URL,
    LOG_LEVEL: 'silent',
    DEMO_ADDONS: '0',
    ...env,
  });
  const logger = createLogger(config);
  const container: Container = await createContainer(config, { logger, role: 'origin' });
  const app = createApp({
    servicesFor: container.servicesFor,
    health: container.health,
    version: { version: 'test', build: 'test', commit: 'test' },
    pinSeconds: config.pinSeconds,
    siteUrl: config.siteUrl,
    logger,
    edgeToken: config.edgeToken,
  });
  return {
    app,
    container,
    config,
    /** The `N` of `Server-Timing: db;…;desc="N queries"`. */
    queries(res: Response): number {
      const match = /db;dur=[\d.]+;desc="(\d+) quer/.exec(res.headers.get('Server-Timing') ?? '');
      if (!match) throw new Error(`no db entry in Server-Timing: ${res.headers.get('Server-Timing')}`);
      return Number(match[1]);
    },
    async close() {
      await container.close();
      temp?.cleanup();
    },
  };
}
