import type { Kysely, Transaction } from 'kysely';
import type { VersionDetail } from '../../domain/browse.ts';
import type { CompatRange } from '../../domain/catalogue.ts';
import { type AppShort, type ChannelId, getApplicationById } from '../../domain/constants.ts';
import { bool, fromSqlDate } from './rows.ts';
import type { DB } from './schema.ts';

export const VERSION_COLUMNS = [
  'v.id',
  'v.version',
  'v.channel',
  'v.release_notes',
  'v.license',
  'v.created',
  'f.id as file_id',
  'f.filename',
  'f.size',
  'f.hash',
  'f.status as file_status',
  'f.strict_compatibility',
  'f.permissions',
  'v.review_notes',
] as const;

export interface VersionRow {
  id: number;
  version: string;
  channel: number;
  release_notes: string | null;
  license: string | null;
  created: string;
  file_id: number;
  filename: string;
  size: number | string;
  hash: string;
  file_status: number;
  strict_compatibility: number;
  permissions: string;
  review_notes?: string | null;
}

export interface CompatRow {
  version_id?: number;
  id?: number;
  app: number | null;
  min_version: string | null;
  max_version: string | null;
}

function permissionsOf(json: string): string[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
}

/** Versions from rows (one per version, or one per version and app), with compat from `compat` rows. */
export function toVersions(rows: readonly VersionRow[], compat: readonly CompatRow[]): VersionDetail[] {
  const ranges = new Map<number, Partial<Record<AppShort, CompatRange>>>();
  for (const c of compat) {
    const versionId = Number(c.version_id ?? c.id);
    if (c.app === null || c.min_version === null || c.max_version === null) continue;
    const byApp = ranges.get(versionId) ?? {};
    byApp[getApplicationById(Number(c.app)).short] = { min: c.min_version, max: c.max_version };
    ranges.set(versionId, byApp);
  }
  const seen = new Set<number>();
  const versions: VersionDetail[] = [];
  for (const row of rows) {
    const id = Number(row.id);
    if (seen.has(id)) continue;
    seen.add(id);
    versions.push({
      id,
      version: row.version,
      channel: Number(row.channel) as ChannelId,
      releaseNotes: row.release_notes,
      license: row.license,
      created: fromSqlDate(row.created),
      file: {
        id: Number(row.file_id),
        filename: row.filename,
        size: Number(row.size),
        hash: row.hash,
        status: Number(row.file_status),
        strictCompatibility: bool(row.strict_compatibility),
        permissions: permissionsOf(row.permissions),
      },
      compat: ranges.get(id) ?? {},
      reviewNotes: row.review_notes ?? null,
    });
  }
  return versions;
}

/** The compatibility rows of these versions: one statement. */
export async function compatOf(
  db: Kysely<DB> | Transaction<DB>,
  versionIds: readonly number[],
): Promise<CompatRow[]> {
  if (versionIds.length === 0) return [];
  return (await db
    .selectFrom('version_compat as c')
    .select(['c.version_id', 'c.app', 'c.min_version', 'c.max_version'])
    .where('c.version_id', 'in', [...versionIds])
    .execute()) as CompatRow[];
}
