import { describe, expect, it } from 'vitest';
import type { CatalogueWriter } from '../../src/domain/ports.ts';
import { CatalogueService } from '../../src/services/catalogue-service.ts';

/** Records what the service asks the edge to purge (the HTTP purger is exercised end to end in test/e2e). */
function service() {
  const purged: string[][] = [];
  const catalogue = new CatalogueService({
    writer: {} as CatalogueWriter,
    caches: [],
    purger: { purge: async (tags) => void purged.push([...tags]) },
  });
  return { catalogue, purged };
}

describe('CatalogueService.changed: what the edge purges', () => {
  it('purges the add-ons and every listing after a catalogue change', async () => {
    const { catalogue, purged } = service();
    await catalogue.changed(['a@b', '{c}']);
    expect(purged).toEqual([['catalogue', 'addon:a%40b', 'addon:%7Bc%7D']]);
  });

  it("purges only the add-on's own pages after a rating (listings catch up with their edge lifetime)", async () => {
    const { catalogue, purged } = service();
    await catalogue.changed(['a@b'], { listings: false });
    expect(purged).toEqual([['addon:a%40b']]);
  });
});
