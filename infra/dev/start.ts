import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError, loadConfig, parseEnv } from '../../src/config/load-config.ts';
import { createLogger } from '../../src/origin/logger.ts';
import { sampleUpdateUrl } from '../../src/origin/main.ts';
import { runOrigin } from '../../src/origin/run.ts';
import { freePort, startEdge } from './edge/run-edge.ts';
import { startUpstashRestServer } from './upstash-rest/server.ts';

const port = z.coerce.number().int().min(0).max(65_535);

/** `npm start`'s own settings; everything else is the origin's (src/config/schema.ts) or the edge's. */
const startSchema = z.object({
  /** The edge's port, the one people use; 0 picks a free one. */
  PORT: port.default(8787),
  HOST: z.string().default('127.0.0.1'),
  /** The origin's port on 127.0.0.1, behind the edge; 0 picks a free one. */
  ORIGIN_PORT: port.default(4321),
  EDGE_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
  REDIS_KEY_PREFIX: z.string().default('trove:'),
  PLANETSCALE_REPLICA_URL: z.url({ protocol: /^https?$/ }).optional(),
  TROVE_DATA_DIR: z.string().default('.trove'),
});

/**
 * `npm start`: the edge Worker under workerd on PORT in front of the origin on 127.0.0.1:ORIGIN_PORT, as in
 * production. With REDIS_URL, the edge reads update manifests from that Redis through a local
 * Upstash-REST server, as it would from Upstash.
 */
async function main() {
  const env = parseEnv(startSchema, process.env);
  const edgePort = env.PORT || (await freePort(env.HOST));
  const originPort = env.ORIGIN_PORT || (await freePort());
  const edgeUrl = `http://${env.HOST}:${edgePort}`;
  const originUrl = `http://127.0.0.1:${originPort}`;
  const edgeToken = env.EDGE_TOKEN ?? randomBytes(24).toString('hex');
  const config = loadConfig({
    ...process.env,
    PORT: String(originPort),
    HOST: '127.0.0.1',
    SITE_URL: process.env.SITE_URL ?? edgeUrl,
    EDGE_URL: edgeUrl,
    EDGE_TOKEN: edgeToken,
  });
  const logger = createLogger(config);

  const upstash = env.REDIS_URL
    ? await startUpstashRestServer({ redisUrl: env.REDIS_URL, token: edgeToken })
    : null;
  // The edge starts first: the origin purges it after the demo catalogue is seeded.
  const edge = await startEdge({
    port: edgePort,
    host: env.HOST,
    workDir: path.join(env.TROVE_DATA_DIR, 'edge'),
    bindings: {
      ORIGIN_URL: originUrl,
      SITE_URL: config.siteUrl,
      EDGE_TOKEN: edgeToken,
      REDIS_KEY_PREFIX: env.REDIS_KEY_PREFIX,
      ...(upstash ? { UPSTASH_REDIS_REST_URL: upstash.url, UPSTASH_REDIS_REST_TOKEN: edgeToken } : {}),
      ...(env.PLANETSCALE_REPLICA_URL ? { PLANETSCALE_REPLICA_URL: env.PLANETSCALE_REPLICA_URL } : {}),
    },
    onOutput: (line) => logger.warn({ workerd: line }, 'edge output'),
  });
  edge.process.once('exit', (code) => {
    logger.error({ code }, 'the edge (workerd) exited');
    process.exit(1);
  });
  const origin = await runOrigin(config, logger).catch(async (error) => {
    edge.process.removeAllListeners('exit');
    await Promise.allSettled([edge.dispose(), upstash?.close()]);
    throw error;
  });

  console.log(
    `Trove is serving on ${edge.url} (edge: workerd; origin: ${origin.url}, ${origin.container.db.dialect})`,
  );
  const [guid] = await origin.container.servicesFor({ pinned: true }).catalogue.read.listUpdateGuids(1);
  if (guid) console.log(`Try an update check: ${sampleUpdateUrl(edge.url, guid)}`);

  const stop = async () => {
    edge.process.removeAllListeners('exit');
    await Promise.allSettled([edge.dispose(), origin.close(), upstash?.close()]);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(error instanceof ConfigError ? 2 : 1);
});
