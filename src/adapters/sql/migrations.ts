import type { Kysely } from 'kysely';
import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration';
import { accountsAndSubmissions, downloadsIndex } from './migrations-accounts.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists, and only use the schema builder.
type AnyDb = Kysely<any>;

const initial: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('users')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('username', 'varchar(255)', (c) => c.notNull().unique())
      .addColumn('display_name', 'varchar(255)', (c) => c.notNull())
      .addColumn('created', 'datetime', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('addons')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('guid', 'varchar(255)', (c) => c.notNull().unique())
      .addColumn('slug', 'varchar(255)', (c) => c.notNull().unique())
      .addColumn('type', 'smallint', (c) => c.notNull())
      .addColumn('status', 'smallint', (c) => c.notNull())
      .addColumn('disabled_by_user', 'smallint', (c) => c.notNull().defaultTo(0))
      .addColumn('default_locale', 'varchar(10)', (c) => c.notNull())
      .addColumn('average_daily_users', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('weekly_downloads', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('rating_average', 'double precision', (c) => c.notNull().defaultTo(0))
      .addColumn('rating_bayesian', 'double precision', (c) => c.notNull().defaultTo(0))
      .addColumn('rating_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('rating_text_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('promoted', 'varchar(32)')
      .addColumn('icon_hash', 'varchar(32)')
      .addColumn('previews', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created', 'datetime', (c) => c.notNull())
      .addColumn('last_updated', 'datetime', (c) => c.notNull())
      .execute();
    for (const column of ['average_daily_users', 'rating_bayesian', 'created', 'last_updated']) {
      await db.schema
        .createIndex(`addons_status_${column}_idx`)
        .on('addons')
        .columns(['status', column])
        .execute();
    }
    await db.schema
      .createTable('addon_translations')
      .addColumn('addon_id', 'integer', (c) => c.notNull())
      .addColumn('locale', 'varchar(10)', (c) => c.notNull())
      .addColumn('name', 'varchar(255)')
      .addColumn('summary', 'text')
      .addColumn('description', 'text')
      .addPrimaryKeyConstraint('addon_translations_pk', ['addon_id', 'locale'])
      .execute();
    await db.schema
      .createTable('addon_categories')
      .addColumn('addon_id', 'integer', (c) => c.notNull())
      .addColumn('category_id', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('addon_categories_pk', ['addon_id', 'category_id'])
      .execute();
    await db.schema
      .createIndex('addon_categories_category_idx')
      .on('addon_categories')
      .columns(['category_id', 'addon_id'])
      .execute();
    await db.schema
      .createTable('addon_tags')
      .addColumn('addon_id', 'integer', (c) => c.notNull())
      .addColumn('tag', 'varchar(128)', (c) => c.notNull())
      .addPrimaryKeyConstraint('addon_tags_pk', ['addon_id', 'tag'])
      .execute();
    await db.schema
      .createTable('addon_authors')
      .addColumn('addon_id', 'integer', (c) => c.notNull())
      .addColumn('user_id', 'integer', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('addon_authors_pk', ['addon_id', 'user_id'])
      .execute();
    await db.schema.createIndex('addon_authors_user_idx').on('addon_authors').column('user_id').execute();
    await db.schema
      .createTable('versions')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('addon_id', 'integer', (c) => c.notNull())
      .addColumn('version', 'varchar(255)', (c) => c.notNull())
      .addColumn('channel', 'smallint', (c) => c.notNull())
      .addColumn('deleted', 'smallint', (c) => c.notNull().defaultTo(0))
      .addColumn('release_notes', 'text')
      .addColumn('license', 'varchar(64)')
      .addColumn('created', 'datetime', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('versions_addon_idx')
      .on('versions')
      .columns(['addon_id', 'channel'])
      .execute();
    await db.schema
      .createTable('files')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('version_id', 'integer', (c) => c.notNull().unique())
      .addColumn('status', 'smallint', (c) => c.notNull())
      .addColumn('hash', 'varchar(255)', (c) => c.notNull())
      .addColumn('size', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('filename', 'varchar(255)', (c) => c.notNull())
      .addColumn('strict_compatibility', 'smallint', (c) => c.notNull().defaultTo(0))
      .addColumn('permissions', 'text', (c) => c.notNull())
      .addColumn('created', 'datetime', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('version_compat')
      .addColumn('version_id', 'integer', (c) => c.notNull())
      .addColumn('app', 'smallint', (c) => c.notNull())
      .addColumn('min_version', 'varchar(255)', (c) => c.notNull())
      .addColumn('max_version', 'varchar(255)', (c) => c.notNull())
      .addPrimaryKeyConstraint('version_compat_pk', ['version_id', 'app'])
      .execute();
  },
};

/** Update pings per add-on per UTC day, as AMO's `update_counts`: the input of average daily users. */
const updateCounts: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('update_counts')
      .addColumn('guid', 'varchar(255)', (c) => c.notNull())
      .addColumn('day', 'char(10)', (c) => c.notNull())
      .addColumn('count', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('update_counts_pk', ['day', 'guid'])
      .execute();
  },
};

const MIGRATIONS: Record<string, Migration> = {
  '0001_catalogue': initial,
  '0002_update_counts': updateCounts,
  '0003_accounts_and_submissions': accountsAndSubmissions,
  '0004_downloads_index': downloadsIndex,
};

const provider: MigrationProvider = {
  async getMigrations() {
    return MIGRATIONS;
  },
};

/** Brings the schema up to date; safe to run on every start and from several processes. */
export async function migrateToLatest(db: AnyDb): Promise<void> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, {
      cause: error,
    });
  }
}
