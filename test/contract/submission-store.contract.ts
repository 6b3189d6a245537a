import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlDatabase } from '../../src/adapters/sql/open-database.ts';
import { SqlSubmissionStore } from '../../src/adapters/sql/submission-store.ts';
import { SqlUploadStore } from '../../src/adapters/sql/upload-store.ts';
import { ADDON_STATUS, CHANNEL, FILE_STATUS } from '../../src/domain/constants.ts';
import { validationResult } from '../../src/domain/submission.ts';
import type { AddonPlan, VersionPlan } from '../../src/domain/submission-ports.ts';

export interface SubmissionBackend {
  readonly db: SqlDatabase;
  close(): Promise<void>;
}

const NOW = new Date('2026-11-20T10:00:00Z');
let n = 0;

/** A stored, validated upload owned by `userId`; resolves to its uuid. */
async function uploadFactory(uploads: SqlUploadStore, userId: number): Promise<string> {
  const uuid = `${++n}`.padStart(32, 'a');
  await uploads.create(
    {
      uuid,
      userId,
      channel: CHANNEL.listed,
      filename: 'x.zip',
      blobKey: `uploads/${uuid}/x.zip`,
      size: 10,
      hash: 'sha256:00',
    },
    NOW,
  );
  return uuid;
}

function versionPlan(uploadUuid: string, overrides: Partial<VersionPlan> = {}): VersionPlan {
  return {
    uploadUuid,
    version: '1.0.0',
    channel: CHANNEL.listed,
    license: 'MPL-2.0',
    releaseNotes: null,
    compat: { firefox: { min: '128.0', max: '*' }, android: { min: '128.0', max: '*' } },
    file: {
      status: FILE_STATUS.unreviewed,
      hash: `sha256:${'1'.repeat(64)}`,
      size: 10,
      filename: 'x-1.0.0.xpi',
      strictCompatibility: false,
      permissions: ['storage'],
    },
    ...overrides,
  };
}

function addonPlan(uploadUuid: string, authorId: number, overrides: Partial<AddonPlan> = {}): AddonPlan {
  const k = ++n;
  return {
    guid: `store${k}@trove.test`,
    slug: 'store-test',
    type: 1,
    defaultLocale: 'en-US',
    name: { 'en-US': `Store test ${k}` },
    summary: { 'en-US': 'Summary' },
    categories: [93],
    authorId,
    version: versionPlan(uploadUuid),
    ...overrides,
  };
}

/** What the submission and upload stores must do on every SQL back end. */
export function submissionStoreContract(name: string, open: () => Promise<SubmissionBackend>) {
  describe(`submission store contract: ${name}`, () => {
    let backend: SubmissionBackend;
    let store: SqlSubmissionStore;
    let uploads: SqlUploadStore;
    let author: number;
    const noFile = async () => {};

    beforeAll(async () => {
      backend = await open();
      store = new SqlSubmissionStore(backend.db.primary);
      uploads = new SqlUploadStore(backend.db.primary);
      const row = await backend.db.primary
        .insertInto('users')
        .values({ username: `author${Date.now()}`, display_name: 'Author', created: '2026-01-01 00:00:00' })
        .executeTakeFirst();
      author = Number(row.insertId);
    });
    afterAll(() => backend?.close());

    it('records uploads, their attempts and validation', async () => {
      const uuid = await uploadFactory(uploads, author);
      expect(await uploads.listUnprocessed(1000)).toContain(uuid);
      expect(await uploads.recordAttempt(uuid)).toBe(1);
      expect(await uploads.recordAttempt(uuid)).toBe(2);
      await uploads.recordValidation(uuid, {
        validation: validationResult([], { listed: true }),
        manifest: null,
      });
      expect(await uploads.find(uuid)).toMatchObject({
        processed: true,
        valid: true,
        attempts: 2,
        submitted: false,
      });
      expect(await uploads.listUnprocessed(1000)).not.toContain(uuid);
    });

    it('creates an add-on with its version, file, compat and author in one transaction', async () => {
      const plan = addonPlan(await uploadFactory(uploads, author), author);
      const stored: number[] = [];
      const ids = await store.createAddon(plan, NOW, async ({ addonId }) => void stored.push(addonId));
      expect(stored).toEqual([ids.addonId]);
      const owned = await store.findAddon({ guid: plan.guid });
      expect(owned).toMatchObject({
        id: ids.addonId,
        status: ADDON_STATUS.nominated,
        authorIds: [author],
        categories: [93],
      });
      const detail = await store.findAddonDetail(ids.addonId);
      expect(detail).toMatchObject({
        guid: plan.guid,
        name: { 'en-US': plan.name['en-US'] },
        currentVersion: null,
      });
      const version = await store.findVersion(ids.addonId, { id: ids.versionId });
      expect(version).toMatchObject({
        version: '1.0.0',
        file: { id: ids.fileId, status: FILE_STATUS.unreviewed },
      });
      expect(version?.compat).toEqual(plan.version.compat);
      expect((await uploads.find(plan.version.uploadUuid))?.submitted).toBe(true);
    });

    it('makes slugs unique and refuses a guid twice', async () => {
      const a = await store.createAddon(addonPlan(await uploadFactory(uploads, author), author), NOW, noFile);
      const b = await store.createAddon(addonPlan(await uploadFactory(uploads, author), author), NOW, noFile);
      const [sa, sb] = [await store.findAddon({ id: a.addonId }), await store.findAddon({ id: b.addonId })];
      expect(sa?.slug).not.toBe(sb?.slug);
      const again = addonPlan(await uploadFactory(uploads, author), author, { guid: sa?.guid });
      await expect(store.createAddon(again, NOW, noFile)).rejects.toMatchObject({ code: 'Conflict' });
    });

    it('undoes every row when storing the file fails, and keeps the upload unsubmitted', async () => {
      const plan = addonPlan(await uploadFactory(uploads, author), author);
      await expect(
        store.createAddon(plan, NOW, async () => {
          throw new Error('disk full');
        }),
      ).rejects.toThrow('disk full');
      expect(await store.findAddon({ guid: plan.guid })).toBeNull();
      expect((await uploads.find(plan.version.uploadUuid))?.submitted).toBe(false);
    });

    it('submits an upload once only', async () => {
      const uuid = await uploadFactory(uploads, author);
      const { addonId } = await store.createAddon(addonPlan(uuid, author), NOW, noFile);
      await expect(
        store.addVersion(addonId, versionPlan(uuid, { version: '2.0.0' }), NOW, noFile),
      ).rejects.toMatchObject({
        code: 'Conflict',
      });
    });

    it('moves statuses on review: approve → public and queued no more; reject keeps the reason', async () => {
      const plan = addonPlan(await uploadFactory(uploads, author), author);
      const first = await store.createAddon(plan, NOW, noFile);
      expect((await store.listReviewQueue(1000)).map((e) => e.version.id)).toContain(first.versionId);
      await store.recordReview(
        first.versionId,
        { fileStatus: FILE_STATUS.public, reviewNotes: null, file: { hash: 'sha256:ff', size: 11 } },
        NOW,
        noFile,
      );
      expect((await store.findAddon({ id: first.addonId }))?.status).toBe(ADDON_STATUS.public);
      expect((await store.findAddonDetail(first.addonId))?.currentVersion).toMatchObject({
        id: first.versionId,
        file: { hash: 'sha256:ff', size: 11 },
      });
      expect((await store.listReviewQueue(1000)).map((e) => e.version.id)).not.toContain(first.versionId);

      const second = await store.addVersion(
        first.addonId,
        versionPlan(await uploadFactory(uploads, author), { version: '1.1.0' }),
        NOW,
        noFile,
      );
      await store.recordReview(
        second.versionId,
        { fileStatus: FILE_STATUS.disabled, reviewNotes: 'No.' },
        NOW,
        noFile,
      );
      expect((await store.findAddon({ id: first.addonId }))?.status).toBe(ADDON_STATUS.public);
      expect(await store.findReviewTarget(second.versionId)).toMatchObject({
        fileStatus: FILE_STATUS.disabled,
        authorIds: [author],
      });
    });

    it('finds files for authors and lists guids in id order', async () => {
      const { addonId, fileId } = await store.createAddon(
        addonPlan(await uploadFactory(uploads, author), author),
        NOW,
        noFile,
      );
      expect(await store.findFile(fileId)).toMatchObject({
        addonId,
        filename: 'x-1.0.0.xpi',
        authorIds: [author],
        deleted: false,
      });
      expect(await store.findFile(99_999_999)).toBeNull();
      const page = await store.listGuids(0, 1000);
      expect(page.map((p) => p.id)).toEqual([...page.map((p) => p.id)].sort((a, b) => a - b));
      expect(page.some((p) => p.id === addonId)).toBe(true);
      expect(await store.listGuids(addonId, 1000)).toEqual([]);
    });
  });
}
