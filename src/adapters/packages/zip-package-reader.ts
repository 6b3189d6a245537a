import yauzl from 'yauzl';
import {
  duplicateEntry,
  entryNameProblem,
  type PackageContents,
  type PackageLimits,
  packageProblems,
  wantsEntry,
} from '../../domain/package-rules.ts';
import type { ValidationMessage } from '../../domain/submission.ts';
import type { PackageReader } from '../../domain/submission-ports.ts';

// yauzl 3 has these; @types/yauzl describes 2.x.
declare module 'yauzl' {
  function getFileNameLowLevel(
    generalPurposeBitFlag: number,
    fileNameBuffer: Buffer,
    extraFields: { id: number; data: Buffer }[],
    strictFileNames: boolean,
  ): string;
  interface Entry {
    fileNameRaw: Buffer;
    canDecodeFileData(): boolean;
  }
}

/** A problem that ends the reading: nothing after it is trusted. */
class Stop extends Error {
  readonly problem: ValidationMessage;
  constructor(problem: ValidationMessage) {
    super(problem.message);
    this.problem = problem;
  }
}

function openZip(bytes: Uint8Array): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // decodeStrings off: names are decoded and judged by the domain's rules, not rejected by yauzl.
    yauzl.fromBuffer(
      buffer,
      { lazyEntries: true, decodeStrings: false, validateEntrySizes: true },
      (err, zip) => (err || !zip ? reject(err ?? new Error('no zip')) : resolve(zip)),
    );
  });
}

/**
 * Reads a package with yauzl, one entry at a time, inflating each entry to count its real size (a lying
 * header does not help a bomb) and keeping only the files the rules read.
 */
export class ZipPackageReader implements PackageReader {
  async read(bytes: Uint8Array, limits: PackageLimits): Promise<PackageContents> {
    const entryNames: string[] = [];
    const files = new Map<string, Uint8Array>();
    const problems: ValidationMessage[] = [];
    let zip: yauzl.ZipFile;
    try {
      zip = await openZip(bytes);
    } catch (error) {
      return { entryNames, files, problems: [packageProblems.notAZip(String((error as Error).message))] };
    }
    if (zip.entryCount > limits.maxEntries) {
      zip.close();
      return { entryNames, files, problems: [packageProblems.tooManyEntries(zip.entryCount, limits)] };
    }
    const seen = new Set<string>();
    const budget = { inflated: 0 };
    try {
      await new Promise<void>((resolve, reject) => {
        zip.on('error', reject);
        zip.on('end', () => resolve());
        zip.on('entry', (entry: yauzl.Entry) => {
          this.#entry(zip, entry, limits, budget, { seen, entryNames, files, problems }).then(
            () => zip.readEntry(),
            reject,
          );
        });
        zip.readEntry();
      });
    } catch (error) {
      problems.push(
        error instanceof Stop ? error.problem : packageProblems.notAZip((error as Error).message),
      );
    } finally {
      zip.close();
    }
    return { entryNames, files, problems };
  }

  async #entry(
    zip: yauzl.ZipFile,
    entry: yauzl.Entry,
    limits: PackageLimits,
    budget: { inflated: number },
    into: {
      seen: Set<string>;
      entryNames: string[];
      files: Map<string, Uint8Array>;
      problems: ValidationMessage[];
    },
  ): Promise<void> {
    const name = yauzl.getFileNameLowLevel(
      entry.generalPurposeBitFlag,
      entry.fileNameRaw,
      entry.extraFields,
      true,
    );
    const nameProblem = entryNameProblem(name);
    if (nameProblem) {
      into.problems.push(nameProblem);
      return;
    }
    if (into.seen.has(name)) {
      into.problems.push(duplicateEntry(name));
      return;
    }
    into.seen.add(name);
    into.entryNames.push(name);
    if (name.endsWith('/')) return;
    // The headers' sizes first: a bomb that admits it is refused before any inflating.
    if (budget.inflated + entry.uncompressedSize > limits.maxUncompressedBytes) {
      throw new Stop(packageProblems.tooLargeUncompressed(limits));
    }
    if (tooCompressed(entry.uncompressedSize, entry.compressedSize, limits)) {
      throw new Stop(packageProblems.compressionRatio(name, limits));
    }
    if (entry.isEncrypted() || !entry.canDecodeFileData()) {
      throw new Stop(
        packageProblems.unreadableEntry(name, 'encrypted or compressed with an unsupported method'),
      );
    }
    const keep = wantsEntry(name);
    if (keep && entry.uncompressedSize > limits.maxManifestBytes) {
      throw new Stop(packageProblems.fileTooLarge(name, limits));
    }
    const data = await inflate(zip, entry, name, limits, budget, keep);
    if (data) into.files.set(name, data);
  }
}

function tooCompressed(uncompressed: number, compressed: number, limits: PackageLimits): boolean {
  return (
    uncompressed > limits.ratioFloorBytes &&
    uncompressed / Math.max(compressed, 1) > limits.maxCompressionRatio
  );
}

/** Inflates one entry, counting bytes as they come and stopping as soon as a limit is crossed. */
function inflate(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  name: string,
  limits: PackageLimits,
  budget: { inflated: number },
  keep: boolean,
): Promise<Uint8Array | null> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) {
        reject(new Stop(packageProblems.unreadableEntry(name, err?.message ?? 'cannot be read')));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      const stop = (problem: ValidationMessage) => {
        stream.destroy();
        reject(new Stop(problem));
      };
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        budget.inflated += chunk.length;
        if (budget.inflated > limits.maxUncompressedBytes)
          return stop(packageProblems.tooLargeUncompressed(limits));
        if (tooCompressed(size, entry.compressedSize, limits))
          return stop(packageProblems.compressionRatio(name, limits));
        if (keep) chunks.push(chunk);
      });
      stream.on('error', (e: Error) =>
        // yauzl checks the inflated size against the header's (validateEntrySizes): a lying header.
        reject(
          new Stop(
            /too many bytes/.test(e.message)
              ? packageProblems.sizeMismatch(name)
              : packageProblems.unreadableEntry(name, e.message),
          ),
        ),
      );
      stream.on('end', () => resolve(keep ? new Uint8Array(Buffer.concat(chunks)) : null));
    });
  });
}
