import path from 'node:path';
import { Client } from '@elastic/elasticsearch';
import { Redis } from 'ioredis';
import { Argon2Hasher } from '../adapters/auth/argon2-hasher.ts';
import { MemoryRateLimiter } from '../adapters/auth/memory-rate-limiter.ts';
import { RedisRateLimiter } from '../adapters/auth/redis-rate-limiter.ts';
import { FsBlobStore } from '../adapters/blob/fs-blob-store.ts';
import { MemoryManifestCache } from '../adapters/cache/memory-manifest-cache.ts';
import { RedisManifestCache } from '../adapters/cache/redis-manifest-cache.ts';
import { HttpEdgePurger } from '../adapters/edge/http-edge-purger.ts';
import { createJobQueue } from '../adapters/jobs/create-job-queue.ts';
import { packageAdapters } from '../adapters/packages/package-adapters.ts';
import { ElasticsearchSearchIndex } from '../adapters/search/elasticsearch-search-index.ts';
import { MemorySearchIndex } from '../adapters/search/memory-search-index.ts';
import { SqlAccountStore, SqlSessionStore } from '../adapters/sql/account-store.ts';
import { SqlCatalogueBrowser } from '../adapters/sql/catalogue-browser.ts';
import { type ReadTarget, SqlCatalogueReader } from '../adapters/sql/catalogue-reader.ts';
import { SqlCatalogueWriter } from '../adapters/sql/catalogue-writer.ts';
import { SqlCollectionStore } from '../adapters/sql/collection-store.ts';
import { openDatabase, type SqlDatabase } from '../adapters/sql/open-database.ts';
import { metered } from '../adapters/sql/query-meter.ts';
import { SqlRatingStore } from '../adapters/sql/rating-store.ts';
import { SqlSearchDocuments } from '../adapters/sql/search-documents.ts';
import { SqlSubmissionStore } from '../adapters/sql/submission-store.ts';
import { SqlUploadStore } from '../adapters/sql/upload-store.ts';
import { SqlUsageStore } from '../adapters/sql/usage-store.ts';
import type { Config } from '../config/schema.ts';
import type { CatalogueBrowser } from '../domain/browse.ts';
import { DEFAULT_PACKAGE_LIMITS } from '../domain/package-rules.ts';
import type { AccountStore, JobQueue, StatementMeter, UpdateManifestCache } from '../domain/ports.ts';
import type { SearchIndex } from '../domain/search.ts';
import type { DbStats, HealthCheck, Logger, RequestServices } from '../http/types.ts';
import { registerJobs } from '../jobs/register.ts';
import { AccountService } from '../services/account-service.ts';
import { BrowseCache } from '../services/browse-cache.ts';
import { CatalogueService } from '../services/catalogue-service.ts';
import { CollectionService } from '../services/collection-service.ts';
import { RatingService } from '../services/rating-service.ts';
import { ReviewService } from '../services/review-service.ts';
import { SearchSync, SwappableSearchIndex } from '../services/search-sync.ts';
import { SubmissionService } from '../services/submission-service.ts';
import { RenderedAnswers, UpdateService } from '../services/update-service.ts';
import { UsageService } from '../services/usage-service.ts';

const INVALIDATION_CHANNEL = 'manifest-invalidations';

export interface Container {
  readonly config: Config;
  readonly db: SqlDatabase;
  readonly catalogue: CatalogueService;
  readonly memoryCache: MemoryManifestCache | null;
  readonly usage: UsageService;
  readonly search: SearchIndex;
  readonly accounts: AccountService;
  /** For operators' commands (groups); requests go through `accounts`. */
  readonly accountStore: AccountStore;
  /** True while nothing in the catalogue changed after `date` (prerendered pages are still current). */
  unchangedSince(date: Date): Promise<boolean>;
  /** Builds the search index (the origin does it in the background at start) and keeps it current. */
  readonly searchSync: SearchSync;
  /** Background jobs (BullMQ with Redis, else in this process); the origin runs their workers. */
  readonly jobs: JobQueue;
  readonly submissions: SubmissionService;
  readonly reviews: ReviewService;
  readonly health: readonly HealthCheck[];
  servicesFor(opts: { readonly pinned: boolean; readonly meter?: DbStats }): RequestServices;
  close(): Promise<void>;
}

export interface ContainerOptions {
  readonly logger: Logger;
  /** The origin keeps a process cache; a one-shot command (`trove import`) only invalidates. */
  readonly role: 'origin' | 'command';
  readonly now?: () => Date;
}

function connectRedis(url: string, logger: Logger, role: ContainerOptions['role']): Redis {
  // The origin fails fast instead of queueing commands while Redis is away: a cache that is down is a miss.
  // A command waits for the connection: its invalidations must reach Redis.
  const redis = new Redis(url, {
    enableOfflineQueue: role === 'command',
    maxRetriesPerRequest: 0,
    connectTimeout: 1000,
    commandTimeout: 500,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  redis.on('error', (err) => logger.warn({ err: err.message }, 'redis error'));
  return redis;
}

/** Wires adapters to services from the validated config: the one place that knows about both. */
export async function createContainer(config: Config, opts: ContainerOptions): Promise<Container> {
  const { logger } = opts;
  const now = opts.now ?? (() => new Date());
  const db = await openDatabase({
    url: config.databaseUrl,
    replicaUrls: config.replicaUrls,
    baseDir: process.cwd(),
    poolSize: config.poolSize,
    maxReplicaLagSeconds: config.maxReplicaLagSeconds,
  });
  await db.migrate();

  const pinMs = config.pinSeconds * 1000;
  const redis = config.redisUrl ? connectRedis(config.redisUrl, logger, opts.role) : null;
  // This container's own invalidations are already applied locally when it hears them back.
  const sender = crypto.randomUUID();
  const redisCache = redis
    ? new RedisManifestCache(redis, {
        keyPrefix: config.redisKeyPrefix,
        pinMs,
        now: () => now().getTime(),
        channel: `${config.redisKeyPrefix}${INVALIDATION_CHANNEL}`,
        sender,
      })
    : null;
  // A process cache is only safe where other processes' writes reach it: SQLite's data_version, or Redis.
  const memoryCache =
    opts.role === 'origin' && config.cacheMaxEntries > 0 && (db.dataVersion || redis)
      ? new MemoryManifestCache({
          maxEntries: config.cacheMaxEntries,
          pinMs,
          now: () => now().getTime(),
          externalChange: watchDataVersion(db.dataVersion),
        })
      : null;
  const accountStore = new SqlAccountStore(db.primary);
  const accounts = new AccountService({
    accounts: accountStore,
    sessions: new SqlSessionStore(db.primary),
    hasher: new Argon2Hasher(),
    limiter: redis ? new RedisRateLimiter(redis, config.redisKeyPrefix) : new MemoryRateLimiter(),
    clock: { now },
  });
  const onSearchError = (error: unknown) => logger.warn({ err: String(error) }, 'search index update failed');
  // Elasticsearch when configured (filled by `trove search reindex`, then kept current); else the built-in
  // engine, built at start and rebuilt aside when another process changed the embedded database.
  const elasticsearch = config.elasticsearchUrl ? new Client({ node: config.elasticsearchUrl }) : null;
  const esIndex = elasticsearch ? new ElasticsearchSearchIndex(elasticsearch) : null;
  if (esIndex && opts.role === 'origin') await esIndex.ensureIndex().catch(onSearchError);
  const search = new SwappableSearchIndex(esIndex ?? new MemorySearchIndex());
  const searchSync = new SearchSync(
    search,
    new SqlSearchDocuments(db.primary),
    async (docs) => esIndex ?? MemorySearchIndex.load(docs),
  );
  // Bumped by every change this process sees; with SQLite's data_version it tells the read cache to start over.
  let changes = 0;
  const subscriber = opts.role === 'origin' && redis ? redis.duplicate({ enableOfflineQueue: true }) : null;
  if (subscriber) {
    // While the subscription is down, other processes' invalidations are missed: start over when it returns.
    let connections = 0;
    subscriber.on('ready', () => {
      memoryCache?.clear();
      // A reconnection may have missed changes: caches start over. The first connection missed nothing.
      if (connections++ > 0) changes++;
    });
    subscriber.on('error', (err) => logger.warn({ err: err.message }, 'redis subscription error'));
    subscriber.on('message', (_channel, message) => {
      const { sender: from, guids } = JSON.parse(message) as { sender: string; guids: string[] };
      if (from === sender) return;
      changes++;
      if (memoryCache) void memoryCache.invalidate(guids);
      void searchSync.changed(guids).catch(onSearchError);
    });
    await subscriber
      .subscribe(`${config.redisKeyPrefix}${INVALIDATION_CHANNEL}`)
      .catch((err) => logger.warn({ err: String(err) }, 'no redis'));
  }

  const caches = [memoryCache, redisCache].filter(
    (c): c is MemoryManifestCache | RedisManifestCache => c !== null,
  );
  const sharedCaches: UpdateManifestCache[] = caches;
  const onPrimary: ReadTarget = () => ({ db: db.primary, markDown() {} });
  const onReplica: ReadTarget = () => db.replica();
  // Rendered answers are only reused while their manifest is the cached object: sized like the cache.
  const rendered = memoryCache ? new RenderedAnswers(config.cacheMaxEntries) : undefined;
  const onCacheError = (error: unknown) => logger.warn({ err: String(error) }, 'manifest cache unavailable');
  const purger =
    config.edgeUrl && config.edgeToken ? new HttpEdgePurger(config.edgeUrl, config.edgeToken) : undefined;
  // The edge reads manifests from Redis: after a write, they are rewritten there from the primary.
  const republish = redisCache
    ? async (guids: readonly string[]) => {
        for (const guid of guids) await pinnedUpdates.manifest(guid);
      }
    : undefined;
  const catalogueFor = (meter?: DbStats) =>
    new CatalogueService({
      writer: new SqlCatalogueWriter(metered(db.primary, meter), now),
      caches: sharedCaches,
      republish,
      purger,
      onPropagationError: (error) => logger.warn({ err: String(error) }, 'edge purge or republish failed'),
      onChanged: async (guids) => {
        changes++;
        if (opts.role === 'origin') await searchSync.changed(guids);
      },
    });
  const dataVersion = db.dataVersion;
  const changesAtStart = changes;
  const dataVersionAtStart = dataVersion ? dataVersion() : 0;
  let lastChangeAtStart: Promise<number> | undefined;
  // Without a change signal from other processes (MySQL without Redis), entries live a few seconds only.
  const browseCache = new BrowseCache({
    maxEntries: 5000,
    ttlMs: dataVersion || redis ? 60_000 : 5_000,
    now: () => now().getTime(),
    generation: () => `${changes}:${dataVersion ? dataVersion() : 0}`,
  });
  const catalogue = catalogueFor();
  const usage = new UsageService(new SqlUsageStore(db.primary, db.dialect), { now });
  const readersFor = (pinned: boolean, meter?: StatementMeter) => {
    const primaryReader = new SqlCatalogueReader(onPrimary, { meter });
    const reader = pinned
      ? primaryReader
      : new SqlCatalogueReader(onReplica, { fallback: db.primary, meter });
    return { reader, primaryReader };
  };
  const updateService = (pinned: boolean) =>
    new UpdateService({
      caches: sharedCaches,
      readers: (meter) => readersFor(pinned, meter),
      siteUrl: config.siteUrl,
      onCacheError,
      rendered,
    });
  const updates = updateService(false);
  const pinnedUpdates = updateService(true);
  const blobs = new FsBlobStore(path.join(config.dataDir, 'blobs'));
  const jobs = createJobQueue(config, (err) => logger.warn({ err: String(err) }, 'job queue error'));
  const packages = packageAdapters(config);
  const limits = { ...DEFAULT_PACKAGE_LIMITS, maxUploadBytes: config.uploadMaxBytes };
  const submissionsFor = (sql: typeof db.primary, write: CatalogueService) =>
    new SubmissionService({
      uploads: new SqlUploadStore(sql),
      store: new SqlSubmissionStore(sql),
      ...{ blobs, jobs, limits, signer: packages.signer, clock: { now } },
      changed: (guids) => write.changed(guids),
      onQueueError: (err) => logger.warn({ err: String(err) }, 'upload validation not queued'),
    });
  const reviewsFor = (sql: typeof db.primary, write: CatalogueService) =>
    new ReviewService({
      store: new SqlSubmissionStore(sql),
      ...{ blobs, signer: packages.signer, clock: { now } },
      changed: (guids) => write.changed(guids),
    });
  const submissions = submissionsFor(db.primary, catalogue);
  const reviews = reviewsFor(db.primary, catalogue);
  if (opts.role === 'origin') {
    registerJobs(jobs, {
      uploads: new SqlUploadStore(db.primary),
      ...{ blobs, limits, reader: packages.reader, linter: packages.linter },
      changed: (guids) => catalogue.changed(guids),
    });
    // Uploads left unvalidated by a crash or a restart are queued again.
    submissions
      .resumePending()
      .then((n) => n > 0 && logger.info({ uploads: n }, 'queued pending upload validations'))
      .catch((err) => logger.warn({ err: String(err) }, 'pending uploads not queued'));
  }

  const health: HealthCheck[] = [
    { name: 'database', check: () => new SqlCatalogueReader(onPrimary).ping() },
    ...db.replicaHealth().map((r) => ({
      name: `database_${r.name}`,
      async check() {
        const now = db.replicaHealth().find((x) => x.name === r.name);
        if (!now?.healthy) throw new Error(now?.error ?? 'unhealthy');
      },
    })),
    ...(redis ? [{ name: 'cache', check: async () => void (await redis.ping()) }] : []),
    ...(elasticsearch ? [{ name: 'search', check: async () => void (await elasticsearch.ping()) }] : []),
  ];

  return {
    config,
    db,
    catalogue,
    memoryCache,
    usage,
    search,
    searchSync,
    accounts,
    accountStore,
    jobs,
    submissions,
    reviews,
    async unchangedSince(date: Date) {
      if (changes !== changesAtStart || (dataVersion && dataVersion() !== dataVersionAtStart)) return false;
      lastChangeAtStart ??= db.primary
        .selectFrom('addons')
        .select((eb) => eb.fn.max('last_updated').as('last'))
        .executeTakeFirst()
        .then((row) => (row?.last ? new Date(`${String(row.last).replace(' ', 'T')}Z`).getTime() : 0));
      return (await lastChangeAtStart) <= date.getTime();
    },
    health,
    // Per request: one object; readers and writers are made on first use, with the request's meter.
    servicesFor: ({ pinned, meter }) => {
      let read: SqlCatalogueReader | undefined;
      let write: CatalogueService | undefined;
      let browse: CatalogueBrowser | undefined;
      let ratings: RatingService | undefined;
      let collections: CollectionService | undefined;
      let submissionService: SubmissionService | undefined;
      let reviewService: ReviewService | undefined;
      return {
        catalogue: {
          get read() {
            read ??= readersFor(pinned, meter).reader;
            return read;
          },
          get write() {
            write ??= meter ? catalogueFor(meter) : catalogue;
            return write;
          },
        },
        get browse() {
          browse ??= pinned
            ? new SqlCatalogueBrowser(onPrimary, { meter })
            : browseCache.wrap(new SqlCatalogueBrowser(onReplica, { meter, fallback: db.primary }));
          return browse;
        },
        updates: pinned ? pinnedUpdates : updates,
        blobs,
        usage,
        search,
        accounts,
        get ratings() {
          ratings ??= new RatingService({
            store: new SqlRatingStore(metered(db.primary, meter)),
            browse: this.browse,
            // A rating changes the add-on's own pages at once; listings catch up within their edge lifetime.
            changed: (guids) => this.catalogue.write.changed(guids, { listings: false }),
            clock: { now },
          });
          return ratings;
        },
        get collections() {
          collections ??= new CollectionService({
            store: new SqlCollectionStore(metered(db.primary, meter)),
            browse: this.browse,
            clock: { now },
          });
          return collections;
        },
        get submissions() {
          submissionService ??= meter
            ? submissionsFor(metered(db.primary, meter), this.catalogue.write)
            : submissions;
          return submissionService;
        },
        get reviews() {
          reviewService ??= meter ? reviewsFor(metered(db.primary, meter), this.catalogue.write) : reviews;
          return reviewService;
        },
      };
    },
    async close() {
      await jobs.close();
      subscriber?.disconnect();
      redis?.disconnect();
      await db.close();
    },
  };
}

/**
 * True once after another connection committed. Probed at most once a millisecond: a probe reads SQLite's
 * WAL index (3–10 µs), which at thousands of update checks a second was a fifth of the origin's CPU; a
 * write made by another process is therefore seen within 1 ms of its commit.
 */
function watchDataVersion(dataVersion: (() => number) | null): (() => boolean) | undefined {
  if (!dataVersion) return undefined;
  let last = dataVersion();
  let probedAt = performance.now();
  return () => {
    const now = performance.now();
    if (now - probedAt < 1) return false;
    probedAt = now;
    const current = dataVersion();
    if (current === last) return false;
    last = current;
    return true;
  };
}
