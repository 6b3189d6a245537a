import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { type Dialect, MysqlDialect, SqliteDialect } from 'kysely';
import { PlanetScaleDialect } from 'kysely-planetscale';
import { createPool } from 'mysql2';
import type { DatabaseTarget } from './database-url.ts';

export interface OpenedDialect {
  readonly dialect: Dialect;
  /** SQLite only: changes whenever another connection commits (`PRAGMA data_version`). */
  readonly dataVersion?: () => number;
  readonly close?: () => void;
}

/** One Kysely dialect per back end; the pool size is per process. */
export function openDialect(target: DatabaseTarget, opts: { poolSize: number }): OpenedDialect {
  switch (target.dialect) {
    case 'sqlite': {
      fs.mkdirSync(path.dirname(target.file), { recursive: true });
      const database = new Database(target.file);
      database.pragma('journal_mode = WAL');
      database.pragma('synchronous = NORMAL');
      database.pragma('busy_timeout = 10000');
      // A second connection only watches for commits made by any other connection, ours included.
      const watcher = new Database(target.file, { readonly: true });
      const probe = watcher.prepare('PRAGMA data_version').pluck();
      return {
        dialect: new SqliteDialect({ database: withStatementCache(database) }),
        dataVersion: () => probe.get() as number,
        close: () => watcher.close(),
      };
    }
    case 'mysql':
      return {
        dialect: new MysqlDialect({
          pool: createPool({
            host: target.host,
            port: target.port,
            user: target.user,
            password: target.password,
            database: target.database,
            connectionLimit: opts.poolSize,
            dateStrings: true,
            supportBigNumbers: true,
            charset: 'utf8mb4',
            timezone: 'Z',
            connectTimeout: 2000,
            enableKeepAlive: true,
          }),
        }),
      };
    case 'planetscale':
      return { dialect: new PlanetScaleDialect({ url: target.url }) };
  }
}

/**
 * Kysely prepares every query anew; better-sqlite3 frees a statement only when V8 collects it, which a
 * bulk load outpaces (gigabytes of native memory at 300k add-ons). Reusing statements by SQL text fixes
 * that and saves the compile. Safe because Kysely runs one statement at a time on this connection.
 */
function withStatementCache(database: Database.Database, max = 200) {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => database.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (stmt) {
        cache.delete(sql);
      } else {
        stmt = database.prepare(sql);
        if (cache.size >= max) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sql, stmt);
      return stmt;
    },
  };
}
