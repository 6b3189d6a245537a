import { inject } from 'vitest';
import { createTestDatabase } from '../support/mysql-test-db.ts';
import { openSqlBackend } from '../support/sql-backend.ts';
import { catalogueContract } from './catalogue-store.contract.ts';

catalogueContract('MariaDB (primary only)', async () => {
  const database = await createTestDatabase(inject('mariadb').plain, 'trove_contract');
  return openSqlBackend({ url: database.url, cleanup: database.drop });
});
