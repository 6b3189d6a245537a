import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65_535);
const list = z
  .string()
  .optional()
  .transform((s) =>
    (s ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  );

/** Every environment variable Trove reads, with its default. The README's table mirrors this. */
export const configSchema = z
  .object({
    PORT: port.default(8787),
    HOST: z.string().default('127.0.0.1'),
    SITE_URL: z.url({ protocol: /^https?$/ }).optional(),
    TROVE_DATA_DIR: z.string().min(1).default('.trove'),
    DATABASE_URL: z.string().min(1).optional(),
    DATABASE_REPLICA_URLS: list,
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
    REPLICA_MAX_LAG_SECONDS: z.coerce.number().min(0).default(10),
    PIN_SECONDS: z.coerce.number().min(0).default(15),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
      .optional(),
    /** Prefix of every Redis key; the edge reads manifests under the same one (its REDIS_KEY_PREFIX). */
    REDIS_KEY_PREFIX: z.string().min(1).default('trove:'),
    CACHE_MAX_ENTRIES: z.coerce.number().int().min(0).default(400_000),
    CACHE_WARM_ADDONS: z.coerce.number().int().min(0).optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DEMO_ADDONS: z.coerce.number().int().min(0).default(500),
    BUILD_ID: z.string().default('dev'),
    GIT_COMMIT: z.string().default('unknown'),
    /** Search on Elasticsearch (`trove search reindex` fills it); without it, the built-in engine. */
    ELASTICSEARCH_URL: z.url({ protocol: /^https?$/ }).optional(),
    /** The edge in front of this origin, for purges; with EDGE_TOKEN, the secret both sides share. */
    EDGE_URL: z.url({ protocol: /^https?$/ }).optional(),
    EDGE_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    /** How often the origin rolls update pings up into average daily users; 0 turns it off. */
    USAGE_ROLLUP_MINUTES: z.coerce.number().min(0).default(60),
    /** The largest add-on package accepted by the upload API, in bytes. */
    UPLOAD_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(200 * 1024 * 1024),
    /** Where background jobs run: `bullmq` (Redis), `memory` (this process); default bullmq with REDIS_URL. */
    JOBS: z.enum(['memory', 'bullmq']).optional(),
    /** Run as `COMMAND IN OUT` to sign each approved package; unset: packages are served as uploaded. */
    SIGNING_COMMAND: z.string().min(1).optional(),
  })
  .refine((env) => env.JOBS !== 'bullmq' || env.REDIS_URL, {
    message: 'bullmq needs REDIS_URL',
    path: ['JOBS'],
  })
  .transform((env) => ({
    port: env.PORT,
    host: env.HOST,
    siteUrl: (env.SITE_URL ?? `http://127.0.0.1:${env.PORT}`).replace(/\/$/, ''),
    dataDir: env.TROVE_DATA_DIR,
    databaseUrl: env.DATABASE_URL ?? `sqlite:${env.TROVE_DATA_DIR}/trove.db`,
    replicaUrls: env.DATABASE_REPLICA_URLS,
    poolSize: env.DATABASE_POOL_SIZE,
    maxReplicaLagSeconds: env.REPLICA_MAX_LAG_SECONDS,
    pinSeconds: env.PIN_SECONDS,
    redisUrl: env.REDIS_URL ?? null,
    redisKeyPrefix: env.REDIS_KEY_PREFIX,
    cacheMaxEntries: env.CACHE_MAX_ENTRIES,
    cacheWarmAddons: Math.min(env.CACHE_WARM_ADDONS ?? env.CACHE_MAX_ENTRIES, env.CACHE_MAX_ENTRIES),
    logLevel: env.LOG_LEVEL,
    demoAddons: env.DEMO_ADDONS,
    buildId: env.BUILD_ID,
    commit: env.GIT_COMMIT,
    elasticsearchUrl: env.ELASTICSEARCH_URL ?? null,
    edgeUrl: env.EDGE_URL?.replace(/\/$/, '') ?? null,
    edgeToken: env.EDGE_TOKEN ?? null,
    usageRollupMinutes: env.USAGE_ROLLUP_MINUTES,
    uploadMaxBytes: env.UPLOAD_MAX_BYTES,
    jobs: env.JOBS ?? (env.REDIS_URL ? 'bullmq' : 'memory'),
    signingCommand: env.SIGNING_COMMAND ?? null,
  }));

export type Config = z.output<typeof configSchema>;
