import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddonInput } from '../../src/domain/catalogue.ts';
import { ADDON_STATUS, CHANNEL, FILE_STATUS } from '../../src/domain/constants.ts';
import { TroveError } from '../../src/domain/errors.ts';
import type { CatalogueReader, CatalogueWriter } from '../../src/domain/ports.ts';
import { addonFactory, versionFactory } from '../support/factories.ts';

/** One adapter of the catalogue ports, as the contract suite drives it. */
export interface CatalogueBackend {
  readonly writer: CatalogueWriter;
  /** Reads as production would route them (a replica where there is one). */
  readonly reader: CatalogueReader;
  /** Resolves once every replica has applied the writes made so far. */
  settle(): Promise<void>;
  /** Runs `fn` with a reader of its own and counts the SQL statements that reader issued. */
  countStatements<T>(fn: (reader: CatalogueReader) => Promise<T>): Promise<{ result: T; statements: number }>;
  close(): Promise<void>;
}

/** The behaviour every catalogue adapter must have; each back end's test file calls this once. */
export function catalogueContract(name: string, open: () => Promise<CatalogueBackend>): void {
  describe(`catalogue store contract: ${name}`, () => {
    let backend: CatalogueBackend;
    const importAndSettle = async (addons: AddonInput[]) => {
      const result = await backend.writer.importAddons(addons);
      await backend.settle();
      return result;
    };

    beforeAll(async () => {
      backend = await open();
    });
    afterAll(async () => {
      await backend?.close();
    });

    it('builds the update manifest from listed, approved, not deleted versions, newest id first', async () => {
      const addon = addonFactory({
        versions: [
          versionFactory({
            id: 101,
            version: '1.0',
            compat: { firefox: { min: '58.0', max: '*' }, android: { min: '120.0', max: '130.*' } },
          }),
          versionFactory({
            id: 102,
            version: '1.1',
            releaseNotes: 'Fixes',
            file: { id: 202, strictCompatibility: true },
          }),
          versionFactory({ id: 103, version: '1.2', channel: CHANNEL.unlisted }),
          versionFactory({ id: 104, version: '1.3', deleted: true }),
          versionFactory({ id: 105, version: '1.4', file: { status: FILE_STATUS.unreviewed } }),
          versionFactory({ id: 106, version: '1.5', file: { status: FILE_STATUS.disabled } }),
        ],
      });
      await importAndSettle([addon]);
      const manifest = await backend.reader.findUpdateManifest(addon.guid);
      expect(manifest?.slug).toBe(addon.slug);
      expect(manifest?.versions.map((v) => v.version)).toEqual(['1.1', '1.0']);
      expect(manifest?.versions[0]).toMatchObject({
        id: 102,
        hasReleaseNotes: true,
        file: { id: 202, strictCompatibility: true },
        compat: { firefox: { min: '58.0', max: '*' } },
      });
      expect(manifest?.versions[1]?.compat).toEqual({
        firefox: { min: '58.0', max: '*' },
        android: { min: '120.0', max: '130.*' },
      });
    });

    it('has no manifest for unknown, deleted, admin-disabled or developer-disabled add-ons', async () => {
      const deleted = addonFactory({ status: ADDON_STATUS.deleted });
      const disabled = addonFactory({ status: ADDON_STATUS.disabled });
      const byUser = addonFactory({ disabledByUser: true });
      const nominated = addonFactory({ status: ADDON_STATUS.nominated });
      await importAndSettle([deleted, disabled, byUser, nominated]);
      expect(await backend.reader.findUpdateManifest('nobody@trove.test')).toBeNull();
      expect(await backend.reader.findUpdateManifest(deleted.guid)).toBeNull();
      expect(await backend.reader.findUpdateManifest(disabled.guid)).toBeNull();
      expect(await backend.reader.findUpdateManifest(byUser.guid)).toBeNull();
      expect(await backend.reader.findUpdateManifest(nominated.guid)).not.toBeNull();
    });

    it('reads a manifest in at most two statements', async () => {
      const addon = addonFactory({ versions: [versionFactory(), versionFactory(), versionFactory()] });
      await importAndSettle([addon]);
      const { result, statements } = await backend.countStatements((reader) =>
        reader.findUpdateManifest(addon.guid),
      );
      expect(result?.versions).toHaveLength(3);
      expect(statements).toBe(2);
      const unknown = await backend.countStatements((reader) =>
        reader.findUpdateManifest('unknown@trove.test'),
      );
      expect(unknown.statements).toBe(1);
    });

    it('replaces an add-on matched by guid and leaves the rest of the catalogue alone', async () => {
      const kept = addonFactory();
      const changed = addonFactory({ versions: [versionFactory({ version: '1.0' })] });
      const first = await importAndSettle([kept, changed]);
      expect(first).toMatchObject({ created: 2, replaced: 0 });
      const before = await backend.reader.findAddonByGuid(changed.guid);
      const second = await importAndSettle([
        { ...changed, name: { 'en-US': 'Renamed' }, versions: [versionFactory({ version: '2.0' })] },
      ]);
      expect(second).toMatchObject({ created: 0, replaced: 1 });
      const after = await backend.reader.findAddonByGuid(changed.guid);
      expect(after?.id).toBe(before?.id);
      expect(after?.name['en-US']).toBe('Renamed');
      expect(after?.created.getTime()).toBe(before?.created.getTime());
      expect((await backend.reader.findUpdateManifest(changed.guid))?.versions.map((v) => v.version)).toEqual(
        ['2.0'],
      );
      expect((await backend.reader.findUpdateManifest(kept.guid))?.versions).toHaveLength(1);
    });

    it('keeps the ids it is given', async () => {
      const addon = addonFactory({
        id: 90_001,
        versions: [versionFactory({ id: 90_002, file: { id: 90_003 } })],
      });
      await importAndSettle([addon]);
      const manifest = await backend.reader.findUpdateManifest(addon.guid);
      expect(manifest).toMatchObject({ addonId: 90_001, versions: [{ id: 90_002, file: { id: 90_003 } }] });
    });

    it('writes all or nothing: a conflict in the last add-on leaves the first unwritten', async () => {
      const owner = addonFactory({ versions: [versionFactory({ id: 91_001 })] });
      await importAndSettle([owner]);
      const innocent = addonFactory();
      const thief = addonFactory({ versions: [versionFactory({ id: 91_001 })] });
      await expect(backend.writer.importAddons([innocent, thief])).rejects.toBeInstanceOf(TroveError);
      await backend.settle();
      expect(await backend.reader.findAddonByGuid(innocent.guid)).toBeNull();
      expect(await backend.reader.findAddonByGuid(thief.guid)).toBeNull();
      expect((await backend.reader.findUpdateManifest(owner.guid))?.versions[0]?.id).toBe(91_001);
    });

    it('refuses an id that belongs to another guid', async () => {
      const owner = addonFactory({ id: 92_001 });
      await importAndSettle([owner]);
      const other = addonFactory({ id: 92_001 });
      await expect(backend.writer.importAddons([other])).rejects.toMatchObject({ code: 'DuplicateId' });
    });

    it('bulk-inserts new add-ons with shared authors', async () => {
      const base = 93_000;
      const addons = Array.from({ length: 30 }, (_, i) =>
        addonFactory({
          id: base + i,
          authors: [{ username: `bulk-author-${i % 3}`, name: 'Bulk' }],
          versions: [versionFactory({ id: base + i, file: { id: base + i } })],
        }),
      );
      await backend.writer.insertNewAddons(addons);
      await backend.settle();
      for (const addon of [addons[0], addons[29]]) {
        expect((await backend.reader.findUpdateManifest(addon?.guid ?? ''))?.addonId).toBe(addon?.id);
      }
    });

    it('reads add-ons with their translations, lists and counts them', async () => {
      const top = addonFactory({
        averageDailyUsers: 50_000_000,
        name: { 'en-US': 'Top', fr: 'Haut' },
        summary: { 'en-US': 'The top one' },
      });
      await importAndSettle([top]);
      const found = await backend.reader.findAddonByGuid(top.guid);
      expect(found).toMatchObject({
        guid: top.guid,
        name: { 'en-US': 'Top', fr: 'Haut' },
        summary: { 'en-US': 'The top one' },
      });
      expect(found?.averageDailyUsers).toBe(50_000_000);
      const page = await backend.reader.listAddons({ sort: 'users', limit: 2, offset: 0 });
      expect(page.results[0]?.guid).toBe(top.guid);
      expect(page.results).toHaveLength(2);
      expect(page.count).toBeGreaterThan(2);
      expect(await backend.reader.countAddons()).toBeGreaterThanOrEqual(page.count);
    });

    it('finds approved files only', async () => {
      const addon = addonFactory({
        versions: [
          versionFactory({ id: 94_001, file: { id: 94_001, filename: 'ok-1.0.xpi' } }),
          versionFactory({ id: 94_002, file: { id: 94_002, status: FILE_STATUS.unreviewed } }),
        ],
      });
      await importAndSettle([addon]);
      expect(await backend.reader.findFile(94_001)).toMatchObject({ filename: 'ok-1.0.xpi' });
      expect(await backend.reader.findFile(94_002)).toBeNull();
      expect(await backend.reader.findFile(99_999_999)).toBeNull();
    });

    it('answers a ping', async () => {
      await expect(backend.reader.ping()).resolves.toBeUndefined();
    });
  });
}
