import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { PackageSigner } from '../../domain/submission-ports.ts';

/** Serves packages as uploaded: the embedded default when no `SIGNING_COMMAND` is configured. */
export const unsignedPackages: PackageSigner = {
  sign: async (bytes) => bytes,
};

/**
 * Signs with an external command (`SIGNING_COMMAND`): it runs through `sh -c` as `COMMAND IN OUT`, with
 * `TROVE_ADDON_GUID` and `TROVE_ADDON_VERSION` set, must exit 0 within the timeout and write the signed
 * package to OUT. Anything else fails the approval and nothing is stored.
 */
export class CommandSigner implements PackageSigner {
  readonly #command: string;
  readonly #timeoutMs: number;

  constructor(command: string, opts: { timeoutMs?: number } = {}) {
    this.#command = command;
    this.#timeoutMs = opts.timeoutMs ?? 60_000;
  }

  async sign(bytes: Uint8Array, about: { guid: string; version: string }): Promise<Uint8Array> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'trove-sign-'));
    try {
      const input = path.join(dir, 'unsigned.xpi');
      const output = path.join(dir, 'signed.xpi');
      await fs.writeFile(input, bytes);
      await new Promise<void>((resolve, reject) => {
        execFile(
          '/bin/sh',
          ['-c', `${this.#command} "$0" "$1"`, input, output],
          {
            timeout: this.#timeoutMs,
            env: { ...process.env, TROVE_ADDON_GUID: about.guid, TROVE_ADDON_VERSION: about.version },
          },
          (error, _stdout, stderr) =>
            error ? reject(new Error(`signing failed: ${stderr.trim() || error.message}`)) : resolve(),
        );
      });
      return new Uint8Array(await fs.readFile(output));
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }
}
