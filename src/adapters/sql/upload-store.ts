import type { Kysely } from 'kysely';
import type { ChannelId } from '../../domain/constants.ts';
import type { PackageManifest, Upload, ValidationResult } from '../../domain/submission.ts';
import type { NewUpload, UploadStore } from '../../domain/submission-ports.ts';
import { bool, fromSqlDate, toSqlDate } from './rows.ts';
import type { DB } from './schema.ts';

function parsed<T>(json: string | null): T | null {
  if (json === null) return null;
  try {
    return JSON.parse(json) as T;
  } catch {
    return null;
  }
}

/** Uploads in the `uploads` table; every statement on the primary. */
export class SqlUploadStore implements UploadStore {
  readonly #db: Kysely<DB>;

  constructor(db: Kysely<DB>) {
    this.#db = db;
  }

  async create(upload: NewUpload, now: Date): Promise<void> {
    await this.#db
      .insertInto('uploads')
      .values({
        uuid: upload.uuid,
        user_id: upload.userId,
        channel: upload.channel,
        filename: upload.filename,
        blob_key: upload.blobKey,
        size: upload.size,
        hash: upload.hash,
        created: toSqlDate(now),
      })
      .execute();
  }

  async find(uuid: string): Promise<Upload | null> {
    const row = await this.#db.selectFrom('uploads').selectAll().where('uuid', '=', uuid).executeTakeFirst();
    if (!row) return null;
    return {
      uuid: row.uuid,
      userId: Number(row.user_id),
      channel: Number(row.channel) as ChannelId,
      filename: row.filename,
      blobKey: row.blob_key,
      size: Number(row.size),
      hash: row.hash,
      processed: bool(row.processed),
      valid: bool(row.valid),
      validation: parsed<ValidationResult>(row.validation),
      manifest: parsed<PackageManifest>(row.manifest),
      submitted: bool(row.submitted),
      attempts: Number(row.attempts),
      created: fromSqlDate(row.created),
    };
  }

  async listUnprocessed(limit: number): Promise<string[]> {
    const rows = await this.#db
      .selectFrom('uploads')
      .select('uuid')
      .where('processed', '=', 0)
      .orderBy('created')
      .limit(limit)
      .execute();
    return rows.map((r) => r.uuid);
  }

  async recordAttempt(uuid: string): Promise<number> {
    await this.#db
      .updateTable('uploads')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('uuid', '=', uuid)
      .execute();
    const row = await this.#db
      .selectFrom('uploads')
      .select('attempts')
      .where('uuid', '=', uuid)
      .executeTakeFirst();
    return Number(row?.attempts ?? 0);
  }

  async recordValidation(
    uuid: string,
    result: { validation: ValidationResult; manifest: PackageManifest | null },
  ): Promise<void> {
    await this.#db
      .updateTable('uploads')
      .set({
        processed: 1,
        valid: result.validation.success ? 1 : 0,
        validation: JSON.stringify(result.validation),
        manifest: result.manifest ? JSON.stringify(result.manifest) : null,
        guid: result.manifest?.guid ?? null,
        version: result.manifest?.version ?? null,
      })
      .where('uuid', '=', uuid)
      .execute();
  }
}
