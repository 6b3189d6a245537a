import { type Kysely, sql } from 'kysely';
import type { DailyPings } from '../../domain/daily-users.ts';
import type { UsageStore } from '../../domain/ports.ts';
import type { DB } from './schema.ts';

const CHUNK = 500;

function chunked<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Update counts in SQL: one upsert statement per 500 add-ons of a batch, on the primary. */
export class SqlUsageStore implements UsageStore {
  readonly #db: Kysely<DB>;
  readonly #dialect: 'sqlite' | 'mysql' | 'planetscale';

  constructor(db: Kysely<DB>, dialect: 'sqlite' | 'mysql' | 'planetscale') {
    this.#db = db;
    this.#dialect = dialect;
  }

  async recordPings(batches: readonly DailyPings[]): Promise<void> {
    for (const { day, counts } of batches) {
      for (const guids of chunked(Object.keys(counts))) {
        const known = await this.#db.selectFrom('addons').select('guid').where('guid', 'in', guids).execute();
        if (known.length === 0) continue;
        const rows = known.map(({ guid }) => ({ guid, day, count: counts[guid] ?? 0 }));
        const insert = this.#db.insertInto('update_counts').values(rows);
        if (this.#dialect === 'sqlite') {
          await insert
            .onConflict((oc) =>
              oc.columns(['day', 'guid']).doUpdateSet({ count: sql`update_counts.count + excluded.count` }),
            )
            .execute();
        } else {
          await insert.onDuplicateKeyUpdate({ count: sql`count + VALUES(count)` }).execute();
        }
      }
    }
  }

  async dailyCounts(days: readonly string[]): Promise<Map<string, number[]>> {
    const out = new Map<string, number[]>();
    if (days.length === 0) return out;
    const rows = await this.#db
      .selectFrom('update_counts')
      .select(['guid', 'day', 'count'])
      .where('day', 'in', [...days])
      .execute();
    const index = new Map(days.map((d, i) => [d, i]));
    for (const row of rows) {
      let counts = out.get(row.guid);
      if (!counts) {
        counts = new Array(days.length).fill(0);
        out.set(row.guid, counts);
      }
      counts[index.get(row.day) ?? 0] = Number(row.count);
    }
    return out;
  }

  async setAverageDailyUsers(users: ReadonlyMap<string, number>): Promise<number> {
    let updated = 0;
    for (const entries of chunked([...users])) {
      await this.#db.transaction().execute(async (tx) => {
        for (const [guid, adu] of entries) {
          const result = await tx
            .updateTable('addons')
            .set({ average_daily_users: adu })
            .where('guid', '=', guid)
            .executeTakeFirst();
          updated += Number(result.numUpdatedRows);
        }
      });
    }
    return updated;
  }
}
