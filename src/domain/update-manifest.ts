import { ADDON_STATUS, type AppShort, CHANNEL, FILE_STATUS } from './constants.ts';

/**
 * Everything the update check needs about one add-on, precomputed so that an answer costs no SQL: the
 * add-on's identity and its update candidates (listed, not deleted, approved file), newest id first.
 * Plain JSON, so a process cache, Redis or the edge can hold it.
 */
export interface UpdateManifest {
  readonly addonId: number;
  readonly guid: string;
  readonly slug: string;
  readonly versions: readonly ManifestVersion[];
}

export interface ManifestVersion {
  readonly id: number;
  readonly version: string;
  readonly hasReleaseNotes: boolean;
  readonly file: {
    readonly id: number;
    readonly hash: string;
    readonly filename: string;
    readonly strictCompatibility: boolean;
  };
  readonly compat: Partial<Record<AppShort, { readonly min: string; readonly max: string }>>;
}

/** The add-on fields that decide whether it gets updates at all. */
export interface UpdateEligibility {
  readonly status: number;
  readonly disabledByUser: boolean;
}

/** AMO's Updater: deleted, admin-disabled and developer-disabled add-ons are unknown to Firefox. */
export function servesUpdates(addon: UpdateEligibility): boolean {
  return (
    addon.status !== ADDON_STATUS.deleted && addon.status !== ADDON_STATUS.disabled && !addon.disabledByUser
  );
}

/** The rows a version contributes, as any store reads them. */
export interface CandidateRow {
  readonly channel: number;
  readonly deleted: boolean;
  readonly fileStatus: number;
}

/** Only listed, not deleted versions whose file is approved are ever offered (amo.md a.3, query 2). */
export function isUpdateCandidate(row: CandidateRow): boolean {
  return row.channel === CHANNEL.listed && !row.deleted && row.fileStatus === FILE_STATUS.public;
}
