import type { AddonRef } from '../../domain/browse.ts';
import { APPLICATIONS, type AppShort } from '../../domain/constants.ts';
import { TroveError } from '../../domain/errors.ts';
import { addonStatusFor } from '../../domain/submission.ts';
import type { StoredIds, VersionPlan } from '../../domain/submission-ports.ts';
import { bool, toSqlDate } from './rows.ts';
import type { Db } from './submission-reads.ts';

/** Row writes shared by the submission store's transactions. */

export function isDuplicate(error: unknown): boolean {
  return /UNIQUE constraint|Duplicate entry|ER_DUP_ENTRY/i.test(
    `${(error as { code?: string }).code ?? ''} ${String(error)}`,
  );
}

export function insertId(result: { insertId?: bigint | number }): number {
  if (result.insertId === undefined) throw new Error('the database did not report the new row id');
  return Number(result.insertId);
}

export function whereRef(ref: AddonRef) {
  return 'id' in ref
    ? (['id', ref.id] as const)
    : 'guid' in ref
      ? (['guid', ref.guid] as const)
      : (['slug', ref.slug] as const);
}

export async function uniqueSlug(db: Db, wanted: string): Promise<string> {
  const taken = new Set(
    (await db.selectFrom('addons').select('slug').where('slug', 'like', `${wanted}%`).execute()).map(
      (r) => r.slug,
    ),
  );
  if (!taken.has(wanted)) return wanted;
  for (let n = 2; ; n++) if (!taken.has(`${wanted}-${n}`)) return `${wanted}-${n}`;
}

/** Sets an add-on's status from its listed files, as after every version change. */
export async function refreshStatus(db: Db, addonId: number, now: Date): Promise<void> {
  const addon = await db
    .selectFrom('addons')
    .select('status')
    .where('id', '=', addonId)
    .executeTakeFirstOrThrow();
  const versions = await db
    .selectFrom('versions as v')
    .innerJoin('files as f', 'f.version_id', 'v.id')
    .select(['v.channel', 'v.deleted', 'f.status'])
    .where('v.addon_id', '=', addonId)
    .execute();
  const status = addonStatusFor(
    Number(addon.status),
    versions.map((v) => ({
      channel: Number(v.channel),
      fileStatus: Number(v.status),
      deleted: bool(v.deleted),
    })),
  );
  await db
    .updateTable('addons')
    .set({ status, last_updated: toSqlDate(now) })
    .where('id', '=', addonId)
    .execute();
}

export async function insertVersion(
  db: Db,
  addonId: number,
  plan: VersionPlan,
  now: Date,
): Promise<StoredIds> {
  const claimed = await db
    .updateTable('uploads')
    .set({ submitted: 1 })
    .where('uuid', '=', plan.uploadUuid)
    .where('submitted', '=', 0)
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) throw new TroveError('Conflict', 'Upload already submitted.');
  const created = toSqlDate(now);
  const versionId = insertId(
    await db
      .insertInto('versions')
      .values({
        addon_id: addonId,
        version: plan.version,
        channel: plan.channel,
        deleted: 0,
        release_notes: plan.releaseNotes,
        license: plan.license,
        created,
      })
      .executeTakeFirst(),
  );
  const fileId = insertId(
    await db
      .insertInto('files')
      .values({
        version_id: versionId,
        status: plan.file.status,
        hash: plan.file.hash,
        size: plan.file.size,
        filename: plan.file.filename,
        strict_compatibility: plan.file.strictCompatibility ? 1 : 0,
        permissions: JSON.stringify(plan.file.permissions),
        created,
      })
      .executeTakeFirst(),
  );
  const compat = Object.entries(plan.compat).flatMap(([app, range]) =>
    range
      ? [
          {
            version_id: versionId,
            app: APPLICATIONS[app as AppShort].id,
            min_version: range.min,
            max_version: range.max,
          },
        ]
      : [],
  );
  if (compat.length > 0) await db.insertInto('version_compat').values(compat).execute();
  return { addonId, versionId, fileId };
}
