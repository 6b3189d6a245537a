import { Kysely } from 'kysely';
import { PlanetScaleDialect } from 'kysely-planetscale';
import { SqlCatalogueReader } from '../../src/adapters/sql/catalogue-reader.ts';
import type { DB } from '../../src/adapters/sql/schema.ts';
import type { ManifestLayer } from '../../src/domain/edge/ports.ts';

/**
 * A database replica over PlanetScale's HTTP API: the same two statements the origin runs for an update
 * manifest (one query code base, `SqlCatalogueReader`). A replica always knows: an absent add-on is a
 * definite "unknown".
 */
export class PlanetScaleManifestSource implements ManifestLayer {
  readonly name = 'replica';
  readonly #reader: SqlCatalogueReader;

  constructor(url: string, fetcher: typeof fetch = fetch) {
    const db = new Kysely<DB>({ dialect: new PlanetScaleDialect({ url, fetch: fetcher }) });
    this.#reader = new SqlCatalogueReader(() => ({ db, markDown() {} }));
  }

  async find(guid: string) {
    return { found: true, manifest: await this.#reader.findUpdateManifest(guid) } as const;
  }
}
