import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const BIN = path.resolve(import.meta.dirname, '../../bin/trove');

/** Runs the real `trove` command in a child process, as an operator would. */
export function runTrove(args: string[], env: Record<string, string>) {
  const result = spawnSync(BIN, args, {
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Writes `data` as JSON to a new temp file and returns its path. */
export function writeJsonFile(data: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trove-import-'));
  const file = path.join(dir, 'catalogue.json');
  fs.writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data));
  return file;
}

/** One add-on in the `trove import` file format (AMO's field names). */
export function catalogueEntry(
  guid: string,
  versions: { version: string; id?: number; fileId?: number; min?: string }[],
) {
  return {
    guid,
    slug: guid.split('@')[0],
    name: { 'en-US': `Name of ${guid}` },
    type: 'extension',
    status: 4,
    disabled_by_user: false,
    categories: ['tabs'],
    average_daily_users: 1234,
    versions: versions.map((v) => ({
      ...(v.id ? { id: v.id } : {}),
      version: v.version,
      channel: 'listed',
      deleted: false,
      release_notes: null,
      file: {
        ...(v.fileId ? { id: v.fileId } : {}),
        status: 4,
        hash: `sha256:${'b'.repeat(64)}`,
        strict_compatibility: false,
        filename: `${guid.split('@')[0]}-${v.version}.xpi`,
      },
      compat: { firefox: { min: v.min ?? '58.0', max: '*' } },
    })),
  };
}
