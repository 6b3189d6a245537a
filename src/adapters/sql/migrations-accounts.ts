import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

// biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists, and only use the schema builder.
type AnyDb = Kysely<any>;

/** Accounts, sessions, groups, API keys, ratings, collections and uploads (issue 5). */
export const accountsAndSubmissions: Migration = {
  async up(db: AnyDb) {
    for (const [column, type] of [
      ['email', 'varchar(255)'],
      ['password_hash', 'varchar(255)'],
      ['picture_url', 'varchar(255)'],
      ['read_dev_agreement', 'datetime'],
      ['last_login', 'datetime'],
    ] as const) {
      await db.schema.alterTable('users').addColumn(column, type).execute();
    }
    await db.schema
      .alterTable('users')
      .addColumn('deleted', 'smallint', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.createIndex('users_email_idx').on('users').column('email').unique().execute();

    await db.schema
      .createTable('sessions')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('user_id', 'integer', (c) => c.notNull())
      .addColumn('csrf', 'varchar(64)', (c) => c.notNull())
      .addColumn('created', 'datetime', (c) => c.notNull())
      .addColumn('expires', 'datetime', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

    await db.schema
      .createTable('groups')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('name', 'varchar(255)', (c) => c.notNull().unique())
      .addColumn('rules', 'varchar(1024)', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('groups_users')
      .addColumn('group_id', 'integer', (c) => c.notNull())
      .addColumn('user_id', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('groups_users_pk', ['group_id', 'user_id'])
      .execute();

    await db.schema
      .createTable('api_keys')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('user_id', 'integer', (c) => c.notNull())
      .addColumn('key', 'varchar(255)', (c) => c.notNull().unique())
      .addColumn('secret', 'varchar(255)', (c) => c.notNull())
      .addColumn('is_active', 'smallint', (c) => c.notNull())
      .addColumn('created', 'datetime', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('api_keys_user_idx').on('api_keys').column('user_id').execute();

    await db.schema
      .createTable('ratings')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('addon_id', 'integer', (c) => c.notNull())
      .addColumn('user_id', 'integer', (c) => c.notNull())
      .addColumn('version_id', 'integer')
      .addColumn('score', 'smallint')
      .addColumn('body', 'text')
      .addColumn('reply_to', 'integer')
      .addColumn('is_latest', 'smallint', (c) => c.notNull().defaultTo(1))
      .addColumn('deleted', 'smallint', (c) => c.notNull().defaultTo(0))
      .addColumn('created', 'datetime', (c) => c.notNull())
      .addColumn('modified', 'datetime', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('ratings_addon_idx')
      .on('ratings')
      .columns(['addon_id', 'is_latest', 'id'])
      .execute();
    await db.schema.createIndex('ratings_user_idx').on('ratings').columns(['user_id', 'addon_id']).execute();
    await db.schema.createIndex('ratings_reply_idx').on('ratings').column('reply_to').execute();
    await db.schema
      .createTable('rating_flags')
      .addColumn('rating_id', 'integer', (c) => c.notNull())
      .addColumn('user_id', 'integer', (c) => c.notNull())
      .addColumn('flag', 'varchar(64)', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('created', 'datetime', (c) => c.notNull())
      .addPrimaryKeyConstraint('rating_flags_pk', ['rating_id', 'user_id'])
      .execute();

    await db.schema
      .createTable('collections')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('uuid', 'varchar(36)', (c) => c.notNull().unique())
      .addColumn('author_id', 'integer', (c) => c.notNull())
      .addColumn('slug', 'varchar(255)', (c) => c.notNull())
      .addColumn('name', 'varchar(255)', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('public', 'smallint', (c) => c.notNull())
      .addColumn('default_locale', 'varchar(10)', (c) => c.notNull())
      .addColumn('created', 'datetime', (c) => c.notNull())
      .addColumn('modified', 'datetime', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('collections_author_slug_idx')
      .on('collections')
      .columns(['author_id', 'slug'])
      .unique()
      .execute();
    await db.schema
      .createTable('collection_addons')
      .addColumn('collection_id', 'integer', (c) => c.notNull())
      .addColumn('addon_id', 'integer', (c) => c.notNull())
      .addColumn('notes', 'text')
      .addColumn('created', 'datetime', (c) => c.notNull())
      .addPrimaryKeyConstraint('collection_addons_pk', ['collection_id', 'addon_id'])
      .execute();

    await db.schema
      .createTable('uploads')
      .addColumn('uuid', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('user_id', 'integer', (c) => c.notNull())
      .addColumn('channel', 'smallint', (c) => c.notNull())
      .addColumn('filename', 'varchar(255)', (c) => c.notNull())
      .addColumn('blob_key', 'varchar(512)', (c) => c.notNull())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('hash', 'varchar(80)', (c) => c.notNull())
      .addColumn('processed', 'smallint', (c) => c.notNull().defaultTo(0))
      .addColumn('valid', 'smallint', (c) => c.notNull().defaultTo(0))
      .addColumn('validation', 'text')
      .addColumn('guid', 'varchar(255)')
      .addColumn('version', 'varchar(255)')
      .addColumn('manifest', 'text')
      .addColumn('submitted', 'smallint', (c) => c.notNull().defaultTo(0))
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created', 'datetime', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('uploads_processed_idx').on('uploads').column('processed').execute();

    await db.schema.alterTable('versions').addColumn('review_notes', 'text').execute();
  },
};

/** The trending shelf sorts by weekly downloads: an index like the other sorts' (issue 4's budgets). */
export const downloadsIndex: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createIndex('addons_status_weekly_downloads_idx')
      .on('addons')
      .columns(['status', 'weekly_downloads'])
      .execute();
  },
};
