import { inject } from 'vitest';
import { startPlanetScaleHttpServer } from '../../infra/dev/planetscale-http/server.ts';
import { createTestDatabase } from '../support/mysql-test-db.ts';
import { openSqlBackend, tempSqliteUrl } from '../support/sql-backend.ts';
import { catalogueBrowserContract } from './catalogue-browser.contract.ts';

catalogueBrowserContract('SQLite', async () => {
  const temp = tempSqliteUrl();
  return openSqlBackend({ url: temp.url, cleanup: temp.cleanup });
});

catalogueBrowserContract('MariaDB', async () => {
  const database = await createTestDatabase(inject('mariadb').plain, 'trove_browse');
  return openSqlBackend({ url: database.url, cleanup: () => database.drop() });
});

catalogueBrowserContract('PlanetScale HTTP', async () => {
  const server = inject('mariadb').plain;
  const database = await createTestDatabase(server, 'trove_browse_ps');
  const ps = await startPlanetScaleHttpServer({
    mysql: { host: server.host, port: server.port, user: 'root', database: database.name },
    username: 'trove',
    password: 'secret',
  });
  return openSqlBackend({
    url: ps.url.replace(/^http:/, 'planetscale+http:'),
    cleanup: async () => {
      await ps.close();
      await database.drop();
    },
  });
});
