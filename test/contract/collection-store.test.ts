import { inject } from 'vitest';
import { createTestDatabase } from '../support/mysql-test-db.ts';
import { openSqlBackend, tempSqliteUrl } from '../support/sql-backend.ts';
import { collectionStoreContract } from './collection-store.contract.ts';

collectionStoreContract('SQLite', async () => {
  const temp = tempSqliteUrl();
  return openSqlBackend({ url: temp.url, cleanup: temp.cleanup });
});

collectionStoreContract('MariaDB', async () => {
  const database = await createTestDatabase(inject('mariadb').plain, 'trove_collections');
  return openSqlBackend({ url: database.url, cleanup: () => database.drop() });
});
