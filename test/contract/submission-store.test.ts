import { inject } from 'vitest';
import { openDatabase } from '../../src/adapters/sql/open-database.ts';
import { createTestDatabase } from '../support/mysql-test-db.ts';
import { tempSqliteUrl } from '../support/sql-backend.ts';
import { submissionStoreContract } from './submission-store.contract.ts';

async function migrated(url: string, cleanup: () => Promise<void> | void) {
  const db = await openDatabase({ url, baseDir: process.cwd(), healthIntervalMs: 0 });
  await db.migrate();
  return {
    db,
    async close() {
      await db.close();
      await cleanup();
    },
  };
}

submissionStoreContract('SQLite', async () => {
  const temp = tempSqliteUrl();
  return migrated(temp.url, temp.cleanup);
});

submissionStoreContract('MariaDB', async () => {
  const database = await createTestDatabase(inject('mariadb').plain, 'trove_submissions');
  return migrated(database.url, database.drop);
});
