import { describe, expect, it } from 'vitest';
import { ADDON_TYPES } from '../../src/domain/constants.ts';
import { entryNameProblem, inspectManifest, type PackageContents } from '../../src/domain/package-rules.ts';
import { addonStatusFor, packageFilename, slugify } from '../../src/domain/submission.ts';
import { manifestFactory } from '../fixtures/packages.ts';

const encode = (text: string) => new TextEncoder().encode(text);

function contents(files: Record<string, string>): PackageContents {
  return {
    entryNames: Object.keys(files),
    files: new Map(Object.entries(files).map(([name, text]) => [name, encode(text)])),
    problems: [],
  };
}

const inspect = (manifest: Record<string, unknown>, files: Record<string, string> = {}) =>
  inspectManifest(contents({ 'manifest.json': JSON.stringify(manifestFactory(manifest)), ...files }));

const codes = (r: ReturnType<typeof inspectManifest>) => r.messages.map((m) => m.id[0]);

describe('manifest inspection', () => {
  it('reads guid, version, name, summary, permissions and compat from a valid manifest', () => {
    const { manifest, messages } = inspect({
      permissions: ['storage', 'tabs'],
      browser_specific_settings: { gecko: { id: 'tabs@example.com', strict_min_version: '115.0' } },
    });
    expect(messages).toEqual([]);
    expect(manifest).toMatchObject({
      guid: 'tabs@example.com',
      version: '1.0.0',
      manifestVersion: 2,
      type: ADDON_TYPES.extension,
      name: 'Trove Test Extension',
      summary: 'An extension built by Trove tests.',
      permissions: ['storage', 'tabs'],
      compat: { firefox: { min: '115.0', max: '*' }, android: { min: '115.0', max: '*' } },
      strictCompatibility: false,
    });
  });

  it("uses AMO's default compat: 42.0/48.0 for MV2, 109.0a1/120.0a1 for MV3", () => {
    const mv2 = inspect({ browser_specific_settings: { gecko: { id: 'a@b.c' } } }).manifest;
    expect(mv2?.compat).toEqual({ firefox: { min: '42.0', max: '*' }, android: { min: '48.0', max: '*' } });
    const mv3 = inspect({
      manifest_version: 3,
      background: { scripts: ['background.js'] },
      browser_specific_settings: { gecko: { id: 'a@b.c', strict_min_version: '100.0' } },
    }).manifest;
    expect(mv3?.compat).toEqual({
      firefox: { min: '109.0a1', max: '*' },
      android: { min: '120.0a1', max: '*' },
    });
  });

  it('takes strict_max_version (strict compatibility) and gecko_android ranges', () => {
    const { manifest } = inspect({
      browser_specific_settings: {
        gecko: { id: 'a@b.c', strict_min_version: '120.0', strict_max_version: '130.*' },
        gecko_android: { strict_min_version: '125.0' },
      },
    });
    expect(manifest?.compat).toEqual({
      firefox: { min: '120.0', max: '130.*' },
      android: { min: '125.0', max: '130.*' },
    });
    expect(manifest?.strictCompatibility).toBe(true);
  });

  it('accepts the older applications.gecko.id and an MV2 package without id', () => {
    expect(
      inspect({
        browser_specific_settings: undefined,
        applications: { gecko: { id: '{12345678-abcd-4abc-8abc-123456789abc}' } },
      }).manifest?.guid,
    ).toBe('{12345678-abcd-4abc-8abc-123456789abc}');
    const noId = inspect({ browser_specific_settings: undefined });
    expect(noId.messages).toEqual([]);
    expect(noId.manifest?.guid).toBeNull();
  });

  it('resolves __MSG_…__ names from the default locale, case-insensitively', () => {
    const { manifest, messages } = inspect(
      { name: '__MSG_extName__', description: '__MSG_extDesc__', default_locale: 'fr' },
      {
        '_locales/fr/messages.json': JSON.stringify({
          EXTNAME: { message: 'Trieur' },
          extDesc: { message: 'Trie les onglets' },
        }),
      },
    );
    expect(messages).toEqual([]);
    expect(manifest).toMatchObject({ name: 'Trieur', summary: 'Trie les onglets', defaultLocale: 'fr' });
  });

  it.each([
    ['no manifest.json', { 'background.js': '' }, 'TYPE_NO_MANIFEST_JSON', /No manifest\.json/],
    ['a manifest in a folder', { 'ext/manifest.json': '{}' }, 'TYPE_NO_MANIFEST_JSON', /root of the package/],
    ['a manifest that is not an object', { 'manifest.json': '[1]' }, 'MANIFEST_JSON_INVALID', /JSON object/],
  ])('refuses %s', (_what, files, code, text) => {
    const result = inspectManifest(contents(files));
    expect(result.manifest).toBeNull();
    expect(codes(result)).toEqual([code]);
    expect(result.messages[0]?.message).toMatch(text);
  });

  it('reports where manifest.json stops being JSON', () => {
    const result = inspectManifest(
      contents({ 'manifest.json': '{\n  "name": "x",\n  "version": "1.0"\n  "oops": 1\n}' }),
    );
    expect(codes(result)).toEqual(['JSON_INVALID']);
    expect(result.messages[0]).toMatchObject({ file: 'manifest.json', line: 4, column: 3 });
    expect(result.messages[0]?.message).toMatch(/line 4, column 3/);
  });

  it('ignores // comment lines, as Firefox does', () => {
    const text = `// a comment\n${JSON.stringify(manifestFactory())}`;
    expect(inspectManifest(contents({ 'manifest.json': text })).messages).toEqual([]);
  });

  it.each([
    ['a missing version', { version: undefined }, 'MANIFEST_FIELD_REQUIRED'],
    ['a malformed version', { version: '1.0beta' }, 'VERSION_FORMAT_INVALID'],
    ['a version with a leading zero', { version: '1.01' }, 'VERSION_FORMAT_INVALID'],
    ['manifest_version 4', { manifest_version: 4 }, 'MANIFEST_VERSION_INVALID'],
    ['a missing name', { name: '' }, 'MANIFEST_FIELD_REQUIRED'],
    ['an unresolvable __MSG_ name', { name: '__MSG_nope__', default_locale: 'en' }, 'UNRESOLVED_MESSAGE'],
    ['an invalid id', { browser_specific_settings: { gecko: { id: 'not an id' } } }, 'PROP_ID_INVALID'],
    [
      'an id over 64 characters',
      { browser_specific_settings: { gecko: { id: `${'a'.repeat(60)}@trove.test` } } },
      'PROP_ID_TOO_LONG',
    ],
    [
      'MV3 without an id',
      { manifest_version: 3, browser_specific_settings: undefined },
      'EXTENSION_ID_REQUIRED',
    ],
    [
      'a strict_min_version that is not a version',
      { browser_specific_settings: { gecko: { id: 'a@b.c', strict_min_version: 'latest' } } },
      'INVALID_APP_VERSION',
    ],
  ])('refuses %s', (_what, overrides, code) => {
    const result = inspect(overrides);
    expect(result.manifest).toBeNull();
    expect(codes(result)).toContain(code);
  });

  it('detects static themes', () => {
    expect(inspect({ theme: { colors: {} } }).manifest?.type).toBe(ADDON_TYPES.statictheme);
  });
});

describe('entry names', () => {
  it.each([
    ['../evil.js', /leaves the package/],
    ['a/../../evil.js', /leaves the package/],
    ['/etc/passwd', /absolute path/],
    ['C:/windows/evil.js', /absolute path/],
    ['dir\\file.js', /backslash/],
    ['bad\u0001name.js', /control character/],
  ])('refuses %j', (name, why) => {
    expect(entryNameProblem(name)?.message).toMatch(why);
  });

  it.each(['manifest.json', '_locales/en/messages.json', 'icons/a..b.png', 'dir/'])('accepts %j', (name) => {
    expect(entryNameProblem(name)).toBeNull();
  });
});

describe('submission rules', () => {
  it('names files as AMO does: the slugified name with underscores, then the version', () => {
    expect(packageFilename('Tab Sorter Plus!', '1.2.0')).toBe('tab_sorter_plus-1.2.0.xpi');
    expect(slugify('123')).toBe('addon-123');
    expect(slugify('¡Ünïcode!')).toBe('unicode');
  });

  it('derives the add-on status from its listed files', () => {
    const v = (channel: number, fileStatus: number, deleted = false) => ({ channel, fileStatus, deleted });
    expect(addonStatusFor(0, [v(2, 1)])).toBe(3);
    expect(addonStatusFor(3, [v(2, 1), v(2, 4)])).toBe(4);
    expect(addonStatusFor(4, [v(2, 5)])).toBe(0);
    expect(addonStatusFor(4, [v(2, 4, true), v(2, 1)])).toBe(3);
    expect(addonStatusFor(0, [v(1, 4)])).toBe(0);
    expect(addonStatusFor(5, [v(2, 4)])).toBe(5);
  });
});
