import { type Kysely, sql } from 'kysely';
import type { AddonSummary } from '../../domain/catalogue.ts';
import { ADDON_STATUS, CHANNEL, FILE_STATUS, getApplicationById } from '../../domain/constants.ts';
import type { AddonSort, CatalogueReader, Page, StatementMeter } from '../../domain/ports.ts';
import {
  isUpdateCandidate,
  type ManifestVersion,
  servesUpdates,
  type UpdateManifest,
} from '../../domain/update-manifest.ts';
import { metered } from './query-meter.ts';
import { type AddonRow, bool, toAddonSummary, translationsByAddon } from './rows.ts';
import type { DB } from './schema.ts';

/** Where a read runs: a replica (that may be marked down on a connection error) or the primary. */
export type ReadTarget = () => { readonly db: Kysely<DB>; markDown(error: unknown): void };

const SORT_COLUMNS = {
  users: 'average_daily_users',
  rating: 'rating_bayesian',
  created: 'created',
  updated: 'last_updated',
} as const satisfies Record<AddonSort, string>;

const ADDON_COLUMNS = [
  'id',
  'guid',
  'slug',
  'type',
  'status',
  'disabled_by_user',
  'default_locale',
  'average_daily_users',
  'weekly_downloads',
  'rating_average',
  'rating_bayesian',
  'rating_count',
  'rating_text_count',
  'created',
  'last_updated',
] as const;

/** Update check, statement 1: the add-on by guid, or many by guid (unique index on `addons.guid`). */
export function addonForUpdatesQuery(db: Kysely<DB>, guid: string | readonly string[]) {
  return db
    .selectFrom('addons')
    .select(['id', 'guid', 'slug', 'status', 'disabled_by_user'])
    .where('guid', typeof guid === 'string' ? '=' : 'in', guid);
}

/** Update check, statement 2: its candidate versions with file and compat rows, newest first. */
export function updateCandidatesQuery(db: Kysely<DB>, addonId: number | readonly number[]) {
  return db
    .selectFrom('versions as v')
    .innerJoin('files as f', 'f.version_id', 'v.id')
    .innerJoin('version_compat as c', 'c.version_id', 'v.id')
    .select([
      'v.id',
      'v.addon_id',
      'v.version',
      'v.channel',
      'v.deleted',
      sql<number>`CASE WHEN v.release_notes IS NULL OR v.release_notes = '' THEN 0 ELSE 1 END`.as(
        'has_notes',
      ),
      'f.id as file_id',
      'f.status as file_status',
      'f.hash',
      'f.filename',
      'f.strict_compatibility',
      'c.app',
      'c.min_version',
      'c.max_version',
    ])
    .where('v.addon_id', typeof addonId === 'number' ? '=' : 'in', addonId)
    .where('v.channel', '=', CHANNEL.listed)
    .where('v.deleted', '=', 0)
    .where('f.status', '=', FILE_STATUS.public)
    .orderBy('v.id', 'desc');
}

type CandidateRow = Awaited<ReturnType<ReturnType<typeof updateCandidatesQuery>['execute']>>[number];

/** Groups candidate rows (one per version and app, newest first) into manifest versions. */
function toManifestVersions(rows: readonly CandidateRow[]): ManifestVersion[] {
  const versions: ManifestVersion[] = [];
  const byId = new Map<number, ManifestVersion>();
  for (const row of rows) {
    const candidate = {
      channel: Number(row.channel),
      deleted: bool(row.deleted),
      fileStatus: Number(row.file_status),
    };
    if (!isUpdateCandidate(candidate)) continue;
    const id = Number(row.id);
    let version = byId.get(id);
    if (!version) {
      version = {
        id,
        version: row.version,
        hasReleaseNotes: bool(row.has_notes),
        file: {
          id: Number(row.file_id),
          hash: row.hash,
          filename: row.filename,
          strictCompatibility: bool(row.strict_compatibility),
        },
        compat: {},
      };
      byId.set(id, version);
      versions.push(version);
    }
    const app = getApplicationById(Number(row.app));
    (version.compat as Record<string, { min: string; max: string }>)[app.short] = {
      min: row.min_version,
      max: row.max_version,
    };
  }
  return versions;
}

export function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return (
    /ECONNREFUSED|ECONNRESET|ETIMEDOUT|PROTOCOL_CONNECTION_LOST|EPIPE|ER_SERVER_SHUTDOWN/.test(code) ||
    /fetch failed|ECONNREFUSED|closed state/i.test(String(error))
  );
}

/** Catalogue reads in SQL, written once for SQLite, MySQL/MariaDB and PlanetScale. */
export class SqlCatalogueReader implements CatalogueReader {
  readonly #target: ReadTarget;
  readonly #fallback: Kysely<DB> | undefined;
  readonly #meter: StatementMeter | undefined;

  /**
   * @param target where reads run (a replica picker, or the primary)
   * @param opts.fallback where a read retries when its replica's connection fails
   * @param opts.meter counts this reader's statements (one reader per request)
   */
  constructor(target: ReadTarget, opts: { fallback?: Kysely<DB>; meter?: StatementMeter } = {}) {
    this.#target = target;
    this.#fallback = opts.fallback;
    this.#meter = opts.meter;
  }

  async #run<T>(query: (db: Kysely<DB>) => Promise<T>): Promise<T> {
    const target = this.#target();
    try {
      return await query(metered(target.db, this.#meter));
    } catch (error) {
      if (!this.#fallback || target.db === this.#fallback || !isConnectionError(error)) throw error;
      target.markDown(error);
      return query(metered(this.#fallback, this.#meter));
    }
  }

  findUpdateManifest(guid: string): Promise<UpdateManifest | null> {
    return this.#run(async (db) => {
      const addon = await addonForUpdatesQuery(db, guid).executeTakeFirst();
      if (!addon || !servesUpdates({ status: addon.status, disabledByUser: bool(addon.disabled_by_user) })) {
        return null;
      }
      const rows = await updateCandidatesQuery(db, Number(addon.id)).execute();
      return { addonId: Number(addon.id), guid, slug: addon.slug, versions: toManifestVersions(rows) };
    });
  }

  findUpdateManifests(guids: readonly string[]): Promise<Map<string, UpdateManifest>> {
    return this.#run(async (db) => {
      const out = new Map<string, UpdateManifest>();
      if (guids.length === 0) return out;
      const addons = await addonForUpdatesQuery(db, guids).execute();
      const served = addons.filter((a) =>
        servesUpdates({ status: a.status, disabledByUser: bool(a.disabled_by_user) }),
      );
      if (served.length === 0) return out;
      const rows = await updateCandidatesQuery(
        db,
        served.map((a) => Number(a.id)),
      ).execute();
      const byAddon = new Map<number, CandidateRow[]>();
      for (const row of rows) {
        const list = byAddon.get(Number(row.addon_id)) ?? [];
        list.push(row);
        byAddon.set(Number(row.addon_id), list);
      }
      for (const a of served) {
        const versions = toManifestVersions(byAddon.get(Number(a.id)) ?? []);
        out.set(a.guid, { addonId: Number(a.id), guid: a.guid, slug: a.slug, versions });
      }
      return out;
    });
  }

  listUpdateGuids(limit: number): Promise<string[]> {
    return this.#run(async (db) => {
      const rows = await db
        .selectFrom('addons')
        .select('guid')
        .where('status', 'not in', [ADDON_STATUS.deleted, ADDON_STATUS.disabled])
        .where('disabled_by_user', '=', 0)
        .orderBy('average_daily_users', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => r.guid);
    });
  }

  findAddonByGuid(guid: string): Promise<AddonSummary | null> {
    return this.#run(async (db) => {
      const row = await db
        .selectFrom('addons')
        .select(ADDON_COLUMNS)
        .where('guid', '=', guid)
        .executeTakeFirst();
      if (!row) return null;
      const [addon] = await this.#withTranslations(db, [row as AddonRow]);
      return addon ?? null;
    });
  }

  listAddons(opts: { sort: AddonSort; limit: number; offset: number }): Promise<Page<AddonSummary>> {
    return this.#run(async (db) => {
      const visible = db
        .selectFrom('addons')
        .where('status', '=', ADDON_STATUS.public)
        .where('disabled_by_user', '=', 0);
      const [rows, total] = await Promise.all([
        visible
          .select(ADDON_COLUMNS)
          .orderBy(SORT_COLUMNS[opts.sort], 'desc')
          .orderBy('id', 'desc')
          .limit(opts.limit)
          .offset(opts.offset)
          .execute(),
        visible.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { count: Number(total.n), results: await this.#withTranslations(db, rows as AddonRow[]) };
    });
  }

  countAddons(): Promise<number> {
    return this.#run(async (db) => {
      const row = await db
        .selectFrom('addons')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    });
  }

  findFile(fileId: number): Promise<{ addonId: number; filename: string; hash: string } | null> {
    return this.#run(async (db) => {
      const row = await db
        .selectFrom('files as f')
        .innerJoin('versions as v', 'v.id', 'f.version_id')
        .innerJoin('addons as a', 'a.id', 'v.addon_id')
        .select([
          'a.id as addon_id',
          'a.status',
          'a.disabled_by_user',
          'f.filename',
          'f.hash',
          'f.status as file_status',
          'v.deleted',
          'v.channel',
        ])
        .where('f.id', '=', fileId)
        .executeTakeFirst();
      if (!row || Number(row.file_status) !== FILE_STATUS.public || bool(row.deleted)) return null;
      // Unlisted files go to their authors only (AMO's download_file), never to anonymous requests.
      if (Number(row.channel) !== CHANNEL.listed) return null;
      if (!servesUpdates({ status: Number(row.status), disabledByUser: bool(row.disabled_by_user) }))
        return null;
      return { addonId: Number(row.addon_id), filename: row.filename, hash: row.hash };
    });
  }

  ping(): Promise<void> {
    return this.#run(async (db) => {
      await db.selectFrom('addons').select('id').limit(1).execute();
    });
  }

  async #withTranslations(db: Kysely<DB>, rows: readonly AddonRow[]): Promise<AddonSummary[]> {
    if (rows.length === 0) return [];
    const translations = await translationsByAddon(
      db,
      rows.map((r) => Number(r.id)),
    );
    return rows.map((row) => toAddonSummary(row, translations.get(Number(row.id)) ?? []));
  }
}
