import { type AddressInfo, createServer, type Server, connect as tcpConnect } from 'node:net';
import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type MariadbPair, startMariadbPair } from '../../infra/dev/mariadb-pair.ts';
import {
  createTestDatabase,
  type ServerAddress,
  type TestDatabase,
  waitForDatabaseOnReplica,
  waitForReplicaCatchUp,
  withConnection,
} from '../support/mysql-test-db.ts';

/** True when nothing listens on the address any more (a plain TCP connect is refused). */
function portRefuses(server: ServerAddress): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect(server.port, server.host);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

async function value(server: ServerAddress, sql: string, database?: string): Promise<unknown> {
  return withConnection(
    server,
    async (c) => {
      const [rows] = await c.query<RowDataPacket[]>(sql);
      return rows[0] ? Object.values(rows[0])[0] : undefined;
    },
    database,
  );
}

async function exec(server: ServerAddress, sql: string, database?: string): Promise<void> {
  await withConnection(server, (c) => c.query(sql), database);
}

async function databaseExists(server: ServerAddress, name: string): Promise<boolean> {
  return withConnection(server, async (c) => {
    const [rows] = await c.query<RowDataPacket[]>(
      'SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?',
      [name],
    );
    return rows.length > 0;
  });
}

describe('shared MariaDB pair (global setup)', () => {
  const { primary, replica } = inject('mariadb');

  it('runs a binlogging primary and a read-only replica', async () => {
    expect(Number(await value(primary, 'SELECT @@log_bin'))).toBe(1);
    expect(Number(await value(primary, 'SELECT @@read_only'))).toBe(0);
    expect(Number(await value(replica, 'SELECT @@read_only'))).toBe(1);
    expect(await value(primary, 'SELECT @@server_id')).not.toBe(await value(replica, 'SELECT @@server_id'));
  });

  it('replicates a database created and filled on the primary', async () => {
    const db = await createTestDatabase(primary, 'pair_contract');
    try {
      await exec(primary, 'CREATE TABLE t (id INT PRIMARY KEY, label VARCHAR(50)) ENGINE=InnoDB', db.name);
      await exec(primary, "INSERT INTO t VALUES (1, 'from the primary')", db.name);

      await waitForReplicaCatchUp(primary, replica);

      await waitForDatabaseOnReplica(replica, db.name, 1_000);
      expect(await value(replica, 'SELECT label FROM t WHERE id = 1', db.name)).toBe('from the primary');
    } finally {
      await db.drop();
    }
    await waitForReplicaCatchUp(primary, replica);
    expect(await databaseExists(replica, db.name)).toBe(false);
  });
});

describe.skipIf(process.env.TROVE_TEST_MARIADB_PAIR === 'external')('private MariaDB pair lifecycle', () => {
  let pair: MariadbPair;
  let db: TestDatabase;
  const rowsOnReplica = () => value(pair.replica, 'SELECT COUNT(*) FROM t', db.name).then(Number);

  beforeAll(async () => {
    // A pair of its own: pausing or stopping the shared replica would disturb other test files.
    pair = await startMariadbPair({ basePort: 3326 });
    db = await createTestDatabase(pair.primary, 'pair_lifecycle');
    await exec(pair.primary, 'CREATE TABLE t (id INT PRIMARY KEY) ENGINE=InnoDB', db.name);
    await exec(pair.primary, 'INSERT INTO t VALUES (1)', db.name);
    await pair.waitForReplicaCatchUp();
  });

  afterAll(async () => {
    await pair?.close();
  });

  it('lags while replication is paused and catches up after resuming', async () => {
    expect(await rowsOnReplica()).toBe(1);
    await pair.pauseReplication();
    await exec(pair.primary, 'INSERT INTO t VALUES (2)', db.name);

    await expect(pair.waitForReplicaCatchUp(300)).rejects.toThrow(/did not reach/);
    expect(await rowsOnReplica()).toBe(1);

    await pair.resumeReplication();
    await pair.waitForReplicaCatchUp();
    expect(await rowsOnReplica()).toBe(2);
  });

  it('survives the replica process going down and coming back', async () => {
    await pair.stopReplica();
    expect(await portRefuses(pair.replica)).toBe(true);
    await exec(pair.primary, 'INSERT INTO t VALUES (3)', db.name);

    await pair.startReplica();
    await pair.waitForReplicaCatchUp();
    expect(await rowsOnReplica()).toBe(3);
    expect(Number(await value(pair.replica, 'SELECT @@read_only'))).toBe(1);
  });

  it('falls back to other ports when the base port is taken, and close() stops both servers', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve, reject) => {
      blocker.once('error', reject);
      blocker.listen(0, '127.0.0.1', resolve);
    });
    const takenPort = (blocker.address() as AddressInfo).port;
    const other = await startMariadbPair({ basePort: takenPort });
    try {
      expect(other.primary.port).not.toBe(takenPort);
      expect(other.replica.port).not.toBe(other.primary.port);
      expect(Number(await value(other.replica, 'SELECT @@read_only'))).toBe(1);
    } finally {
      await other.close();
      await new Promise((resolve) => blocker.close(resolve));
    }
    expect(await portRefuses(other.primary)).toBe(true);
    expect(await portRefuses(other.replica)).toBe(true);
  });
});
