import { inject } from 'vitest';
import { createTestDatabase } from '../support/mysql-test-db.ts';
import { openSqlBackend, tempSqliteUrl } from '../support/sql-backend.ts';
import { ratingStoreContract } from './rating-store.contract.ts';

ratingStoreContract('SQLite', async () => {
  const temp = tempSqliteUrl();
  return openSqlBackend({ url: temp.url, cleanup: temp.cleanup });
});

ratingStoreContract('MariaDB', async () => {
  const database = await createTestDatabase(inject('mariadb').plain, 'trove_ratings');
  return openSqlBackend({ url: database.url, cleanup: () => database.drop() });
});
