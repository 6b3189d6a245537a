import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SqlUsageStore } from '../../src/adapters/sql/usage-store.ts';
import { UsageService } from '../../src/services/usage-service.ts';
import { addonFactory } from '../support/factories.ts';
import { createTestDatabase } from '../support/mysql-test-db.ts';
import { openSqlBackend, tempSqliteUrl } from '../support/sql-backend.ts';

type Backend = Awaited<ReturnType<typeof openSqlBackend>>;

function usageContract(name: string, open: () => Promise<Backend>) {
  describe(`usage store contract: ${name}`, () => {
    let backend: Backend;
    let store: SqlUsageStore;
    beforeAll(async () => {
      backend = await open();
      store = new SqlUsageStore(backend.db.primary, backend.db.dialect);
    });
    afterAll(async () => {
      await backend?.close();
    });

    it('adds counts per add-on and day, ignoring add-ons not in the catalogue', async () => {
      const [a, b] = [addonFactory(), addonFactory()];
      await backend.writer.importAddons([a, b]);
      await store.recordPings([{ day: '2026-11-20', counts: { [a.guid]: 3, [b.guid]: 1, 'ghost@x': 9 } }]);
      await store.recordPings([
        { day: '2026-11-20', counts: { [a.guid]: 2 } },
        { day: '2026-11-21', counts: { [a.guid]: 7 } },
      ]);
      const counts = await store.dailyCounts(['2026-11-20', '2026-11-21', '2026-11-22']);
      expect(counts.get(a.guid)).toEqual([5, 7, 0]);
      expect(counts.get(b.guid)).toEqual([1, 0, 0]);
      expect(counts.has('ghost@x')).toBe(false);
    });

    it('rolls pings up into average daily users over the complete days before today', async () => {
      const [pinged, quiet] = [
        addonFactory({ averageDailyUsers: 10 }),
        addonFactory({ averageDailyUsers: 42 }),
      ];
      await backend.writer.importAddons([pinged, quiet]);
      await store.recordPings([
        { day: '2026-11-12', counts: { [pinged.guid]: 5000 } },
        { day: '2026-11-13', counts: { [pinged.guid]: 140 } },
        { day: '2026-11-26', counts: { [pinged.guid]: 1260 } },
        { day: '2026-11-27', counts: { [pinged.guid]: 99_999 } },
      ]);
      const service = new UsageService(store, { now: () => new Date('2026-11-27T08:00:00Z') });
      const users = await service.rollUp();
      expect(users.get(pinged.guid)).toBe(100);
      const read = async (guid: string) => (await backend.reader.findAddonByGuid(guid))?.averageDailyUsers;
      expect(await read(pinged.guid)).toBe(100);
      expect(await read(quiet.guid)).toBe(42);
    });
  });
}

usageContract('SQLite', async () => {
  const temp = tempSqliteUrl();
  return openSqlBackend({ url: temp.url, cleanup: temp.cleanup });
});

usageContract('MariaDB', async () => {
  const database = await createTestDatabase(inject('mariadb').plain, 'trove_usage');
  return openSqlBackend({ url: database.url, cleanup: () => database.drop() });
});
