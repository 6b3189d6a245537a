import fs from 'node:fs/promises';
import type { Container } from '../origin/container.ts';
import { UsageError } from './usage-error.ts';

/** `trove import FILE.json`: validates the whole file first, then writes it in one transaction. */
export async function runImport(container: Container, file: string | undefined): Promise<number> {
  if (!file) throw new UsageError('trove import: name the catalogue file, e.g. trove import catalogue.json');
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`trove import: cannot read ${file}: ${(error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`trove import: ${file} is not valid JSON: ${(error as Error).message}`);
  }
  const result = await container.catalogue.importFile(data);
  console.log(`Imported ${file}: ${result.created} add-ons added, ${result.replaced} replaced.`);
  return 0;
}
