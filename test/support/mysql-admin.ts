import mysql from 'mysql2/promise';

export interface MysqlServer {
  readonly host: string;
  readonly port: number;
}

export function mysqlUrl(server: MysqlServer, database: string): string {
  return `mysql://root@${server.host}:${server.port}/${database}`;
}

/** Runs one statement as root on a server (no database selected) and returns its rows. */
export async function adminQuery<T = Record<string, unknown>>(
  server: MysqlServer,
  statement: string,
): Promise<T[]> {
  const conn = await mysql.createConnection({
    host: server.host,
    port: server.port,
    user: 'root',
    password: '',
  });
  try {
    const [rows] = await conn.query(statement);
    return rows as T[];
  } finally {
    await conn.end();
  }
}

/** Waits until the replica has applied everything the primary has written so far (MariaDB GTIDs). */
export async function waitForReplica(
  primary: MysqlServer,
  replica: MysqlServer,
  timeoutSeconds = 20,
): Promise<void> {
  const [row] = await adminQuery<{ pos: string }>(primary, 'SELECT @@gtid_binlog_pos AS pos');
  const pos = row?.pos ?? '';
  if (!pos) return;
  const [wait] = await adminQuery<{ r: number }>(
    replica,
    `SELECT MASTER_GTID_WAIT('${pos}', ${timeoutSeconds}) AS r`,
  );
  if (Number(wait?.r) !== 0) throw new Error(`replica did not reach ${pos} within ${timeoutSeconds}s`);
}

/** A uniquely named database on `server`; `drop` removes it. */
export async function createDatabase(server: MysqlServer, prefix: string) {
  const name = `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  await adminQuery(server, `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  return {
    name,
    url: mysqlUrl(server, name),
    drop: async () => {
      await adminQuery(server, `DROP DATABASE IF EXISTS \`${name}\``);
    },
  };
}
