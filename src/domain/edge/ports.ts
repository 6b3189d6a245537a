import type { UpdateManifest } from '../update-manifest.ts';
import type { EdgePolicy } from './cache-policy.ts';

/**
 * The origin's manifest endpoint, followed by the add-on's guid URL-encoded (`src/http/manifest.ts`): the last
 * layer of the edge's update chain. It answers `{"manifest": UpdateManifest | null}`.
 */
export const ORIGIN_MANIFEST_PATH = '/__trove/manifest/';

/**
 * One layer of the edge's update chain (Redis, a database replica). `found: false` means this layer does
 * not know and the next one is asked; `manifest: null` is a known answer: the add-on is unknown, deleted
 * or disabled.
 */
export interface ManifestLayer {
  readonly name: string;
  find(
    guid: string,
  ): Promise<{ readonly found: true; readonly manifest: UpdateManifest | null } | { readonly found: false }>;
}

/** A response as the edge stores it, with what it needs to decide freshness and to purge it. */
export interface StoredResponse {
  readonly status: number;
  /** Headers sent to visitors (never `Set-Cookie`). */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Uint8Array<ArrayBuffer>;
  readonly storedAt: number;
  readonly policy: EdgePolicy;
  readonly tags: readonly string[];
}

/** The edge's shared cache of anonymous responses, by normalised key. */
export interface EdgeCache {
  match(key: string): Promise<StoredResponse | undefined>;
  /** Keeps the entry for its policy's whole retention (fresh, then stale-while-revalidate, then stale-if-error). */
  put(key: string, entry: StoredResponse): Promise<void>;
  /** Removes every entry carrying one of these tags; resolves to how many were removed. */
  purgeTags(tags: readonly string[]): Promise<number>;
}

/** The origin's way to tell the edge that pages, API reads and update answers with these tags changed. */
export interface EdgePurger {
  purge(tags: readonly string[]): Promise<void>;
}
