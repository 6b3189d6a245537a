import { inject } from 'vitest';
import { createTestDatabase, mysqlUrl, waitForReplicaCatchUp } from '../support/mysql-test-db.ts';
import { openSqlBackend } from '../support/sql-backend.ts';
import { catalogueContract } from './catalogue-store.contract.ts';

catalogueContract('MariaDB primary with a replica (reads on the replica)', async () => {
  const { primary, replica } = inject('mariadb');
  const database = await createTestDatabase(primary, 'trove_replica');
  await waitForReplicaCatchUp(primary, replica);
  return openSqlBackend({
    url: database.url,
    replicaUrls: [mysqlUrl(replica, database.name)],
    settle: () => waitForReplicaCatchUp(primary, replica),
    cleanup: database.drop,
  });
});
