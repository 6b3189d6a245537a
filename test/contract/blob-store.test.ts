import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FsBlobStore } from '../../src/adapters/blob/fs-blob-store.ts';
import { MemoryBlobStore } from '../../src/adapters/blob/memory-blob-store.ts';
import type { BlobStore } from '../../src/domain/ports.ts';

function blobStoreContract(name: string, store: BlobStore) {
  describe(`blob store contract: ${name}`, () => {
    const bytes = new TextEncoder().encode('PK\u0003\u0004 pretend xpi');

    it('stores, reads back and deletes bytes by key', async () => {
      await store.put('files/1/tab_sorter-1.0.xpi', bytes);
      expect(await store.get('files/1/tab_sorter-1.0.xpi')).toEqual(bytes);
      await store.delete('files/1/tab_sorter-1.0.xpi');
      expect(await store.get('files/1/tab_sorter-1.0.xpi')).toBeNull();
    });

    it('answers null for a key never written, and deleting it is not an error', async () => {
      expect(await store.get('files/2/missing.xpi')).toBeNull();
      await expect(store.delete('files/2/missing.xpi')).resolves.toBeUndefined();
    });

    it('replaces a blob written twice', async () => {
      await store.put('files/3/a.xpi', bytes);
      await store.put('files/3/a.xpi', new Uint8Array([1, 2, 3]));
      expect(await store.get('files/3/a.xpi')).toEqual(new Uint8Array([1, 2, 3]));
    });

    it('refuses keys that climb out of the store', async () => {
      await expect(store.put('../escape.xpi', bytes)).rejects.toThrow(/invalid blob key/);
      await expect(store.put('files/../../escape.xpi', bytes)).rejects.toThrow(/invalid blob key/);
    });
  });
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trove-blobs-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
blobStoreContract('filesystem', new FsBlobStore(dir));
blobStoreContract('memory', new MemoryBlobStore());
