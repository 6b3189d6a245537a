import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddonInput } from '../../src/domain/catalogue.ts';
import { ADDON_STATUS } from '../../src/domain/constants.ts';
import type { ManifestLayer } from '../../src/domain/edge/ports.ts';
import { addonFactory, versionFactory } from '../support/factories.ts';

export interface ManifestLayerBackend {
  readonly layer: ManifestLayer;
  /** Writes add-ons at the origin the way Trove does (import), including whatever feeds the layer. */
  write(addons: readonly AddonInput[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * What the edge's update chain needs from each layer: the current manifest of a written add-on, never a
 * stale one after a change, and never a manifest for an add-on that does not serve updates.
 */
export function manifestLayerContract(name: string, open: () => Promise<ManifestLayerBackend>) {
  describe(`manifest layer contract: ${name}`, () => {
    let backend: ManifestLayerBackend;
    beforeAll(async () => {
      backend = await open();
    });
    afterAll(async () => {
      await backend?.close();
    });

    const manifestOf = async (guid: string) => {
      const found = await backend.layer.find(guid);
      return found.found ? found.manifest : undefined;
    };

    it('finds the manifest of a written add-on', async () => {
      const addon = addonFactory({
        versions: [versionFactory({ version: '1.0' }), versionFactory({ version: '2.0' })],
      });
      await backend.write([addon]);
      const manifest = await manifestOf(addon.guid);
      expect(manifest?.guid).toBe(addon.guid);
      expect(manifest?.slug).toBe(addon.slug);
      expect(manifest?.versions.map((v) => v.version)).toEqual(['2.0', '1.0']);
    });

    it('is current right after a change', async () => {
      const addon = addonFactory({ versions: [versionFactory({ version: '1.0' })] });
      await backend.write([addon]);
      expect((await manifestOf(addon.guid))?.versions.map((v) => v.version)).toEqual(['1.0']);
      await backend.write([{ ...addon, versions: [...addon.versions, versionFactory({ version: '1.1' })] }]);
      expect((await manifestOf(addon.guid))?.versions.map((v) => v.version)).toEqual(['1.1', '1.0']);
    });

    it('has no manifest for disabled or unknown add-ons', async () => {
      const addon = addonFactory();
      await backend.write([addon]);
      expect(await manifestOf(addon.guid)).toBeTruthy();
      await backend.write([{ ...addon, status: ADDON_STATUS.disabled }]);
      expect(await manifestOf(addon.guid)).toBeFalsy();
      expect(await manifestOf('never-written@trove.test')).toBeFalsy();
    });
  });
}
