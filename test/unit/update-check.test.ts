import { describe, expect, it } from 'vitest';
import { answerUpdateCheck, parseUpdateQuery, type UpdateQuery } from '../../src/domain/update-check.ts';
import type { ManifestVersion, UpdateManifest } from '../../src/domain/update-manifest.ts';
import { ANDROID_GUID, FIREFOX_GUID } from '../support/factories.ts';

const SITE = 'https://trove.test';

function version(id: number, overrides: Partial<ManifestVersion> = {}): ManifestVersion {
  return {
    id,
    version: `1.${id}`,
    hasReleaseNotes: false,
    file: {
      id: id * 10,
      hash: `sha256:${'a'.repeat(64)}`,
      filename: `tab_sorter-1.${id}.xpi`,
      strictCompatibility: false,
    },
    compat: { firefox: { min: '58.0', max: '60.*' } },
    ...overrides,
  };
}

function manifest(...versions: ManifestVersion[]): UpdateManifest {
  return {
    addonId: 7,
    guid: 'tabs@trove.test',
    slug: 'tab-sorter',
    versions: [...versions].sort((a, b) => b.id - a.id),
  };
}

function query(params: Record<string, string>): UpdateQuery | null {
  const all: Record<string, string> = {
    id: 'tabs@trove.test',
    appID: FIREFOX_GUID,
    appVersion: '59.0',
    ...params,
  };
  return parseUpdateQuery((name) => all[name]);
}

function updates(q: UpdateQuery | null, m: UpdateManifest | null) {
  const answer = answerUpdateCheck(q, m, SITE);
  return { status: answer.status, body: JSON.parse(answer.body) };
}

describe('parseUpdateQuery', () => {
  it.each([['id'], ['appID'], ['appVersion']])('is invalid without %s', (name) => {
    expect(query({ [name]: '' })).toBeNull();
  });

  it('is invalid for obsolete or unknown applications', () => {
    expect(query({ appID: '{3550f703-e582-4d05-9a08-453d09bdfdc6}' })).toBeNull();
    expect(query({ appID: 'nonsense' })).toBeNull();
  });

  it('defaults compatMode to strict and treats unknown modes as ignore', () => {
    expect(query({})?.compatMode).toBe('strict');
    expect(query({ compatMode: 'normal' })?.compatMode).toBe('normal');
    expect(query({ compatMode: 'whatever' })?.compatMode).toBe('ignore');
  });

  it('knows Firefox for Android', () => {
    expect(query({ appID: ANDROID_GUID })?.app).toBe('android');
  });
});

describe('answerUpdateCheck', () => {
  it('answers 400 {} for an invalid query and 200 {} for an unknown add-on', () => {
    expect(updates(null, null)).toEqual({ status: 400, body: {} });
    expect(updates(query({}), null)).toEqual({ status: 200, body: {} });
  });

  it('answers an empty update list when no version matches', () => {
    const body = updates(query({ appVersion: '57.0' }), manifest(version(1))).body;
    expect(body).toEqual({ addons: { 'tabs@trove.test': { updates: [] } } });
  });

  it('keys the answer by the id exactly as sent', () => {
    const body = updates(query({ id: 'TABS@trove.test' }), manifest(version(1))).body;
    expect(Object.keys(body.addons)).toEqual(['TABS@trove.test']);
  });

  it('builds AMO’s exact update object', () => {
    const m = manifest(
      version(3, { hasReleaseNotes: true, file: { ...version(3).file, strictCompatibility: true } }),
    );
    expect(updates(query({}), m).body.addons['tabs@trove.test'].updates).toEqual([
      {
        version: '1.3',
        update_link: `${SITE}/firefox/downloads/file/30/tab_sorter-1.3.xpi`,
        applications: { gecko: { strict_min_version: '58.0', strict_max_version: '60.*' } },
        update_hash: `sha256:${'a'.repeat(64)}`,
        update_info_url: `${SITE}/%APP_LOCALE%/firefox/addon/tab-sorter/versions/1.3/updateinfo/`,
      },
    ]);
  });

  it('leaves out strict_max_version for non-strict files, update_hash when empty, update_info_url without notes', () => {
    const m = manifest(version(1, { file: { ...version(1).file, hash: '' } }));
    const [update] = updates(query({}), m).body.addons['tabs@trove.test'].updates;
    expect(update.applications.gecko).toEqual({ strict_min_version: '58.0' });
    expect(update).not.toHaveProperty('update_hash');
    expect(update).not.toHaveProperty('update_info_url');
  });

  it('uses the requested app in the link and its own compat range', () => {
    const m = manifest(version(1, { compat: { android: { min: '120.0', max: '*' } } }));
    const [update] = updates(query({ appID: ANDROID_GUID, appVersion: '121.0' }), m).body.addons[
      'tabs@trove.test'
    ].updates;
    expect(update.update_link).toBe(`${SITE}/android/downloads/file/10/tab_sorter-1.1.xpi`);
    expect(update.applications.gecko.strict_min_version).toBe('120.0');
    expect(updates(query({ appVersion: '121.0' }), m).body.addons['tabs@trove.test'].updates).toEqual([]);
  });

  describe('selection', () => {
    const old = version(1, { compat: { firefox: { min: '50.0', max: '57.*' } } });
    const current = version(2, { compat: { firefox: { min: '58.0', max: '60.*' } } });
    const strict = version(3, {
      compat: { firefox: { min: '58.0', max: '59.*' } },
      file: { ...version(3).file, strictCompatibility: true },
    });
    const pick = (params: Record<string, string>, ...versions: ManifestVersion[]) =>
      updates(query(params), manifest(...versions)).body.addons['tabs@trove.test'].updates[0]?.version;

    it('always checks min, inclusively, in every mode', () => {
      for (const compatMode of ['strict', 'normal', 'ignore']) {
        expect(pick({ appVersion: '57.0', compatMode }, current)).toBeUndefined();
        expect(pick({ appVersion: '58.0', compatMode }, current)).toBe('1.2');
      }
    });

    it('checks max in strict mode (inclusive, with *)', () => {
      expect(pick({ appVersion: '60.5', compatMode: 'strict' }, current)).toBe('1.2');
      expect(pick({ appVersion: '61.0', compatMode: 'strict' }, current)).toBeUndefined();
    });

    it('checks max in normal mode only for strict files', () => {
      expect(pick({ appVersion: '61.0', compatMode: 'normal' }, current)).toBe('1.2');
      expect(pick({ appVersion: '60.0', compatMode: 'normal' }, current, strict)).toBe('1.2');
      expect(pick({ appVersion: '59.1', compatMode: 'normal' }, current, strict)).toBe('1.3');
    });

    it('ignores max in ignore mode and for unknown modes', () => {
      expect(pick({ appVersion: '99.0', compatMode: 'ignore' }, current, strict)).toBe('1.3');
      expect(pick({ appVersion: '99.0', compatMode: 'banana' }, current, strict)).toBe('1.3');
    });

    it('offers the matching version with the highest id, not the highest version string', () => {
      const lowerStringNewerId = version(9, { version: '0.9' });
      expect(pick({}, current, lowerStringNewerId)).toBe('0.9');
      expect(pick({ appVersion: '55.0' }, old, current)).toBe('1.1');
    });

    it('never offers a version without compat for the app, even in ignore mode', () => {
      const dictionary = version(4, { compat: {} });
      expect(pick({ compatMode: 'ignore' }, dictionary)).toBeUndefined();
    });
  });
});
