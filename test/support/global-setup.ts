/**
 * Vitest global setup: one MariaDB primary + replica pair for the whole run.
 *
 * Tests read the addresses with `inject('mariadb')`. The pair's control functions (stop/pause the
 * replica) cannot cross into test workers; tests that need them start a private pair with
 * `startMariadbPair()`, so they never disturb the shared one.
 *
 * Environment:
 * - TROVE_TEST_MARIADB_PAIR=external: start nothing, use TROVE_TEST_MARIADB_PRIMARY and
 *   TROVE_TEST_MARIADB_REPLICA (host:port) instead.
 * - TROVE_TEST_MARIADB_BASE_PORT: first port to try for the pair (default 3316).
 * - TROVE_TEST_MARIADB_PLAIN: host:port of the plain server (default 127.0.0.1:3306).
 */
import type { TestProject } from 'vitest/node';
import { type MariadbPair, startMariadbPair } from '../../infra/dev/mariadb-pair.ts';

export interface MariadbAddress {
  host: string;
  port: number;
}

export interface MariadbTestServers {
  /** Binlogging primary; writes here replicate to `replica`. */
  primary: MariadbAddress;
  /** Read-only GTID replica of `primary`. */
  replica: MariadbAddress;
  /** The machine's ordinary server (no binlog). */
  plain: MariadbAddress;
}

declare module 'vitest' {
  export interface ProvidedContext {
    mariadb: MariadbTestServers;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const plain = parseAddress(
    'TROVE_TEST_MARIADB_PLAIN',
    process.env.TROVE_TEST_MARIADB_PLAIN ?? '127.0.0.1:3306',
  );
  let pair: MariadbPair | undefined;
  if (process.env.TROVE_TEST_MARIADB_PAIR === 'external') {
    project.provide('mariadb', {
      primary: parseAddress('TROVE_TEST_MARIADB_PRIMARY', process.env.TROVE_TEST_MARIADB_PRIMARY),
      replica: parseAddress('TROVE_TEST_MARIADB_REPLICA', process.env.TROVE_TEST_MARIADB_REPLICA),
      plain,
    });
  } else {
    const basePort = process.env.TROVE_TEST_MARIADB_BASE_PORT;
    pair = await startMariadbPair({ basePort: basePort ? Number(basePort) : undefined });
    project.provide('mariadb', {
      primary: { host: pair.primary.host, port: pair.primary.port },
      replica: { host: pair.replica.host, port: pair.replica.port },
      plain,
    });
  }
  return async () => {
    await pair?.close();
  };
}

function parseAddress(name: string, value: string | undefined): MariadbAddress {
  const match = value?.trim().match(/^(.+):(\d+)$/);
  if (!match?.[1] || !match[2]) {
    throw new Error(`${name} must be host:port (got ${JSON.stringify(value)})`);
  }
  return { host: match[1].replace(/^\[(.*)\]$/, '$1'), port: Number(match[2]) };
}
