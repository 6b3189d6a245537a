import type { Generated } from 'kysely';

/**
 * The catalogue's tables, one type for every dialect. Booleans are 0/1 and datetimes are
 * `YYYY-MM-DD HH:MM:SS` UTC strings on every back end; 64-bit counters may come back as strings
 * (PlanetScale), so readers go through `rows.ts`.
 */
export interface DB {
  users: UsersTable;
  addons: AddonsTable;
  addon_translations: AddonTranslationsTable;
  addon_categories: { addon_id: number; category_id: number };
  addon_tags: { addon_id: number; tag: string };
  addon_authors: { addon_id: number; user_id: number; position: number };
  versions: VersionsTable;
  files: FilesTable;
  version_compat: VersionCompatTable;
  update_counts: { guid: string; day: string; count: number | string };
  sessions: SessionsTable;
  groups: { id: Generated<number>; name: string; rules: string };
  groups_users: { group_id: number; user_id: number };
  api_keys: ApiKeysTable;
  ratings: RatingsTable;
  rating_flags: { rating_id: number; user_id: number; flag: string; note: string | null; created: string };
  collections: CollectionsTable;
  collection_addons: { collection_id: number; addon_id: number; notes: string | null; created: string };
  uploads: UploadsTable;
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  created: string;
  email: string | null;
  password_hash: string | null;
  picture_url: string | null;
  read_dev_agreement: string | null;
  last_login: string | null;
  deleted: Generated<number>;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  csrf: string;
  created: string;
  expires: string;
}

export interface ApiKeysTable {
  id: Generated<number>;
  user_id: number;
  key: string;
  secret: string;
  is_active: number;
  created: string;
}

export interface RatingsTable {
  id: Generated<number>;
  addon_id: number;
  user_id: number;
  version_id: number | null;
  score: number | null;
  body: string | null;
  reply_to: number | null;
  is_latest: number;
  deleted: number;
  created: string;
  modified: string;
}

export interface CollectionsTable {
  id: Generated<number>;
  uuid: string;
  author_id: number;
  slug: string;
  name: string;
  description: string | null;
  public: number;
  default_locale: string;
  created: string;
  modified: string;
}

export interface UploadsTable {
  uuid: string;
  user_id: number;
  channel: number;
  filename: string;
  blob_key: string;
  size: number | string;
  hash: string;
  processed: Generated<number>;
  valid: Generated<number>;
  validation: string | null;
  guid: string | null;
  version: string | null;
  manifest: string | null;
  submitted: Generated<number>;
  attempts: Generated<number>;
  created: string;
}

export interface AddonsTable {
  id: Generated<number>;
  guid: string;
  slug: string;
  type: number;
  status: number;
  disabled_by_user: number;
  default_locale: string;
  average_daily_users: number | string;
  weekly_downloads: number | string;
  rating_average: number;
  rating_bayesian: number;
  rating_count: number;
  rating_text_count: number;
  promoted: string | null;
  icon_hash: string | null;
  previews: number;
  created: string;
  last_updated: string;
}

export interface AddonTranslationsTable {
  addon_id: number;
  locale: string;
  name: string | null;
  summary: string | null;
  description: string | null;
}

export interface VersionsTable {
  id: Generated<number>;
  addon_id: number;
  version: string;
  channel: number;
  deleted: number;
  release_notes: string | null;
  license: string | null;
  created: string;
  review_notes?: string | null;
}

export interface FilesTable {
  id: Generated<number>;
  version_id: number;
  status: number;
  hash: string;
  size: number | string;
  filename: string;
  strict_compatibility: number;
  permissions: string;
  created: string;
}

export interface VersionCompatTable {
  version_id: number;
  app: number;
  min_version: string;
  max_version: string;
}
