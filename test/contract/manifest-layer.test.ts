import { inject } from 'vitest';
import { PlanetScaleManifestSource } from '../../functions/sources/planetscale-manifest-source.ts';
import { UpstashManifestSource } from '../../functions/sources/upstash-manifest-source.ts';
import { startPlanetScaleHttpServer } from '../../infra/dev/planetscale-http/server.ts';
import { startUpstashRestServer } from '../../infra/dev/upstash-rest/server.ts';
import { createTestDatabase } from '../support/mysql-test-db.ts';
import { openSqlBackend } from '../support/sql-backend.ts';
import { createTestOrigin } from '../support/test-origin.ts';
import { manifestLayerContract } from './manifest-layer.contract.ts';

const REDIS_URL = 'redis://127.0.0.1:6379';

// The real @upstash/redis client over the Upstash-REST server, reading what the origin wrote with ioredis.
manifestLayerContract('Redis through Upstash REST (@upstash/redis)', async () => {
  const prefix = `trove-test:${process.pid}:${Date.now()}:`;
  const origin = await createTestOrigin({ REDIS_URL, REDIS_KEY_PREFIX: prefix });
  const rest = await startUpstashRestServer({ redisUrl: REDIS_URL, token: 'test-token' });
  return {
    layer: new UpstashManifestSource({ url: rest.url, token: 'test-token', keyPrefix: prefix }),
    write: async (addons) => void (await origin.container.catalogue.importAddons(addons)),
    async close() {
      await rest.close();
      await origin.close();
    },
  };
});

// The real @planetscale/database client over the PlanetScale-HTTP server, in front of MariaDB.
manifestLayerContract('replica through PlanetScale HTTP (@planetscale/database)', async () => {
  const server = inject('mariadb').plain;
  const database = await createTestDatabase(server, 'trove_edge_ps');
  const backend = await openSqlBackend({ url: database.url });
  const ps = await startPlanetScaleHttpServer({
    mysql: { host: server.host, port: server.port, user: 'root', database: database.name },
    username: 'trove',
    password: 'secret',
  });
  return {
    layer: new PlanetScaleManifestSource(ps.url),
    write: async (addons) => void (await backend.writer.importAddons(addons)),
    async close() {
      await ps.close();
      await backend.close();
      await database.drop();
    },
  };
});
