import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { LinterMessage } from 'addons-linter';
import { type ValidationMessage, validationMessage } from '../../domain/submission.ts';
import type { PackageLinter } from '../../domain/submission-ports.ts';

/** Linter metadata worth keeping in `validation.metadata` (the rest is large and internal). */
const KEPT_METADATA = ['id', 'manifestVersion', 'name', 'type', 'version', 'firefoxMinVersion', 'jsLibs'];

function toMessage(m: LinterMessage): ValidationMessage {
  return validationMessage(m._type, m.code, m.message, {
    description: m.description ?? [],
    file: m.file ?? null,
    line: m.line,
    column: m.column,
  });
}

/**
 * Mozilla's addons-linter, run in this process on a temporary copy of the package (it reads files, not
 * bytes). Loaded on first use: it takes about a second to import.
 */
export class AddonsLinter implements PackageLinter {
  readonly #tempRoot: string;

  constructor(opts: { tempRoot?: string } = {}) {
    this.#tempRoot = opts.tempRoot ?? os.tmpdir();
  }

  async lint(bytes: Uint8Array, filename: string) {
    const { createInstance } = await import('addons-linter');
    const dir = await fs.mkdtemp(path.join(this.#tempRoot, 'trove-lint-'));
    try {
      // The linter picks its reader by extension; .crx is handled as a zip too.
      const file = path.join(dir, /\.(xpi|zip)$/i.test(filename) ? path.basename(filename) : 'package.zip');
      await fs.writeFile(file, bytes);
      const output = await createInstance({
        config: {
          _: [file],
          logLevel: 'fatal',
          stack: false,
          pretty: false,
          warningsAsErrors: false,
          metadata: false,
          output: 'none',
          boring: true,
          selfHosted: false,
          privileged: false,
          minManifestVersion: 2,
          maxManifestVersion: 3,
        },
        runAsBinary: false,
      }).run();
      const metadata = Object.fromEntries(
        KEPT_METADATA.filter((k) => output.metadata?.[k] !== undefined).map((k) => [k, output.metadata[k]]),
      );
      return {
        messages: [...output.errors, ...output.notices, ...output.warnings].map(toMessage),
        metadata,
      };
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }
}
