import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type MariadbPair,
  pauseReplication,
  resumeReplication,
  startMariadbPair,
} from '../../infra/dev/mariadb-pair.ts';
import { SqlCatalogueReader } from '../../src/adapters/sql/catalogue-reader.ts';
import { addonFactory, updateQuery, versionFactory } from '../support/factories.ts';
import { createTestDatabase, mysqlUrl, waitForReplicaCatchUp } from '../support/mysql-test-db.ts';
import { openSqlBackend } from '../support/sql-backend.ts';
import { createTestOrigin } from '../support/test-origin.ts';

// A private pair: these tests stop and pause replication, which would disturb the shared one.
describe('replica routing on a real MariaDB primary and replica', () => {
  let pair: MariadbPair;
  let backend: Awaited<ReturnType<typeof openSqlBackend>>;
  let primaryReader: SqlCatalogueReader;
  let replicaUrl: string;
  let databaseUrl: string;

  beforeAll(async () => {
    pair = await startMariadbPair({ basePort: 3336 });
    const database = await createTestDatabase(pair.primary, 'trove_routing');
    await waitForReplicaCatchUp(pair.primary, pair.replica);
    databaseUrl = database.url;
    replicaUrl = mysqlUrl(pair.replica, database.name);
    backend = await openSqlBackend({ url: databaseUrl, replicaUrls: [replicaUrl] });
    primaryReader = new SqlCatalogueReader(() => ({ db: backend.db.primary, markDown() {} }));
  }, 120_000);
  afterAll(async () => {
    await backend?.close();
    await pair?.close();
  });

  it('sends reads to the replica and writes to the primary', async () => {
    await pauseReplication(pair.replica);
    try {
      const addon = addonFactory();
      await backend.writer.importAddons([addon]);
      expect(await primaryReader.findAddonByGuid(addon.guid)).not.toBeNull();
      expect(backend.db.replica().name).toBe('replica-1');
      expect(await backend.reader.findAddonByGuid(addon.guid)).toBeNull();
    } finally {
      await resumeReplication(pair.replica);
    }
    await waitForReplicaCatchUp(pair.primary, pair.replica);
  });

  it('skips a replica whose replication stopped, and takes it back once it catches up', async () => {
    await pauseReplication(pair.replica);
    const addon = addonFactory();
    await backend.writer.importAddons([addon]);
    await backend.db.checkReplicas();
    expect(backend.db.replicaHealth()[0]).toMatchObject({ healthy: false, error: 'replication is stopped' });
    expect(backend.db.replica().name).toBe('primary');
    expect(await backend.reader.findAddonByGuid(addon.guid)).not.toBeNull();
    await resumeReplication(pair.replica);
    await waitForReplicaCatchUp(pair.primary, pair.replica);
    await backend.db.checkReplicas();
    expect(backend.db.replicaHealth()[0]).toMatchObject({ healthy: true, lagSeconds: 0 });
  });

  it('survives the replica going down: reads fall back to the primary and the heartbeat names it', async () => {
    const origin = await createTestOrigin({ DATABASE_URL: databaseUrl, DATABASE_REPLICA_URLS: replicaUrl });
    try {
      const addon = addonFactory();
      await backend.writer.importAddons([addon]);
      await waitForReplicaCatchUp(pair.primary, pair.replica);
      expect((await origin.app.request('/__heartbeat__')).status).toBe(200);
      await pair.stopReplica();
      const res = await origin.app.request(`/update/?${updateQuery(addon.guid)}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain(addon.guid);
      await origin.container.db.checkReplicas();
      const heartbeat = await origin.app.request('/__heartbeat__');
      expect(heartbeat.status).toBe(500);
      expect(await heartbeat.json()).toMatchObject({
        database: { state: true },
        'database_replica-1': { state: false },
      });
    } finally {
      await pair.startReplica();
      await origin.close();
    }
    await waitForReplicaCatchUp(pair.primary, pair.replica, 30_000);
    await backend.db.checkReplicas();
    expect(backend.db.replicaHealth()[0]?.healthy).toBe(true);
  });

  it('answers an update check from the primary right after a write, while the replica lags', async () => {
    const origin = await createTestOrigin({
      DATABASE_URL: databaseUrl,
      DATABASE_REPLICA_URLS: replicaUrl,
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
    try {
      const addon = addonFactory({ versions: [versionFactory({ version: '1.0' })] });
      await origin.container.catalogue.importAddons([addon]);
      await waitForReplicaCatchUp(pair.primary, pair.replica);
      const check = async () => (await origin.app.request(`/update/?${updateQuery(addon.guid)}`)).text();
      expect(await check()).toContain('"version":"1.0"');
      await pauseReplication(pair.replica);
      // The health loop has not run yet, so the replica still looks healthy: only the write marker saves us.
      await origin.container.catalogue.importAddons([
        { ...addon, versions: [versionFactory({ version: '2.0' })] },
      ]);
      expect(await check()).toContain('"version":"2.0"');
    } finally {
      await resumeReplication(pair.replica);
      await origin.close();
    }
  });

  it('pins a client to the primary after it writes (cookie), like AMO’s multidb router', async () => {
    const origin = await createTestOrigin({ DATABASE_URL: databaseUrl, DATABASE_REPLICA_URLS: replicaUrl });
    try {
      const post = await origin.app.request('/', { method: 'POST' });
      const cookie = post.headers.get('Set-Cookie') ?? '';
      expect(cookie).toMatch(/trove_pin=1; Max-Age=15; Path=\/; HttpOnly; SameSite=Lax/);
      await waitForReplicaCatchUp(pair.primary, pair.replica);
      await pauseReplication(pair.replica);
      // A download reads the catalogue (findFile) without any cache in between: it shows which database
      // the request read.
      const addon = addonFactory({
        versions: [versionFactory({ file: { id: 777_001, filename: 'pinned-1.0.xpi' } })],
      });
      await backend.writer.importAddons([addon]);
      const stored = await backend.reader.findAddonByGuid(addon.guid);
      expect(stored).toBeNull();
      const primaryCopy = await primaryReader.findAddonByGuid(addon.guid);
      await origin.container
        .servicesFor({ pinned: true })
        .blobs.put(`files/${primaryCopy?.id}/pinned-1.0.xpi`, new Uint8Array([1, 2, 3]));
      const url = '/firefox/downloads/file/777001/pinned-1.0.xpi';
      expect((await origin.app.request(url)).status).toBe(404);
      expect((await origin.app.request(url, { headers: { Cookie: 'trove_pin=1' } })).status).toBe(200);
    } finally {
      await resumeReplication(pair.replica);
      await origin.close();
    }
  });
});
