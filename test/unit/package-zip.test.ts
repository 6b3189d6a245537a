import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ZipPackageReader } from '../../src/adapters/packages/zip-package-reader.ts';
import { DEFAULT_PACKAGE_LIMITS, type PackageLimits } from '../../src/domain/package-rules.ts';
import { claimUncompressedSize, extensionZip, renameEntry, zipOf } from '../fixtures/packages.ts';

const reader = new ZipPackageReader();
const MIB = 1024 * 1024;
const read = (zip: Uint8Array, limits: Partial<PackageLimits> = {}) =>
  reader.read(zip, { ...DEFAULT_PACKAGE_LIMITS, ...limits });
const codes = (r: Awaited<ReturnType<typeof read>>) => r.problems.map((p) => p.id[0]);

describe('zip package reader (yauzl)', () => {
  it('lists entries and keeps only the manifest and locale messages', async () => {
    const zip = await extensionZip(
      {},
      { '_locales/en/messages.json': '{}', 'icons/icon.png': randomBytes(100) },
    );
    const result = await read(zip);
    expect(result.problems).toEqual([]);
    expect(result.entryNames).toEqual([
      'manifest.json',
      'background.js',
      '_locales/en/messages.json',
      'icons/icon.png',
    ]);
    expect([...result.files.keys()].sort()).toEqual(['_locales/en/messages.json', 'manifest.json']);
  });

  it('refuses bytes that are not a zip', async () => {
    const result = await read(new Uint8Array(randomBytes(2048)));
    expect(codes(result)).toEqual(['BAD_ZIPFILE']);
    expect(result.problems[0]?.description[0]).toMatch(/not a zip archive/);
  });

  it('refuses a truncated zip', async () => {
    const zip = await extensionZip();
    expect(codes(await read(zip.slice(0, zip.length - 30)))).toEqual(['BAD_ZIPFILE']);
  });

  it('refuses an entry compressed like a zip bomb (20 MB of zeros) before inflating it', async () => {
    const zip = await extensionZip({}, { 'zeros.bin': new Uint8Array(20 * MIB) });
    expect(zip.length).toBeLessThan(100 * 1024);
    const result = await read(zip);
    expect(codes(result)).toEqual(['ZIP_COMPRESSION_RATIO']);
    expect(result.problems[0]?.message).toMatch(/zeros\.bin is compressed more than 100:1/);
  });

  it('stops inflating a bomb whose headers lie about its size', async () => {
    const zip = claimUncompressedSize(await zipOf({ 'zeros.bin': new Uint8Array(20 * MIB) }), 1000);
    const started = performance.now();
    const result = await read(zip);
    expect(codes(result)).toEqual(['ZIP_SIZE_MISMATCH']);
    expect(result.problems[0]?.message).toMatch(/more bytes than its header declares/);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('refuses a package that expands beyond the total cap', async () => {
    const zip = await zipOf({ 'a.bin': randomBytes(3 * MIB), 'b.bin': randomBytes(3 * MIB) });
    const result = await read(zip, { maxUncompressedBytes: 5 * MIB });
    expect(codes(result)).toEqual(['ZIP_TOO_LARGE_UNCOMPRESSED']);
    expect(result.problems[0]?.message).toMatch(/more than 5 MB/);
  });

  it('refuses too many entries without reading them', async () => {
    const entries = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${i}.js`, '']));
    expect(codes(await read(await zipOf(entries), { maxEntries: 10 }))).toEqual(['TOO_MANY_ENTRIES']);
  });

  it.each([
    ['a .. segment', 'xx/evil.js', '../evil.js', /leaves the package/],
    ['an absolute path', 'xevil.js', '/evil.js', /absolute path/],
    ['a backslash', 'dir_file.js', 'dir\\file.js', /backslash/],
  ])('refuses an entry name with %s, and still reads the rest', async (_what, placeholder, evil, why) => {
    const zip = renameEntry(await extensionZip({}, { [placeholder]: 'x' }), placeholder, evil);
    const result = await read(zip);
    expect(codes(result)).toEqual(['INVALID_PATH']);
    expect(result.problems[0]?.message).toMatch(why);
    expect(result.files.has('manifest.json')).toBe(true);
    expect(result.entryNames).not.toContain(evil);
  });

  it('refuses duplicate entries', async () => {
    const zip = renameEntry(
      await extensionZip({}, { 'backgroune.js': 'x' }),
      'backgroune.js',
      'background.js',
    );
    const result = await read(zip);
    expect(codes(result)).toEqual(['DUPLICATE_XPI_ENTRY']);
    expect(result.problems[0]?.file).toBe('background.js');
  });

  it('refuses a manifest larger than the manifest cap', async () => {
    const zip = await zipOf({ 'manifest.json': `{"name":"${'x'.repeat(2048)}"}` });
    expect(codes(await read(zip, { maxManifestBytes: 1024 }))).toEqual(['FILE_TOO_LARGE']);
  });
});
