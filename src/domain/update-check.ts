import { type AppShort, findApplicationByGuid } from './constants.ts';
import type { ManifestVersion, UpdateManifest } from './update-manifest.ts';
import { versionIntCached } from './version-int.ts';

export type CompatMode = 'strict' | 'normal' | 'ignore';

/** A parsed update check: only these four of Firefox's parameters change the answer (amo.md a.2). */
export interface UpdateQuery {
  readonly id: string;
  readonly app: AppShort;
  readonly appVersion: string;
  /** Any value other than strict/normal behaves as ignore. */
  readonly compatMode: CompatMode;
}

/** Longest guid AMO stores (`addons.guid` is varchar(255)); a longer id can only be unknown. */
export const MAX_GUID_LENGTH = 255;

/** Reads the parameters as AMO's Updater does; null means the request is invalid (HTTP 400 `{}`). */
export function parseUpdateQuery(get: (name: string) => string | undefined): UpdateQuery | null {
  const id = get('id');
  const appId = get('appID');
  const appVersion = get('appVersion');
  if (!id || !appId || !appVersion) return null;
  const app = findApplicationByGuid(appId);
  if (!app) return null;
  const mode = get('compatMode') ?? 'strict';
  const compatMode: CompatMode = mode === 'strict' || mode === 'normal' ? mode : 'ignore';
  return { id, app: app.short, appVersion, compatMode };
}

/** The version AMO would offer: min always inclusive, max by compat mode, highest version id wins. */
export function selectUpdate(manifest: UpdateManifest, query: UpdateQuery): ManifestVersion | null {
  const clientInt = versionIntCached(query.appVersion);
  for (const version of manifest.versions) {
    const compat = version.compat[query.app];
    if (!compat) continue;
    if (versionIntCached(compat.min) > clientInt) continue;
    const checkMax =
      query.compatMode === 'strict' || (query.compatMode === 'normal' && version.file.strictCompatibility);
    if (checkMax && versionIntCached(compat.max) < clientInt) continue;
    return version;
  }
  return null;
}

export interface UpdateAnswer {
  readonly status: 200 | 400;
  readonly body: string;
  /** A strong validator of `body`, for ETag and If-None-Match. */
  readonly etag: string;
}

/** cyrb53: a fast 53-bit hash of a string, quoted as an HTTP entity tag. Pure, so every runtime agrees. */
export function etagOf(body: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < body.length; i++) {
    const ch = body.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return `"${(4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36)}"`;
}

function answer(status: 200 | 400, body: string): UpdateAnswer {
  return Object.freeze({ status, body, etag: etagOf(body) });
}

/** AMO's answer to a check missing id, appID or appVersion, or naming an unknown application. */
export const INVALID_UPDATE_QUERY: UpdateAnswer = answer(400, '{}');
/** AMO's answer for an unknown, deleted or disabled add-on: the same `{}`, but 200. */
export const UNKNOWN_ADDON: UpdateAnswer = answer(200, '{}');

/**
 * The whole HTTP answer of `/update/` (amo.md a.4): one function, shared by the origin and the edge, so the
 * two can never disagree. `manifest` is null for unknown, deleted or disabled add-ons.
 */
export function answerUpdateCheck(
  query: UpdateQuery | null,
  manifest: UpdateManifest | null,
  siteUrl: string,
): UpdateAnswer {
  if (!query) return INVALID_UPDATE_QUERY;
  if (!manifest) return UNKNOWN_ADDON;
  const version = selectUpdate(manifest, query);
  const updates: unknown[] = [];
  if (version) {
    const compat = version.compat[query.app];
    const gecko: Record<string, string> = { strict_min_version: compat?.min ?? '' };
    if (version.file.strictCompatibility && compat) gecko.strict_max_version = compat.max;
    const update: Record<string, unknown> = {
      version: version.version,
      update_link: `${siteUrl}/${query.app}/downloads/file/${version.file.id}/${version.file.filename}`,
      applications: { gecko },
    };
    if (version.file.hash) update.update_hash = version.file.hash;
    if (version.hasReleaseNotes) {
      update.update_info_url = `${siteUrl}/%APP_LOCALE%/${query.app}/addon/${manifest.slug}/versions/${version.version}/updateinfo/`;
    }
    updates.push(update);
  }
  return answer(200, JSON.stringify({ addons: { [query.id]: { updates } } }));
}
