import type { MessageKey, Translator } from '../i18n/index.ts';

const NAMED: Readonly<Record<string, MessageKey>> = {
  bookmarks: 'permission.bookmarks',
  browsingData: 'permission.browsingData',
  clipboardRead: 'permission.clipboardRead',
  clipboardWrite: 'permission.clipboardWrite',
  downloads: 'permission.downloads',
  geolocation: 'permission.geolocation',
  history: 'permission.history',
  management: 'permission.management',
  nativeMessaging: 'permission.nativeMessaging',
  notifications: 'permission.notifications',
  privacy: 'permission.privacy',
  proxy: 'permission.proxy',
  sessions: 'permission.sessions',
  tabs: 'permission.tabs',
  topSites: 'permission.topSites',
  webNavigation: 'permission.webNavigation',
};

const ALL_URLS = new Set(['<all_urls>', '*://*/*', 'http://*/*', 'https://*/*']);
const HOST_PATTERN = /^(?:\*|https?|wss?|ftp):\/\/(\*\.)?([^/*]+)\//;

export interface PermissionLine {
  /** What the permission lets the add-on do, in the visitor's words; the raw name when unknown. */
  readonly text: string;
  readonly name: string;
}

/** A version's permissions as AMO lists them: known ones described, host patterns by site, others by name. */
export function describePermissions(permissions: readonly string[], i18n: Translator): PermissionLine[] {
  const lines = new Map<string, PermissionLine>();
  for (const name of permissions) {
    const key = NAMED[name];
    const host = HOST_PATTERN.exec(name);
    let text = name;
    if (key) text = i18n.t(key);
    else if (ALL_URLS.has(name)) text = i18n.t('permission.allUrls');
    else if (host?.[2]) {
      text = host[1]
        ? i18n.t('permission.domain', { domain: host[2] })
        : i18n.t('permission.host', { host: host[2] });
    }
    if (!lines.has(text)) lines.set(text, { text, name });
  }
  return [...lines.values()];
}
