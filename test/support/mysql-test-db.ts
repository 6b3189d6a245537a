/**
 * Per-test databases on the MariaDB servers provided by the global setup (`inject('mariadb')`).
 * Connects as root with an empty password.
 */
import { randomBytes } from 'node:crypto';
import { type Connection, createConnection, type RowDataPacket } from 'mysql2/promise';

export { waitForReplicaCatchUp } from '../../infra/dev/mariadb-pair.ts';

export interface ServerAddress {
  host: string;
  port: number;
}

export interface TestDatabase {
  name: string;
  /** `mysql://root@host:port/name` */
  url: string;
  drop(): Promise<void>;
}

/** MySQL identifiers are at most 64 characters. */
const MAX_NAME_LENGTH = 64;

export function mysqlUrl(server: ServerAddress, database?: string): string {
  return `mysql://root@${server.host}:${server.port}${database ? `/${database}` : ''}`;
}

/** A root connection to `server`, optionally with `database` selected. Close it with `end()`. */
export function connect(server: ServerAddress, database?: string): Promise<Connection> {
  return createConnection({ host: server.host, port: server.port, user: 'root', password: '', database });
}

/** Runs `fn` with a fresh root connection and closes it afterwards. */
export async function withConnection<T>(
  server: ServerAddress,
  fn: (c: Connection) => Promise<T>,
  database?: string,
): Promise<T> {
  const c = await connect(server, database);
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => c.destroy());
  }
}

/**
 * Creates `<prefix>_<random>` (lower-case letters, digits and underscores only) on `server`.
 * On a replication primary the database (and its drop) replicates.
 */
export async function createTestDatabase(server: ServerAddress, prefix: string): Promise<TestDatabase> {
  const name = uniqueDatabaseName(prefix);
  await withConnection(server, (c) =>
    c.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`),
  );
  return {
    name,
    url: mysqlUrl(server, name),
    drop: async () => {
      await withConnection(server, (c) => c.query(`DROP DATABASE IF EXISTS \`${name}\``));
    },
  };
}

export function uniqueDatabaseName(prefix: string): string {
  const suffix = `${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const safePrefix =
    prefix
      .toLowerCase()
      .replace(/[^a-z0-9_]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, MAX_NAME_LENGTH - suffix.length - 1) || 'test';
  return `${safePrefix}_${suffix}`;
}

/** Polls until `name` exists on `replica` (for code that cannot know the primary's GTID position). */
export async function waitForDatabaseOnReplica(
  replica: ServerAddress,
  name: string,
  timeoutMs = 10_000,
): Promise<void> {
  await withConnection(replica, async (c) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [rows] = await c.query<RowDataPacket[]>(
        'SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?',
        [name],
      );
      if (rows.length > 0) return;
      if (Date.now() > deadline) {
        throw new Error(
          `database ${name} did not appear on ${replica.host}:${replica.port} within ${timeoutMs} ms`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
}
