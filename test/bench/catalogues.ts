import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../../src/adapters/sql/open-database.ts';
import { withConnection } from '../support/mysql-test-db.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const MARIADB = { host: '127.0.0.1', port: 3306 };

const adminQuery = (statement: string) => withConnection(MARIADB, (c) => c.query(statement));

export interface BenchCatalogue {
  readonly name: string;
  readonly databaseUrl: string;
  /** Guids by popularity, most used first. */
  readonly guids: readonly string[];
}

async function countAndGuids(url: string): Promise<{ count: number; guids: string[] }> {
  const db = await openDatabase({ url, baseDir: ROOT });
  try {
    await db.migrate();
    const rows = await db.primary
      .selectFrom('addons')
      .select('guid')
      .orderBy('average_daily_users', 'desc')
      .execute();
    return { count: rows.length, guids: rows.map((r) => r.guid) };
  } finally {
    await db.close();
  }
}

function seed(url: string, addons: number): void {
  const started = performance.now();
  const result = spawnSync(
    process.execPath,
    [path.join(ROOT, 'src/cli/main.ts'), 'seed', '--addons', String(addons)],
    {
      env: { ...process.env, DATABASE_URL: url },
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) throw new Error(`trove seed failed for ${url}`);
  console.log(`seeded ${addons} add-ons in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** The bench catalogue on a back end: reused when it already holds `addons` add-ons, else seeded anew. */
export async function ensureCatalogue(kind: 'sqlite' | 'mariadb', addons: number): Promise<BenchCatalogue> {
  const file = path.join(ROOT, '.trove/bench', `catalogue-${addons}.db`);
  const name = `trove_bench_${addons}`;
  const create = `CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`;
  if (kind === 'mariadb') await adminQuery(create);
  const url = kind === 'sqlite' ? `sqlite:${file}` : `mysql://root@127.0.0.1:3306/${name}`;
  let found = await countAndGuids(url);
  if (found.count !== addons) {
    // An interrupted seed leaves a partial catalogue: the bench owns these databases, so start over.
    if (found.count > 0) {
      console.log(`${url} holds ${found.count} add-ons, not ${addons}: seeding it anew`);
      if (kind === 'sqlite')
        for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
      else await adminQuery(`DROP DATABASE \`${name}\``).then(() => adminQuery(create));
    }
    seed(url, addons);
    found = await countAndGuids(url);
  } else {
    console.log(`reusing ${url} (${addons} add-ons)`);
  }
  return { name: kind, databaseUrl: url, guids: found.guids };
}
