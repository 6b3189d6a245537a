import { openSqlBackend, tempSqliteUrl } from '../support/sql-backend.ts';
import { catalogueContract } from './catalogue-store.contract.ts';

catalogueContract('SQLite (embedded default)', async () => {
  const temp = tempSqliteUrl();
  return openSqlBackend({ url: temp.url, cleanup: temp.cleanup });
});
