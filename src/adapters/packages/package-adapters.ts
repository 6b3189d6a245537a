import type { PackageLinter, PackageReader, PackageSigner } from '../../domain/submission-ports.ts';
import { AddonsLinter } from './addons-linter.ts';
import { CommandSigner, unsignedPackages } from './command-signer.ts';
import { ZipPackageReader } from './zip-package-reader.ts';

/** The package adapters for the configuration: yauzl, addons-linter, and `SIGNING_COMMAND` when set. */
export function packageAdapters(config: { readonly signingCommand: string | null }): {
  readonly reader: PackageReader;
  readonly linter: PackageLinter;
  readonly signer: PackageSigner;
} {
  return {
    reader: new ZipPackageReader(),
    linter: new AddonsLinter(),
    signer: config.signingCommand ? new CommandSigner(config.signingCommand) : unsignedPackages,
  };
}
