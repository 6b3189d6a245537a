import { inject } from 'vitest';
import { startPlanetScaleHttpServer } from '../../infra/dev/planetscale-http/server.ts';
import { createTestDatabase } from '../support/mysql-test-db.ts';
import { openSqlBackend } from '../support/sql-backend.ts';
import { catalogueContract } from './catalogue-store.contract.ts';

catalogueContract('PlanetScale HTTP (@planetscale/database over MariaDB)', async () => {
  const server = inject('mariadb').plain;
  const database = await createTestDatabase(server, 'trove_ps');
  const ps = await startPlanetScaleHttpServer({
    mysql: { host: server.host, port: server.port, user: 'root', database: database.name },
    username: 'trove',
    password: 'secret',
  });
  const url = ps.url.replace(/^http:/, 'planetscale+http:');
  return openSqlBackend({
    url,
    cleanup: async () => {
      await ps.close();
      await database.drop();
    },
  });
});
