import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addonForUpdatesQuery, updateCandidatesQuery } from '../../src/adapters/sql/catalogue-reader.ts';
import { addonFactory, versionFactory } from '../support/factories.ts';
import { createTestDatabase } from '../support/mysql-test-db.ts';
import { openSqlBackend, tempSqliteUrl } from '../support/sql-backend.ts';

type Backend = Awaited<ReturnType<typeof openSqlBackend>>;

async function explain(
  backend: Backend,
  query: { compile(): { sql: string; parameters: readonly unknown[] } },
) {
  const compiled = query.compile();
  const prefix = backend.db.dialect === 'sqlite' ? 'EXPLAIN QUERY PLAN ' : 'EXPLAIN ';
  const raw = sql.raw(prefix + compiled.sql);
  // Parameters are bound again by position on the raw statement.
  const statement = { ...raw.compile(backend.db.primary), parameters: compiled.parameters };
  const result = await backend.db.primary.executeQuery(statement);
  return result.rows as Record<string, unknown>[];
}

async function seed(backend: Backend) {
  const addons = Array.from({ length: 200 }, (_, i) =>
    addonFactory({
      versions: [
        versionFactory({ compat: { firefox: { min: `${50 + (i % 50)}.0`, max: '*' } } }),
        versionFactory(),
      ],
    }),
  );
  await backend.writer.importAddons(addons);
  return addons[17]?.guid ?? '';
}

/** The update check's two statements must use indexes on every back end (amo.md a.5). */
describe('update check query plans', () => {
  let sqlite: Backend;
  let mariadb: Backend;
  const tempSqlite = tempSqliteUrl();

  beforeAll(async () => {
    sqlite = await openSqlBackend({ url: tempSqlite.url, cleanup: tempSqlite.cleanup });
    const database = await createTestDatabase(inject('mariadb').plain, 'trove_plans');
    mariadb = await openSqlBackend({ url: database.url, cleanup: database.drop });
  });
  afterAll(async () => {
    await sqlite?.close();
    await mariadb?.close();
  });

  it('SQLite: both statements search by index, none scans a table', async () => {
    const guid = await seed(sqlite);
    const addon = await explain(sqlite, addonForUpdatesQuery(sqlite.db.primary, guid));
    const versions = await explain(sqlite, updateCandidatesQuery(sqlite.db.primary, 17));
    const plan = [...addon, ...versions].map((r) => String(r.detail));
    console.log(`SQLite plans:\n  ${plan.join('\n  ')}`);
    expect(plan.some((d) => /SEARCH addons USING INDEX .*guid/.test(d))).toBe(true);
    expect(plan.some((d) => /SEARCH v USING INDEX versions_addon_idx/.test(d))).toBe(true);
    expect(plan.filter((d) => /^SCAN (addons|v|f|c)\b/.test(d))).toEqual([]);
  });

  it('MariaDB: every table is reached through an index (no type ALL)', async () => {
    const guid = await seed(mariadb);
    await sql`ANALYZE TABLE addons, versions, files, version_compat`.execute(mariadb.db.primary);
    const rows = [
      ...(await explain(mariadb, addonForUpdatesQuery(mariadb.db.primary, guid))),
      ...(await explain(mariadb, updateCandidatesQuery(mariadb.db.primary, 17))),
    ];
    console.log(
      `MariaDB plans:\n  ${rows.map((r) => `${r.table}: type=${r.type} key=${r.key} rows=${r.rows}`).join('\n  ')}`,
    );
    expect(rows.map((r) => r.table)).toEqual(expect.arrayContaining(['addons', 'v', 'f', 'c']));
    for (const row of rows) {
      expect(row.type, String(row.table)).not.toBe('ALL');
      expect(row.key, String(row.table)).toBeTruthy();
    }
  });
});
