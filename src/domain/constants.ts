/** AMO's numbers and API strings (amo.md c.1–c.5). Permanent: stored in the database and sent on the wire. */

export const ADDON_TYPES = {
  extension: 1,
  dictionary: 3,
  language: 5,
  statictheme: 10,
} as const;
export type AddonTypeName = keyof typeof ADDON_TYPES;
export type AddonTypeId = (typeof ADDON_TYPES)[AddonTypeName];

export const ADDON_STATUS = {
  incomplete: 0,
  nominated: 3,
  public: 4,
  disabled: 5,
  deleted: 11,
} as const;
export type AddonStatusName = keyof typeof ADDON_STATUS;
export type AddonStatus = (typeof ADDON_STATUS)[AddonStatusName];

export const FILE_STATUS = {
  unreviewed: 1,
  public: 4,
  disabled: 5,
} as const;
export type FileStatusName = keyof typeof FILE_STATUS;
export type FileStatus = (typeof FILE_STATUS)[FileStatusName];

export const CHANNEL = {
  unlisted: 1,
  listed: 2,
} as const;
export type ChannelName = keyof typeof CHANNEL;
export type ChannelId = (typeof CHANNEL)[ChannelName];

export interface Application {
  readonly id: number;
  readonly short: AppShort;
  readonly guid: string;
}
export type AppShort = 'firefox' | 'android';

export const APPLICATIONS: Readonly<Record<AppShort, Application>> = {
  firefox: { id: 1, short: 'firefox', guid: '{ec8030f7-c20a-464f-9b0e-13a3a9e97384}' },
  android: { id: 61, short: 'android', guid: '{aa3c5121-dab2-40e2-81ca-7ea25febc110}' },
};
export const APP_SHORTS = Object.keys(APPLICATIONS) as AppShort[];

const APPS_BY_GUID = new Map(Object.values(APPLICATIONS).map((app) => [app.guid, app]));
const APPS_BY_ID = new Map(Object.values(APPLICATIONS).map((app) => [app.id, app]));

/** The application for an update check's appID; obsolete apps (Thunderbird, SeaMonkey…) are unknown. */
export function findApplicationByGuid(guid: string): Application | null {
  return APPS_BY_GUID.get(guid) ?? null;
}

export function getApplicationById(id: number): Application {
  const app = APPS_BY_ID.get(id);
  if (!app) throw new Error(`Unknown application id ${id}`);
  return app;
}

export function statusName(status: number): AddonStatusName {
  const entry = Object.entries(ADDON_STATUS).find(([, value]) => value === status);
  return (entry?.[0] as AddonStatusName | undefined) ?? 'incomplete';
}

export function fileStatusName(status: number): FileStatusName {
  const entry = Object.entries(FILE_STATUS).find(([, value]) => value === status);
  return (entry?.[0] as FileStatusName | undefined) ?? 'disabled';
}

export function typeName(type: number): AddonTypeName {
  const entry = Object.entries(ADDON_TYPES).find(([, value]) => value === type);
  return (entry?.[0] as AddonTypeName | undefined) ?? 'extension';
}

/** At most this many categories per add-on (AMO's MAX_CATEGORIES). */
export const MAX_CATEGORIES = 2;

/** Locales a catalogue may carry translations in. */
export const DEFAULT_LOCALE = 'en-US';
