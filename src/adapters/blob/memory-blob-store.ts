import type { BlobStore } from '../../domain/ports.ts';

/** Blobs in a Map: for tests and for an origin with nowhere to write. Passes the blob contract. */
export class MemoryBlobStore implements BlobStore {
  readonly #blobs = new Map<string, Uint8Array>();

  async get(key: string): Promise<Uint8Array<ArrayBuffer> | null> {
    return this.#blobs.get(key)?.slice() ?? null;
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    if (key.split('/').some((part) => part === '..' || part === '.' || part === '')) {
      throw new Error(`invalid blob key ${JSON.stringify(key)}`);
    }
    this.#blobs.set(key, bytes.slice());
  }

  async delete(key: string): Promise<void> {
    this.#blobs.delete(key);
  }
}
