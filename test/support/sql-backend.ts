import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqlCatalogueReader } from '../../src/adapters/sql/catalogue-reader.ts';
import { SqlCatalogueWriter } from '../../src/adapters/sql/catalogue-writer.ts';
import { openDatabase, type SqlDatabase } from '../../src/adapters/sql/open-database.ts';
import type { CatalogueBackend } from '../contract/catalogue-store.contract.ts';

/** A fresh SQLite file in a new temp dir; removed by `cleanup`. */
export function tempSqliteUrl(): { url: string; dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trove-sqlite-'));
  return {
    url: `sqlite:${path.join(dir, 'trove.db')}`,
    dir,
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** Opens a migrated database and wraps it as the contract suite's backend. */
export async function openSqlBackend(opts: {
  url: string;
  replicaUrls?: string[];
  settle?: () => Promise<void>;
  cleanup?: () => Promise<void> | void;
}): Promise<CatalogueBackend & { db: SqlDatabase }> {
  const db = await openDatabase({
    url: opts.url,
    replicaUrls: opts.replicaUrls,
    baseDir: process.cwd(),
    healthIntervalMs: 0,
  });
  await db.migrate();
  return {
    db,
    writer: new SqlCatalogueWriter(db.primary, () => new Date('2026-11-01T12:00:00Z')),
    reader: new SqlCatalogueReader(() => db.replica(), { fallback: db.primary }),
    settle: opts.settle ?? (async () => {}),
    async countStatements(fn) {
      let statements = 0;
      const reader = new SqlCatalogueReader(() => db.replica(), {
        fallback: db.primary,
        meter: {
          record() {
            statements++;
          },
        },
      });
      const result = await fn(reader);
      return { result, statements };
    },
    async close() {
      await db.close();
      await opts.cleanup?.();
    },
  };
}
