import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, connect, DatabaseError } from '@planetscale/database';
import { type Generated, Kysely, sql } from 'kysely';
import { PlanetScaleDialect } from 'kysely-planetscale';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type PlanetScaleHttpServer,
  startPlanetScaleHttpServer,
} from '../../infra/dev/planetscale-http/server.ts';

const MYSQL = { host: '127.0.0.1', port: 3306, user: 'root', password: '' };
const DB = `ps_http_test_${randomBytes(6).toString('hex')}`;

type ItemsTable = { id: Generated<number>; name: string; created: Date | null };

let admin: mysql.Pool;
let server: PlanetScaleHttpServer;
let client: Client;

beforeAll(async () => {
  admin = mysql.createPool({ ...MYSQL, connectionLimit: 2 });
  await admin.query(`CREATE DATABASE \`${DB}\` CHARACTER SET utf8mb4`);
  server = await startPlanetScaleHttpServer({
    mysql: { ...MYSQL, database: DB },
    port: 0,
    username: 'trove',
    password: 's3cret',
  });
  client = new Client({ url: server.url });
  await client.execute(`CREATE TABLE things (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    body TEXT NULL,
    qty INT NULL,
    small SMALLINT UNSIGNED NULL,
    big BIGINT NULL,
    price DECIMAL(10, 2) NULL,
    ratio DOUBLE NULL,
    created DATETIME NULL,
    day DATE NULL,
    data BLOB NULL,
    bin VARBINARY(16) NULL,
    meta JSON NULL,
    kind ENUM('free', 'paid') NULL,
    yr YEAR NULL,
    UNIQUE KEY uniq_name (name)
  )`);
  await client.execute(
    'CREATE TABLE items (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(64), created DATETIME)',
  );
});

afterAll(async () => {
  await server?.close();
  await admin?.query(`DROP DATABASE IF EXISTS \`${DB}\``);
  await admin?.end();
});

const countItems = async (name: string) =>
  (await client.execute('SELECT COUNT(*) AS n FROM items WHERE name = ?', [name])).rows[0]?.n;

describe('planetscale http server with @planetscale/database', () => {
  const tricky = `it's "quoted" \\ back\nslash`;
  const unicode = 'héllo wörld 🦊 日本語';

  it('inserts parameters and reports insertId and rowsAffected', async () => {
    const res = await client.execute(
      'INSERT INTO things (name, body, qty, small, big, price, ratio, created, day, data, bin, meta, kind, yr) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [
        tricky,
        unicode,
        -42,
        65535,
        '9007199254740993',
        '12345678.90',
        0.25,
        '2024-02-29 13:14:15',
        '2024-02-29',
        new Uint8Array([0, 1, 254, 255]),
        new Uint8Array([0xde, 0xad]),
        '{"a":[1,"x"]}',
        'paid',
        2024,
      ],
    );
    expect(res.rowsAffected).toBe(1);
    expect(res.insertId).toBe('1');

    const many = await client.execute('INSERT INTO things (name, body) VALUES (:a, NULL), (:b, :b)', {
      a: 'second',
      b: 'third',
    });
    expect(many.rowsAffected).toBe(2);
    expect(many.insertId).toBe('2');
  });

  it('casts selected values the way the client expects', async () => {
    const res = await client.execute('SELECT * FROM things WHERE name = ?', [tricky]);
    expect(res.size).toBe(1);
    expect(res.rows[0]).toEqual({
      id: '1',
      name: tricky,
      body: unicode,
      qty: -42,
      small: 65535,
      big: '9007199254740993',
      price: '12345678.90',
      ratio: 0.25,
      created: '2024-02-29 13:14:15',
      day: '2024-02-29',
      data: new Uint8Array([0, 1, 254, 255]),
      bin: new Uint8Array([0xde, 0xad]),
      meta: { a: [1, 'x'] },
      kind: 'paid',
      yr: 2024,
    });
    expect(res.types).toMatchObject({
      id: 'INT64',
      name: 'VARCHAR',
      body: 'TEXT',
      qty: 'INT32',
      small: 'UINT16',
      big: 'INT64',
      price: 'DECIMAL',
      ratio: 'FLOAT64',
      created: 'DATETIME',
      day: 'DATE',
      data: 'BLOB',
      bin: 'VARBINARY',
      meta: 'JSON',
      kind: 'ENUM',
      yr: 'YEAR',
    });
    expect(res.fields.find((f) => f.name === 'data')?.charset).toBe(63);
    expect(res.fields.find((f) => f.name === 'name')).toMatchObject({ table: 'things', database: DB });
  });

  it('returns NULLs and empty strings distinctly, and rows as arrays', async () => {
    const res = await client.execute(
      'SELECT name, body, qty, data, ? AS empty FROM things WHERE id = 2',
      [''],
      {
        as: 'array',
      },
    );
    expect(res.rows).toEqual([['second', null, null, null, '']]);
    const none = await client.execute('SELECT * FROM things WHERE id = -1');
    expect(none.rows).toEqual([]);
    expect(none.headers).toContain('big');
  });

  it('reports rowsAffected for UPDATE and DELETE, and insertId 0 when none', async () => {
    const upd = await client.execute('UPDATE things SET qty = qty + 1 WHERE id IN (?)', [[2, 3]]);
    expect(upd.rowsAffected).toBe(0); // qty is NULL on both, so nothing changed
    const upd2 = await client.execute('UPDATE things SET qty = 7 WHERE id IN (?)', [[2, 3]]);
    expect(upd2.rowsAffected).toBe(2);
    expect(upd2.insertId).toBe('0');
    const del = await client.execute('DELETE FROM things WHERE id = 3');
    expect(del.rowsAffected).toBe(1);
  });

  it('turns SQL errors into DatabaseError with the MySQL message', async () => {
    const missing = await client.execute('SELECT * FROM no_such_table').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(DatabaseError);
    expect((missing as DatabaseError).status).toBe(400);
    expect((missing as DatabaseError).message).toContain(`Table '${DB}.no_such_table' doesn't exist`);
    expect((missing as DatabaseError).message).toContain('(errno 1146)');

    const dup = await client
      .execute('INSERT INTO things (name) VALUES (?)', ['second'])
      .catch((e: unknown) => e);
    expect((dup as DatabaseError).message).toContain("Duplicate entry 'second'");
    expect((dup as DatabaseError).body.code).toBe('ALREADY_EXISTS');

    const syntax = await client.execute('SELEC 1').catch((e: unknown) => e);
    expect((syntax as DatabaseError).message).toContain('You have an error in your SQL syntax');
  });

  it('commits a transaction', async () => {
    const out = await client.transaction(async (tx) => {
      await tx.execute('INSERT INTO items (name) VALUES (?)', ['committed']);
      await tx.execute('INSERT INTO items (name) VALUES (?)', ['committed']);
      return 'done';
    });
    expect(out).toBe('done');
    expect(await countItems('committed')).toBe('2');
  });

  it('really rolls back a transaction, which is invisible to others while open', async () => {
    const err = await client
      .transaction(async (tx) => {
        await tx.execute('INSERT INTO items (name) VALUES (?)', ['rolled-back']);
        // the transaction sees its own write on its pinned connection; a fresh session does not
        expect(
          (await tx.execute('SELECT COUNT(*) AS n FROM items WHERE name = ?', ['rolled-back'])).rows[0]?.n,
        ).toBe('1');
        expect(await countItems('rolled-back')).toBe('0');
        throw new Error('boom');
      })
      .catch((e: unknown) => e);
    expect((err as Error).message).toBe('boom');
    expect(await countItems('rolled-back')).toBe('0');
  });

  it('keeps a session across calls on connect() and manual BEGIN/COMMIT', async () => {
    const conn = connect({ url: server.url });
    await conn.execute('BEGIN');
    await conn.execute('INSERT INTO items (name) VALUES (?)', ['manual']);
    expect(await countItems('manual')).toBe('0');
    await conn.execute('COMMIT');
    expect(await countItems('manual')).toBe('1');
    // after COMMIT the session is no longer pinned and keeps working on the pool
    expect((await conn.execute('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('handles concurrent requests', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => client.execute('SELECT ? AS i, SLEEP(0.01) AS s', [i])),
    );
    expect(results.map((r) => r.rows[0]?.i)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('rejects a wrong password with 401', async () => {
    const bad = new Client({ url: server.url.replace(':s3cret@', ':wrong@') });
    const err = await bad.execute('SELECT 1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseError);
    expect((err as DatabaseError).status).toBe(401);
  });

  it('rolls back a transaction left idle, and a later COMMIT fails', async () => {
    const quick = await startPlanetScaleHttpServer({ mysql: { ...MYSQL, database: DB }, idleTimeoutMs: 150 });
    try {
      const conn = connect({ url: quick.url });
      await conn.execute('BEGIN');
      await conn.execute('INSERT INTO items (name) VALUES (?)', ['abandoned']);
      await sleep(600);
      await expect(conn.execute('COMMIT')).rejects.toThrow(/rolled back/);
      expect(await countItems('abandoned')).toBe('0');
    } finally {
      await quick.close();
    }
  });
});

describe('planetscale http server with kysely-planetscale', () => {
  let db: Kysely<{ items: ItemsTable }>;

  beforeAll(() => {
    db = new Kysely({ dialect: new PlanetScaleDialect({ url: server.url }) });
  });

  afterAll(async () => {
    await db?.destroy();
  });

  it('inserts, selects, and inflates DATETIME to Date', async () => {
    const created = new Date('2024-05-06T07:08:09.000Z');
    const res = await db.insertInto('items').values({ name: 'kysely', created }).executeTakeFirstOrThrow();
    expect(typeof res.insertId).toBe('bigint');
    expect(res.numInsertedOrUpdatedRows).toBe(1n);
    const row = await db
      .selectFrom('items')
      .selectAll()
      .where('id', '=', Number(res.insertId))
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: 'kysely', id: Number(res.insertId) });
    expect(row.created).toBeInstanceOf(Date);
    const upd = await db
      .updateTable('items')
      .set({ name: 'kysely2' })
      .where('name', '=', 'kysely')
      .executeTakeFirst();
    expect(upd.numUpdatedRows).toBe(1n);
  });

  it('commits and rolls back transactions', async () => {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('items').values({ name: 'ky-commit', created: null }).execute();
    });
    expect(await countItems('ky-commit')).toBe('1');

    const err = await db
      .transaction()
      .setIsolationLevel('serializable')
      .execute(async (trx) => {
        await trx.insertInto('items').values({ name: 'ky-rollback', created: null }).execute();
        throw new Error('nope');
      })
      .catch((e: unknown) => e);
    expect((err as Error).message).toBe('nope');
    expect(await countItems('ky-rollback')).toBe('0');
  });

  it('surfaces SQL errors', async () => {
    await expect(sql`SELECT nope FROM items`.execute(db)).rejects.toThrow(/Unknown column 'nope'/);
  });
});
