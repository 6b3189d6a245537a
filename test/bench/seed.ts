import { parseArgs } from 'node:util';
import { ensureCatalogue } from './catalogues.ts';

/** `npm run bench -- seed [--addons N] [--only sqlite|mariadb]`: seeds (or reuses) the bench catalogues. */
export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { addons: { type: 'string', default: '300000' }, only: { type: 'string' } },
  });
  for (const kind of (values.only ?? 'sqlite,mariadb').split(',') as ('sqlite' | 'mariadb')[]) {
    const catalogue = await ensureCatalogue(kind, Number(values.addons));
    console.log(`${kind}: ${catalogue.guids.length} add-ons at ${catalogue.databaseUrl}`);
  }
}
