import type { Account, ProfileInput } from './accounts.ts';
import type { AddonInput, AddonSummary } from './catalogue.ts';
import type { DailyPings } from './daily-users.ts';
import type { UpdateManifest } from './update-manifest.ts';

/** Counts the SQL statements a piece of work runs (a request's Server-Timing), with their durations. */
export interface StatementMeter {
  record(durationMs: number): void;
}

/** Time, injected so the domain never reads the wall clock itself. */
export interface Clock {
  now(): Date;
}

export type AddonSort = 'users' | 'rating' | 'created' | 'updated';

export interface Page<T> {
  readonly count: number;
  readonly results: readonly T[];
}

/**
 * Catalogue reads. An adapter may serve them from a replica, so a use case that must see its own write
 * takes the primary's reader instead (see `CatalogueHandles`).
 */
export interface CatalogueReader {
  /** The update manifest of the add-on with this guid, or null when it is unknown, deleted or disabled. */
  findUpdateManifest(guid: string): Promise<UpdateManifest | null>;
  /** Manifests of many add-ons at once (missing or not served: absent from the map); for cache warming. */
  findUpdateManifests(guids: readonly string[]): Promise<Map<string, UpdateManifest>>;
  /** Guids of the add-ons that get updates, most used first. */
  listUpdateGuids(limit: number): Promise<string[]>;
  findAddonByGuid(guid: string): Promise<AddonSummary | null>;
  listAddons(opts: { sort: AddonSort; limit: number; offset: number }): Promise<Page<AddonSummary>>;
  countAddons(): Promise<number>;
  /** The stored file's name and owner, for downloads; null when there is no such approved listed file. */
  findFile(fileId: number): Promise<{ addonId: number; filename: string; hash: string } | null>;
  ping(): Promise<void>;
}

export interface ImportResult {
  readonly created: number;
  readonly replaced: number;
  readonly guids: readonly string[];
}

/** Catalogue writes; always on the primary. */
export interface CatalogueWriter {
  /** Adds or replaces (matched by guid) these add-ons in one transaction: all or nothing. */
  importAddons(addons: readonly AddonInput[]): Promise<ImportResult>;
  /** Bulk insert of new add-ons for the seed tool: no replacement, ids assigned by the caller. */
  insertNewAddons(addons: readonly AddonInput[]): Promise<void>;
}

/** A cache lookup: a hit (`manifest` null is a cached "unknown add-on"), or a miss with a token to fill it. */
export type ManifestLookup =
  | { readonly hit: true; readonly manifest: UpdateManifest | null }
  | { readonly hit: false; readonly token: FillToken };

/** Identifies the cache generation a fill started in; `recentWrite` asks the filler to read the primary. */
export interface FillToken {
  readonly generation: string;
  readonly recentWrite: boolean;
}

/**
 * A cache of update manifests by guid. `invalidate` must be called after every write that touches an
 * add-on, its versions, files or compatibility, so that no answer is stale after the write.
 */
export interface UpdateManifestCache {
  lookup(guid: string): Promise<ManifestLookup>;
  /** Stores the manifest unless the guid was invalidated after `token` was issued (a fill racing a write). */
  fill(guid: string, manifest: UpdateManifest | null, token: FillToken): Promise<void>;
  invalidate(guids: readonly string[]): Promise<void>;
}

/** Update pings counted per add-on per day, and the average daily users derived from them. */
export interface UsageStore {
  /** Adds these counts (pings of add-ons that are not in the catalogue are ignored). */
  recordPings(batches: readonly DailyPings[]): Promise<void>;
  /** Per add-on with any pings on these days: its count on each day, in the order given (0 when none). */
  dailyCounts(days: readonly string[]): Promise<Map<string, number[]>>;
  /** Stores each add-on's average daily users; resolves to how many add-ons were updated. */
  setAverageDailyUsers(users: ReadonlyMap<string, number>): Promise<number>;
}

/** Add-on packages and other uploaded bytes, by key such as `files/123/tab_sorter-1.0.xpi`. */
export interface BlobStore {
  get(key: string): Promise<Uint8Array<ArrayBuffer> | null>;
  put(key: string, bytes: Uint8Array): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface NewAccount {
  readonly username: string;
  readonly email: string;
  readonly displayName: string;
  readonly passwordHash: string;
}

/** People, their groups and API keys. Writes on the primary. */
export interface AccountStore {
  /** Throws TroveError `username-taken` / `email-taken`. */
  createUser(user: NewAccount, now: Date): Promise<number>;
  /** A user who may sign in (not deleted), by username or email, with the password hash. */
  findLogin(
    login: string,
  ): Promise<{ readonly account: Account; readonly passwordHash: string | null } | null>;
  findAccount(userId: number): Promise<Account | null>;
  updateProfile(userId: number, changes: ProfileInput): Promise<void>;
  /** Deletes the account as AMO does: personal data cleared, the row kept for its add-ons and ratings. */
  deleteUser(userId: number): Promise<void>;
  /** Adds the user to groups by name, creating missing groups with these rules. */
  joinGroups(
    userId: number,
    groups: readonly { readonly name: string; readonly rules: string }[],
  ): Promise<void>;
  acceptDeveloperAgreement(userId: number, now: Date): Promise<void>;
  createApiKey(userId: number, secret: string, now: Date): Promise<string>;
  /** The active key, by its name or its owner; null when unknown or revoked. */
  findApiKey(
    ref: { readonly key: string } | { readonly userId: number },
  ): Promise<{ readonly key: string; readonly userId: number; readonly secret: string } | null>;
  /** Revokes every active key of the user; resolves to how many. */
  revokeApiKeys(userId: number): Promise<number>;
}

/** Signed-in sessions, by the hash of their token. */
export interface SessionStore {
  create(session: { id: string; userId: number; csrf: string; expires: Date }, now: Date): Promise<void>;
  find(id: string, now: Date): Promise<{ readonly userId: number; readonly csrf: string } | null>;
  delete(id: string): Promise<void>;
  deleteForUser(userId: number): Promise<void>;
}

/** Password hashing (argon2id at the origin). */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

/** Counts attempts in a window (login throttling): memory in one process, Redis across them. */
export interface RateLimiter {
  /** Records one attempt for `key`; `allowed` false once more than `limit` happened in `windowSeconds`. */
  hit(
    key: string,
    limit: number,
    windowSeconds: number,
  ): Promise<{ readonly allowed: boolean; readonly retryAfterSeconds: number }>;
  reset(key: string): Promise<void>;
}

/** How a job is retried: `attempts` runs in all, waiting `backoff` between them. */
export interface JobOptions {
  readonly attempts?: number;
  readonly backoff?: { readonly type: 'fixed' | 'exponential'; readonly delayMs: number };
  readonly delayMs?: number;
  /** A job with the id of one still queued or running is not added again. */
  readonly jobId?: string;
}

export interface JobProcessOptions<T> {
  /** Jobs of this name run at most this many at a time in this process (default 1). */
  readonly concurrency?: number;
  /** At most `max` jobs of this name start per `durationMs`, as AMO's `@task(rate_limit='60/h')`. */
  readonly rateLimit?: { readonly max: number; readonly durationMs: number };
  /** Called once a job has failed its last attempt. */
  readonly onFailed?: (data: T, error: Error) => Promise<void> | void;
}

/** Background jobs by name: in this process (embedded) or on Redis (BullMQ). */
export interface JobQueue {
  enqueue<T>(name: string, data: T, opts?: JobOptions): Promise<void>;
  /** The handler throws to fail an attempt; `attempt` counts from 1. */
  process<T>(
    name: string,
    handler: (data: T, job: { readonly attempt: number }) => Promise<void>,
    opts?: JobProcessOptions<T>,
  ): void;
  close(): Promise<void>;
}
