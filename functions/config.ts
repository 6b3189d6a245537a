import { z } from 'zod';

const optionalUrl = z.preprocess(
  (v) => (v === '' ? undefined : v),
  z.url({ protocol: /^https?$/ }).optional(),
);
const count = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

/** The edge Worker's bindings (wrangler `vars` and secrets), validated once per isolate. */
export const edgeEnvSchema = z
  .object({
    ORIGIN_URL: z.url({ protocol: /^https?$/ }),
    /** The public base URL the origin uses in update answers; the edge must render the same links. */
    SITE_URL: optionalUrl,
    /** Shared secret between origin and edge: authenticates purges and ping batches. Purge is off without it. */
    EDGE_TOKEN: z.string().min(16).optional(),
    UPSTASH_REDIS_REST_URL: optionalUrl,
    UPSTASH_REDIS_REST_TOKEN: z.string().optional(),
    REDIS_KEY_PREFIX: z.string().default('trove:'),
    /** `http(s)://user:password@host` of a read-only (replica) PlanetScale credential. */
    PLANETSCALE_REPLICA_URL: optionalUrl,
    /** `cache-api` keeps a per-isolate memory tier in front of `caches.default`; `memory` uses it alone. */
    EDGE_CACHE: z.enum(['cache-api', 'memory']).default('cache-api'),
    EDGE_MEMORY_ENTRIES: count(20_000),
    /** How long the memory tier trusts an entry before asking the shared cache again (purges elsewhere). */
    EDGE_MEMORY_SECONDS: count(2),
    /** Production: purge every data centre by tag through the zone API (see README, "Edge purge"). */
    CF_ZONE_ID: z.string().optional(),
    CF_API_TOKEN: z.string().optional(),
    ORIGIN_TIMEOUT_MS: count(10_000),
    SOURCE_TIMEOUT_MS: count(1_000),
    /** Freshness of update answers at the edge; they are also purged whenever the add-on changes. */
    UPDATE_TTL_SECONDS: count(3_600),
    PING_FLUSH_MS: count(1_000),
  })
  .refine((e) => !e.UPSTASH_REDIS_REST_URL || e.UPSTASH_REDIS_REST_TOKEN, {
    message: 'UPSTASH_REDIS_REST_TOKEN is required with UPSTASH_REDIS_REST_URL',
    path: ['UPSTASH_REDIS_REST_TOKEN'],
  })
  .refine((e) => !e.CF_ZONE_ID === !e.CF_API_TOKEN, {
    message: 'CF_ZONE_ID and CF_API_TOKEN go together',
    path: ['CF_API_TOKEN'],
  })
  .transform((e) => ({
    originUrl: e.ORIGIN_URL.replace(/\/$/, ''),
    siteUrl: e.SITE_URL?.replace(/\/$/, '') ?? null,
    edgeToken: e.EDGE_TOKEN ?? null,
    upstash: e.UPSTASH_REDIS_REST_URL
      ? {
          url: e.UPSTASH_REDIS_REST_URL,
          token: e.UPSTASH_REDIS_REST_TOKEN ?? '',
          keyPrefix: e.REDIS_KEY_PREFIX,
        }
      : null,
    planetscaleUrl: e.PLANETSCALE_REPLICA_URL ?? null,
    zonePurge: e.CF_ZONE_ID && e.CF_API_TOKEN ? { zoneId: e.CF_ZONE_ID, apiToken: e.CF_API_TOKEN } : null,
    cache: e.EDGE_CACHE,
    memoryEntries: e.EDGE_MEMORY_ENTRIES,
    memorySeconds: e.EDGE_MEMORY_SECONDS,
    originTimeoutMs: e.ORIGIN_TIMEOUT_MS,
    sourceTimeoutMs: e.SOURCE_TIMEOUT_MS,
    updateTtlSeconds: e.UPDATE_TTL_SECONDS,
    pingFlushMs: e.PING_FLUSH_MS,
  }));

export type EdgeConfig = z.output<typeof edgeEnvSchema>;

export class EdgeConfigError extends Error {
  override readonly name = 'EdgeConfigError';
}

/** Validates the bindings; the error names every bad variable and says what is wrong with it. */
export function loadEdgeConfig(env: Record<string, unknown>): EdgeConfig {
  const result = edgeEnvSchema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.') || 'env'}: ${i.message}`);
  throw new EdgeConfigError(`Invalid edge configuration:\n  ${problems.join('\n  ')}`);
}
