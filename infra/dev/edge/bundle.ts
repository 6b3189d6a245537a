import path from 'node:path';
import { build } from 'esbuild';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/**
 * Bundles a Worker entry (default: the edge) into one ES module for workerd, as `wrangler deploy` would,
 * for the local runs (`npm start`, tests, benches) that drive workerd without wrangler's dev proxy.
 */
export async function bundleWorker(outFile: string, entry = 'workers/edge/index.ts'): Promise<string> {
  await build({
    entryPoints: [path.join(ROOT, entry)],
    outfile: outFile,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2023',
    conditions: ['workerd', 'worker', 'browser', 'import'],
    mainFields: ['module', 'main'],
    logLevel: 'warning',
  });
  return outFile;
}
