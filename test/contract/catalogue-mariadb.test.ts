import { inject } from 'vitest';
import { createDatabase } from '../support/mysql-admin.ts';
import { openSqlBackend } from '../support/sql-backend.ts';
import { catalogueContract } from './catalogue-store.contract.ts';

catalogueContract('MariaDB (primary only)', async () => {
  const database = await createDatabase(inject('mariadb').plain, 'trove_contract');
  return openSqlBackend({ url: database.url, cleanup: database.drop });
});
