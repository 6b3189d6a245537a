import { Kysely, sql } from 'kysely';
import { type DatabaseTarget, parseDatabaseUrl } from './database-url.ts';
import { openDialect } from './dialects.ts';
import { migrateToLatest } from './migrations.ts';
import type { DB } from './schema.ts';

export interface ReplicaHealth {
  readonly name: string;
  readonly healthy: boolean;
  readonly lagSeconds: number | null;
  readonly error: string | null;
}

/**
 * The database a process talks to: the primary for writes and for reads that must see them, and a set of
 * replicas for everything else. A replica that is down or lags more than `maxReplicaLagSeconds` is skipped
 * until a health check finds it well again; with none healthy, reads go to the primary.
 */
export interface SqlDatabase {
  readonly dialect: DatabaseTarget['dialect'];
  readonly primary: Kysely<DB>;
  /** A healthy replica, or the primary when there is none. */
  replica(): { readonly db: Kysely<DB>; readonly name: string; markDown(error: unknown): void };
  replicaHealth(): readonly ReplicaHealth[];
  checkReplicas(): Promise<void>;
  /** SQLite only: a number that changes whenever any connection commits. */
  readonly dataVersion: (() => number) | null;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  readonly url: string;
  readonly replicaUrls?: readonly string[];
  readonly baseDir: string;
  readonly poolSize?: number;
  readonly maxReplicaLagSeconds?: number;
  /** 0 disables the background health loop (tests call `checkReplicas`). */
  readonly healthIntervalMs?: number;
}

interface Replica {
  readonly name: string;
  readonly db: Kysely<DB>;
  readonly target: DatabaseTarget;
  health: ReplicaHealth;
}

function kyselyFor(target: DatabaseTarget, poolSize: number) {
  const opened = openDialect(target, { poolSize });
  return { db: new Kysely<DB>({ dialect: opened.dialect }), opened };
}

async function measureLag(replica: Replica): Promise<number | null> {
  if (replica.target.dialect !== 'mysql') {
    await sql`SELECT 1`.execute(replica.db);
    return 0;
  }
  const { rows } = await sql<Record<string, unknown>>`SHOW SLAVE STATUS`.execute(replica.db);
  const status = rows[0];
  if (!status) return 0; // not configured as a replica: a read-only copy with no lag to measure
  const lag = status.Seconds_Behind_Master;
  return lag === null || lag === undefined ? null : Number(lag);
}

export async function openDatabase(opts: OpenDatabaseOptions): Promise<SqlDatabase> {
  const poolSize = opts.poolSize ?? 10;
  const maxLag = opts.maxReplicaLagSeconds ?? 10;
  const target = parseDatabaseUrl(opts.url, opts.baseDir);
  const primary = kyselyFor(target, poolSize);
  const replicas: Replica[] = (opts.replicaUrls ?? []).map((url, i) => {
    const replicaTarget = parseDatabaseUrl(url, opts.baseDir);
    if (replicaTarget.dialect !== target.dialect) {
      throw new Error(`replica ${i + 1} is ${replicaTarget.dialect} but the primary is ${target.dialect}`);
    }
    return {
      name: `replica-${i + 1}`,
      db: kyselyFor(replicaTarget, poolSize).db,
      target: replicaTarget,
      health: { name: `replica-${i + 1}`, healthy: true, lagSeconds: 0, error: null },
    };
  });
  let next = 0;

  const markDown = (replica: Replica, error: unknown) => {
    replica.health = { ...replica.health, healthy: false, error: String(error) };
  };

  const checkReplicas = async () => {
    await Promise.all(
      replicas.map(async (replica) => {
        try {
          const lag = await measureLag(replica);
          const healthy = lag !== null && lag <= maxLag;
          const error =
            lag === null ? 'replication is stopped' : healthy ? null : `lagging ${lag}s (max ${maxLag}s)`;
          replica.health = { name: replica.name, healthy, lagSeconds: lag, error };
        } catch (error) {
          markDown(replica, error);
        }
      }),
    );
  };

  const interval = opts.healthIntervalMs ?? 2000;
  const timer =
    replicas.length > 0 && interval > 0 ? setInterval(() => void checkReplicas(), interval) : null;
  timer?.unref();
  if (replicas.length > 0) await checkReplicas();

  return {
    dialect: target.dialect,
    primary: primary.db,
    dataVersion: primary.opened.dataVersion ?? null,
    replica() {
      for (let i = 0; i < replicas.length; i++) {
        const replica = replicas[(next + i) % replicas.length];
        if (replica?.health.healthy) {
          next = (next + i + 1) % replicas.length;
          return { db: replica.db, name: replica.name, markDown: (error) => markDown(replica, error) };
        }
      }
      return { db: primary.db, name: 'primary', markDown() {} };
    },
    replicaHealth: () => replicas.map((r) => r.health),
    checkReplicas,
    migrate: () => migrateToLatest(primary.db),
    async close() {
      if (timer) clearInterval(timer);
      await Promise.all([primary.db.destroy(), ...replicas.map((r) => r.db.destroy())]);
      primary.opened.close?.();
    },
  };
}
