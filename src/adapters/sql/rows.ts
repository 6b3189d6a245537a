import type { Kysely, Transaction } from 'kysely';
import type { AddonSummary, Translated } from '../../domain/catalogue.ts';
import type { AddonTypeId } from '../../domain/constants.ts';
import type { DB } from './schema.ts';

/** `YYYY-MM-DD HH:MM:SS` in UTC: the one datetime format written to every back end. */
export function toSqlDate(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

export function fromSqlDate(value: unknown): Date {
  if (value instanceof Date) return value;
  return new Date(`${String(value).replace(' ', 'T')}Z`);
}

export function bool(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 1n;
}

export interface AddonRow {
  id: number;
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
  created: string;
  last_updated: string;
}

export interface TranslationRow {
  addon_id: number;
  locale: string;
  name: string | null;
  summary: string | null;
}

export function toAddonSummary(row: AddonRow, translations: readonly TranslationRow[]): AddonSummary {
  const name: Record<string, string> = {};
  const summary: Record<string, string> = {};
  for (const t of translations) {
    if (t.name) name[t.locale] = t.name;
    if (t.summary) summary[t.locale] = t.summary;
  }
  return {
    id: Number(row.id),
    guid: row.guid,
    slug: row.slug,
    type: Number(row.type) as AddonTypeId,
    status: Number(row.status),
    disabledByUser: bool(row.disabled_by_user),
    defaultLocale: row.default_locale,
    name: name as Translated,
    summary: summary as Translated,
    averageDailyUsers: Number(row.average_daily_users),
    weeklyDownloads: Number(row.weekly_downloads),
    ratings: {
      average: Number(row.rating_average),
      bayesianAverage: Number(row.rating_bayesian),
      count: Number(row.rating_count),
      textCount: Number(row.rating_text_count),
    },
    created: fromSqlDate(row.created),
    lastUpdated: fromSqlDate(row.last_updated),
  };
}

/** The columns of an add-on card or detail (`addons as a`): every reader of add-ons for pages and APIs. */
export const CARD_COLUMNS = [
  'a.id',
  'a.guid',
  'a.slug',
  'a.type',
  'a.status',
  'a.disabled_by_user',
  'a.default_locale',
  'a.average_daily_users',
  'a.weekly_downloads',
  'a.rating_average',
  'a.rating_bayesian',
  'a.rating_count',
  'a.rating_text_count',
  'a.created',
  'a.last_updated',
  'a.promoted',
  'a.icon_hash',
  'a.previews',
] as const;

/** The names and summaries of these add-ons in every locale, by add-on id: one statement. */
export async function translationsByAddon(
  db: Kysely<DB> | Transaction<DB>,
  ids: readonly number[],
): Promise<Map<number, TranslationRow[]>> {
  const byAddon = new Map<number, TranslationRow[]>();
  if (ids.length === 0) return byAddon;
  const rows = await db
    .selectFrom('addon_translations')
    .select(['addon_id', 'locale', 'name', 'summary'])
    .where('addon_id', 'in', [...ids])
    .execute();
  for (const row of rows) {
    const id = Number(row.addon_id);
    const list = byAddon.get(id);
    if (list) list.push(row);
    else byAddon.set(id, [row]);
  }
  return byAddon;
}

/** `{locale: name}` from an add-on's translation rows. */
export function namesOf(rows: readonly TranslationRow[]): Translated {
  const name: Record<string, string> = {};
  for (const t of rows) if (t.name) name[t.locale] = t.name;
  return name;
}
