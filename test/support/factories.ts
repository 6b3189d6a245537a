import type { AddonInput, FileInput, VersionInput } from '../../src/domain/catalogue.ts';
import { ADDON_STATUS, ADDON_TYPES, CHANNEL, FILE_STATUS } from '../../src/domain/constants.ts';

let counter = 0;
const next = () => ++counter;

type VersionOverrides = Partial<Omit<VersionInput, 'file'>> & { file?: Partial<FileInput> };

/** A listed version with an approved, non-strict file compatible with Firefox 58.0–*, unless overridden. */
export function versionFactory(overrides: VersionOverrides = {}): VersionInput {
  const n = next();
  const version = overrides.version ?? `1.${n}`;
  return {
    version,
    channel: CHANNEL.listed,
    deleted: false,
    releaseNotes: null,
    license: 'MPL-2.0',
    compat: { firefox: { min: '58.0', max: '*' } },
    ...overrides,
    file: {
      status: FILE_STATUS.public,
      hash: `sha256:${n.toString(16).padStart(64, '0')}`,
      size: 1234,
      filename: `addon_${n}-${version}.xpi`,
      strictCompatibility: false,
      permissions: ['storage'],
      ...overrides.file,
    },
  };
}

/** A public extension with one version (see `versionFactory`), unless overridden. */
export function addonFactory(overrides: Partial<AddonInput> = {}): AddonInput {
  const n = next();
  const slug = overrides.slug ?? `addon-${n}`;
  return {
    guid: `${slug}@trove.test`,
    slug,
    type: ADDON_TYPES.extension,
    status: ADDON_STATUS.public,
    disabledByUser: false,
    defaultLocale: 'en-US',
    name: { 'en-US': `Add-on ${n}` },
    summary: { 'en-US': `Summary ${n}` },
    description: {},
    categories: [93],
    tags: [],
    authors: [{ username: `author${n}`, name: `Author ${n}` }],
    averageDailyUsers: 100 * n,
    weeklyDownloads: 10 * n,
    ratings: { average: 4, bayesianAverage: 3.9, count: 10, textCount: 3 },
    promoted: null,
    iconHash: null,
    previews: 0,
    versions: [versionFactory()],
    ...overrides,
  };
}

export const FIREFOX_GUID = '{ec8030f7-c20a-464f-9b0e-13a3a9e97384}';
export const ANDROID_GUID = '{aa3c5121-dab2-40e2-81ca-7ea25febc110}';

/** Firefox's update query string for `guid`, with the extra parameters Firefox really sends. */
export function updateQuery(guid: string, params: Record<string, string> = {}): string {
  const all = {
    reqVersion: '2',
    id: guid,
    version: '1.0',
    maxAppVersion: '*',
    status: 'userEnabled',
    appID: FIREFOX_GUID,
    appVersion: '128.0',
    appOS: 'Linux',
    appABI: 'x86_64-gcc3',
    locale: 'en-US',
    currentAppVersion: '128.0',
    updateType: '112',
    compatMode: 'normal',
    ...params,
  };
  return new URLSearchParams(all).toString();
}
