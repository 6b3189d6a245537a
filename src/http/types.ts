import type { MiddlewareHandler } from 'hono';
import type { Account } from '../domain/accounts.ts';
import type { CatalogueBrowser } from '../domain/browse.ts';
import type { BlobStore, CatalogueReader } from '../domain/ports.ts';
import type { SearchIndex } from '../domain/search.ts';
import type { AccountService } from '../services/account-service.ts';
import type { CatalogueService } from '../services/catalogue-service.ts';
import type { CollectionService } from '../services/collection-service.ts';
import type { RatingService } from '../services/rating-service.ts';
import type { ReviewService } from '../services/review-service.ts';
import type { SubmissionService } from '../services/submission-service.ts';
import type { UpdateService } from '../services/update-service.ts';
import type { UsageService } from '../services/usage-service.ts';

/** What a request may use; built per request so that a pinned request reads the primary. */
export interface RequestServices {
  /** `read` may hit a replica unless the request is pinned; `write` goes to the primary and invalidates caches. */
  readonly catalogue: { readonly read: CatalogueReader; readonly write: CatalogueService };
  /** The storefront's reads (public add-ons), cached in the process while the catalogue is unchanged. */
  readonly browse: CatalogueBrowser;
  readonly updates: UpdateService;
  readonly blobs: BlobStore;
  /** Update pings and average daily users; on the primary. */
  readonly usage: UsageService;
  /** Sign-up, sign-in, sessions, profiles, API keys (on the primary). */
  readonly accounts: AccountService;
  /** Add-on search (the built-in engine, or Elasticsearch); process-wide. */
  readonly search: SearchIndex;
  /** Ratings, replies and flags (on the primary); every write updates the add-on's aggregates. */
  readonly ratings: RatingService;
  /** Collections and their add-ons (on the primary). */
  readonly collections: CollectionService;
  /** Uploads, their validation and submissions (v5, as web-ext uses it); on the primary. */
  readonly submissions: SubmissionService;
  /** The reviewers' queue, approvals and rejections; on the primary. */
  readonly reviews: ReviewService;
}

/** What an Astro page gets as `Astro.locals`. */
export interface PageLocals {
  readonly services: RequestServices;
  /** The signed-in person, or null; pages that show it are private (the origin marks them so). */
  readonly account: Account | null;
  /** The token forms must post back as `csrf`; null until the visitor has a session or a CSRF cookie. */
  readonly csrf: string | null;
}

export interface HealthCheck {
  readonly name: string;
  check(): Promise<void>;
}

/** The slice of a logger the HTTP layer uses (pino's signature). */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Takes one entry per update check, in place of an access-log line (see UpdateCheckSummary). */
export interface UpdateCheckRecorder {
  record(entry: { status: number; source: string; ms: number; queries: number }): void;
}

export interface AppDeps {
  /** `meter` counts the request's SQL statements (see the db-timing middleware). */
  servicesFor(opts: { readonly pinned: boolean; readonly meter?: DbStats }): RequestServices;
  readonly health: readonly HealthCheck[];
  readonly version: { readonly version: string; readonly build: string; readonly commit: string };
  readonly pinSeconds: number;
  /** The public base URL, for links in API responses. */
  readonly siteUrl: string;
  readonly logger: Logger;
  /** Without one, each update check gets its own access-log line. */
  readonly updateChecks?: UpdateCheckRecorder;
  /** The storefront's pages, tried after every API route (the origin mounts Astro here). */
  readonly pages?: readonly MiddlewareHandler[];
  /** The secret the edge authenticates with (ping batches); null when no edge is configured. */
  readonly edgeToken?: string | null;
}

/** A request's SQL statements: how many, and how long they took in all. */
export interface DbStats {
  queries: number;
  durationMs: number;
  record(durationMs: number): void;
}

declare module 'hono' {
  interface ContextVariableMap {
    services: RequestServices;
    pinned: boolean;
    dbStats: DbStats;
    /** The signed-in person (session cookie or API token); null when anonymous. */
    account: Account | null;
    /** The session's CSRF token; null without a session. */
    csrf: string | null;
    /** True when `account` came from `Authorization: JWT` (no CSRF needed). */
    viaJwt: boolean;
  }
}
