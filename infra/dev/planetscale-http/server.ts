import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import type { FieldPacket, Pool, PoolConnection, ResultSetHeader } from 'mysql2/promise';
import mysql from 'mysql2/promise';

export type PlanetScaleHttpServerOptions = {
  mysql: { host: string; port: number; user: string; password?: string; database: string };
  /** 0 picks a random free port. */
  port?: number;
  host?: string;
  /** When either is given, requests must send exactly these Basic credentials or get a 401. */
  username?: string;
  password?: string;
  /** A transaction idle this long is rolled back and its connection returned to the pool. */
  idleTimeoutMs?: number;
};

export type PlanetScaleHttpServer = { url: string; port: number; close(): Promise<void> };

type Session = { signature: string; vitessSession: { sessionId: string; inTransaction: boolean } };
type Pin = { conn: PoolConnection; timer?: NodeJS.Timeout };
type ExecuteReply = { result?: object; error?: { message: string; code: string } };

const BINARY_CHARSET = 63;
const UNSIGNED_FLAG = 32;
const ENUM_FLAG = 256;
const SET_FLAG = 2048;
// MySQL column type codes (mysql2 `columnType`) to Vitess type names
const INT_TYPES: Record<number, string> = { 1: 'INT8', 2: 'INT16', 9: 'INT24', 3: 'INT32', 8: 'INT64' };
const FIXED_TYPES: Record<number, string> = {
  0: 'DECIMAL',
  246: 'DECIMAL',
  4: 'FLOAT32',
  5: 'FLOAT64',
  6: 'NULL_TYPE',
  7: 'TIMESTAMP',
  10: 'DATE',
  14: 'DATE',
  11: 'TIME',
  12: 'DATETIME',
  13: 'YEAR',
  16: 'BIT',
  245: 'JSON',
  247: 'ENUM',
  248: 'SET',
  255: 'GEOMETRY',
};
// SET TRANSACTION only affects the next transaction on the same MySQL connection, so it pins too
const STARTS_TX = /^\s*(begin|start\s+transaction|set\s+transaction)\b/i;
const ENDS_TX = /^\s*(commit|rollback)\b(?!\s+(work\s+)?to\b)/i;

/** Maps a MySQL column definition to the Vitess `querypb.Type` name that @planetscale/database casts on. */
export function vitessType(field: FieldPacket): string {
  const flags = typeof field.flags === 'number' ? field.flags : 0;
  const code = field.columnType ?? 253;
  const binary = field.characterSet === BINARY_CHARSET;
  // MariaDB sends JSON as LONGTEXT and only tags it in the extended metadata
  if (field.extendedFormat === 'json') return 'JSON';
  const int = INT_TYPES[code];
  if (int) return flags & UNSIGNED_FLAG ? `U${int}` : int;
  const fixed = FIXED_TYPES[code];
  if (fixed) return fixed;
  if (code >= 249 && code <= 252) return binary ? 'BLOB' : 'TEXT';
  if (code === 254 && flags & ENUM_FLAG) return 'ENUM';
  if (code === 254 && flags & SET_FLAG) return 'SET';
  if (code === 254) return binary ? 'BINARY' : 'CHAR';
  return binary ? 'VARBINARY' : 'VARCHAR';
}

function toResult(res: unknown, fields: FieldPacket[] | undefined): object {
  if (!Array.isArray(res)) {
    const header = res as ResultSetHeader;
    return { rowsAffected: String(header.affectedRows ?? 0), insertId: String(header.insertId ?? 0) };
  }
  return {
    rowsAffected: '0',
    insertId: '0',
    fields: (fields ?? []).map((f) => ({
      name: f.name,
      type: vitessType(f),
      table: f.table,
      orgTable: f.orgTable,
      database: f.schema,
      orgName: f.orgName,
      columnLength: f.columnLength,
      charset: f.characterSet,
      decimals: f.decimals,
      flags: f.flags,
    })),
    // typeCast:false hands us the raw text-protocol bytes, which is exactly what Vitess puts on the wire
    rows: (res as (Buffer | null)[][]).map((row) => ({
      lengths: row.map((v) => (v === null ? '-1' : String(v.length))),
      values: Buffer.concat(row.filter((v): v is Buffer => v !== null)).toString('base64'),
    })),
  };
}

function toError(err: unknown): { message: string; code: string } {
  const e = err as { sqlMessage?: string; message?: string; errno?: number; sqlState?: string };
  if (e.sqlMessage === undefined) return { message: String(e.message ?? err), code: 'UNKNOWN' };
  // Same suffix PlanetScale appends, so code matching on "(errno 1062)" works locally and in production
  const message = `${e.sqlMessage} (errno ${e.errno}) (sqlstate ${e.sqlState})`;
  const codes: Record<number, string> = {
    1062: 'ALREADY_EXISTS',
    1205: 'DEADLINE_EXCEEDED',
    1213: 'ABORTED',
  };
  return { message, code: codes[e.errno ?? 0] ?? 'UNKNOWN' };
}

/** Starts a PlanetScale HTTP API (Execute, CreateSession) over a real MySQL/MariaDB. Development and tests only. */
export async function startPlanetScaleHttpServer(
  opts: PlanetScaleHttpServerOptions,
): Promise<PlanetScaleHttpServer> {
  const pool: Pool = mysql.createPool({
    ...opts.mysql,
    charset: 'utf8mb4',
    supportBigNumbers: true,
    bigNumberStrings: true,
    connectionLimit: 10,
    // mysql2 asks for matched rows by default; Vitess reports changed rows, like plain MySQL
    flags: ['-FOUND_ROWS'],
  });
  const pins = new Map<string, Pin>();
  const idleMs = opts.idleTimeoutMs ?? 30_000;
  const checkAuth = opts.username !== undefined || opts.password !== undefined;
  const expectedAuth = `Basic ${Buffer.from(`${opts.username ?? ''}:${opts.password ?? ''}`).toString('base64')}`;

  const session = (sessionId: string): Session => ({
    signature: 'trove-dev',
    vitessSession: { sessionId, inTransaction: pins.has(sessionId) },
  });

  async function unpin(sessionId: string, rollback: boolean): Promise<void> {
    const pin = pins.get(sessionId);
    if (!pin) return;
    pins.delete(sessionId);
    clearTimeout(pin.timer);
    try {
      if (rollback) await pin.conn.query('ROLLBACK');
      pin.conn.release();
    } catch {
      pin.conn.destroy();
    }
  }

  // No timer runs while a statement executes, so a slow query is never rolled back under the client's feet
  function arm(sessionId: string, conn: PoolConnection): void {
    clearTimeout(pins.get(sessionId)?.timer);
    const timer = setTimeout(() => void unpin(sessionId, true), idleMs);
    timer.unref();
    pins.set(sessionId, { conn, timer });
  }

  async function execute(sql: string, sessionId: string, inTransaction: boolean): Promise<ExecuteReply> {
    let conn = pins.get(sessionId)?.conn;
    if (!conn && inTransaction && !/^\s*rollback\b/i.test(sql)) {
      // The pinned connection is gone, so the transaction was rolled back: never let a COMMIT pretend otherwise
      return {
        error: { message: 'transaction was rolled back (idle timeout or server restart)', code: 'ABORTED' },
      };
    }
    const pinnedNow = !conn && STARTS_TX.test(sql);
    if (pinnedNow) conn = await pool.getConnection();
    if (conn) {
      clearTimeout(pins.get(sessionId)?.timer);
      pins.set(sessionId, { conn });
    }
    let reply: ExecuteReply;
    let end = false;
    try {
      const [res, fields] = await (conn ?? pool).query({ sql, rowsAsArray: true, typeCast: false });
      reply = { result: toResult(res, fields) };
      end = ENDS_TX.test(sql);
    } catch (err) {
      reply = { error: toError(err) };
      end = pinnedNow || (err as { fatal?: boolean }).fatal === true;
    }
    if (conn && end) await unpin(sessionId, reply.error !== undefined);
    else if (conn) arm(sessionId, conn);
    return reply;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const send = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.method !== 'POST') return send(405, { error: { message: 'POST only', code: 'UNIMPLEMENTED' } });
    if (checkAuth && req.headers.authorization !== expectedAuth) {
      return send(401, { error: { message: 'invalid username or password', code: 'UNAUTHENTICATED' } });
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: { query?: unknown; session?: Partial<Session> | null };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    } catch {
      return send(400, { error: { message: 'invalid JSON body', code: 'INVALID_ARGUMENT' } });
    }
    const started = performance.now();
    const sessionId = body.session?.vitessSession?.sessionId ?? randomUUID();
    if (req.url === '/psdb.v1alpha1.Database/CreateSession') {
      return send(200, {
        branch: 'dev',
        user: { username: opts.username ?? 'root' },
        session: session(sessionId),
      });
    }
    if (req.url !== '/psdb.v1alpha1.Database/Execute') {
      return send(404, { error: { message: `unknown endpoint ${req.url}`, code: 'NOT_FOUND' } });
    }
    if (typeof body.query !== 'string') {
      return send(400, { error: { message: 'query must be a string', code: 'INVALID_ARGUMENT' } });
    }
    const inTransaction = body.session?.vitessSession?.inTransaction === true;
    const reply = await execute(body.query, sessionId, inTransaction);
    send(200, { session: session(sessionId), ...reply, timing: (performance.now() - started) / 1000 });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: toError(err) }));
    });
  });
  const host = opts.host ?? '127.0.0.1';
  const urlHost = host.includes(':') ? `[${host}]` : host;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const user = encodeURIComponent(opts.username ?? 'root');
  // The client sends the URL's credentials verbatim; a non-empty password keeps every client happy
  const pass = encodeURIComponent(opts.password ?? 'dev');

  return {
    url: `http://${user}:${pass}@${urlHost}:${port}`,
    port,
    async close() {
      await Promise.all([...pins.keys()].map((id) => unpin(id, true)));
      // fetch keeps sockets alive, so close() alone would wait for them to time out
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await pool.end();
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const target = new URL(process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test');
  const server = await startPlanetScaleHttpServer({
    mysql: {
      host: target.hostname,
      port: Number(target.port || 3306),
      user: decodeURIComponent(target.username),
      password: decodeURIComponent(target.password),
      database: target.pathname.slice(1),
    },
    port: Number(process.env.PS_HTTP_PORT ?? 3900),
    host: process.env.PS_HTTP_HOST ?? '127.0.0.1',
  });
  console.log(server.url);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
