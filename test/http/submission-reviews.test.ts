import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extensionZip } from '../fixtures/packages.ts';
import { updateQuery } from '../support/factories.ts';
import { createTestOrigin } from '../support/test-origin.ts';
import {
  apiAs,
  type Developer,
  developerFactory,
  sha256Hex,
  type TestOrigin,
  uploadAndValidate,
} from './submission-support.ts';

type Json = Record<string, unknown> & {
  id: number;
  version: Record<string, unknown> & { id: number; file: Record<string, unknown> };
};

let guids = 0;
const newGuid = () => `reviewed${++guids}-${Date.now()}@trove.test`;
const listing = { summary: 'Sorts tabs.', categories: ['tabs'] };

/** Submits a listed version (creating the add-on on first use) and resolves to the add-on object. */
async function submitListed(origin: TestOrigin, dev: Developer, guid: string, version = '1.0.0') {
  const bytes = await extensionZip({ version, browser_specific_settings: { gecko: { id: guid } } });
  const { uuid } = await uploadAndValidate(origin, dev, bytes, 'listed');
  const res = await apiAs(origin, dev).send('PUT', `/api/v5/addons/addon/${guid}/`, {
    ...listing,
    version: { upload: uuid, license: 'MPL-2.0' },
  });
  expect(res.status).toBeLessThan(300);
  return { addon: (await res.json()) as Json, bytes };
}

const action = (
  origin: TestOrigin,
  who: Developer | null,
  addon: Json,
  verb: 'approve' | 'reject',
  body?: unknown,
) =>
  apiAs(origin, who).send(
    'POST',
    `/api/v5/reviewers/addon/${addon.id}/versions/${addon.version.id}/${verb}/`,
    body,
  );

const updateCheck = async (origin: TestOrigin, guid: string) =>
  (await (await origin.app.request(`/update/VersionCheck.php?${updateQuery(guid)}`)).json()) as {
    addons: Record<string, { updates: { version: string; update_hash: string }[] }>;
  };

describe('reviewing listed versions', () => {
  let origin: TestOrigin;
  let dev: Developer;
  let reviewer: Developer;
  beforeAll(async () => {
    origin = await createTestOrigin();
    dev = await developerFactory(origin);
    reviewer = await developerFactory(origin, { reviewer: true });
  });
  afterAll(() => origin.close());

  it('queues a new listed add-on as nominated, its file unreviewed, out of update checks', async () => {
    const guid = newGuid();
    const { addon } = await submitListed(origin, dev, guid);
    expect(addon.status).toBe('nominated');
    expect(addon.version.file.status).toBe('unreviewed');
    const queue = (await (await apiAs(origin, reviewer).get('/api/v5/reviewers/queue/')).json()) as {
      results: { addon: { guid: string }; version: { id: number } }[];
    };
    expect(queue.results.map((e) => e.addon.guid)).toContain(guid);
    expect((await updateCheck(origin, guid)).addons[guid]?.updates).toEqual([]);
  });

  it('lets only reviewers see the queue and decide: 401 anonymous, 403 without Addons:Review', async () => {
    const { addon } = await submitListed(origin, dev, newGuid());
    expect((await apiAs(origin, null).get('/api/v5/reviewers/queue/')).status).toBe(401);
    const forbidden = await apiAs(origin, dev).get('/api/v5/reviewers/queue/');
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({
      detail: 'You do not have permission to perform this action.',
    });
    expect((await action(origin, dev, addon, 'approve')).status).toBe(403);
    expect((await action(origin, null, addon, 'approve')).status).toBe(401);
    expect((await action(origin, dev, addon, 'reject', { reason: 'mine' })).status).toBe(403);
  });

  it('refuses to let a reviewer review their own add-on', async () => {
    const ownGuid = newGuid();
    const { addon } = await submitListed(origin, reviewer, ownGuid);
    const res = await action(origin, reviewer, addon, 'approve');
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ detail: 'You cannot review your own add-on.' });
  });

  it('approval makes the file and the add-on public: update checks and the public API serve it', async () => {
    const guid = newGuid();
    const { addon, bytes } = await submitListed(origin, dev, guid);
    const res = await action(origin, reviewer, addon, 'approve');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ file: { status: 'public', hash: await sha256Hex(bytes) } });
    const check = await updateCheck(origin, guid);
    expect(check.addons[guid]?.updates).toEqual([
      expect.objectContaining({ version: '1.0.0', update_hash: await sha256Hex(bytes) }),
    ]);
    const detail = await apiAs(origin, null).get(`/api/v5/addons/addon/${guid}/`);
    expect(detail.status).toBe(200);
    expect(await detail.json()).toMatchObject({ status: 'public', current_version: { version: '1.0.0' } });
    const download = await origin.app.request(new URL(addon.version.file.url as string).pathname);
    expect(download.status).toBe(200);
    expect((await action(origin, reviewer, addon, 'approve')).status).toBe(409);
  });

  it('rejection disables the file with the reason; the add-on keeps its public version or goes back to incomplete', async () => {
    const guid = newGuid();
    const { addon: first } = await submitListed(origin, dev, guid);
    await action(origin, reviewer, first, 'approve');
    const { addon: second } = await submitListed(origin, dev, guid, '1.1.0');
    expect((await action(origin, reviewer, second, 'reject', {})).status).toBe(400);
    const rejected = await action(origin, reviewer, second, 'reject', {
      reason: 'Remote code is not allowed.',
    });
    expect(await rejected.json()).toMatchObject({ file: { status: 'disabled' } });
    const notes = await origin.container.db.primary
      .selectFrom('versions')
      .select('review_notes')
      .where('id', '=', second.version.id)
      .executeTakeFirst();
    expect(notes?.review_notes).toBe('Remote code is not allowed.');
    expect((await updateCheck(origin, guid)).addons[guid]?.updates.map((u) => u.version)).toEqual(['1.0.0']);
    // The developer hub lists the add-on with both versions, and the reason for the rejected one.
    const account = await origin.container.accountStore.findAccount(dev.id);
    const mine = await origin.container.servicesFor({ pinned: true }).submissions.listMine(account);
    const listed = mine.find((m) => m.addon.guid === guid);
    expect(listed?.versions.map((v) => [v.version, v.file.status, v.reviewNotes])).toEqual([
      ['1.1.0', 5, 'Remote code is not allowed.'],
      ['1.0.0', 4, null],
    ]);

    const lonely = newGuid();
    const { addon: only } = await submitListed(origin, dev, lonely);
    await action(origin, reviewer, only, 'reject', { reason: 'Broken.' });
    const own = await apiAs(origin, dev).get(`/api/v5/addons/addon/${lonely}/`);
    expect(await own.json()).toMatchObject({ status: 'incomplete' });
  });

  it('answers 404 for a version of another add-on', async () => {
    const { addon: a } = await submitListed(origin, dev, newGuid());
    const { addon: b } = await submitListed(origin, dev, newGuid());
    const res = await apiAs(origin, reviewer).send(
      'POST',
      `/api/v5/reviewers/addon/${a.id}/versions/${b.version.id}/approve/`,
    );
    expect(res.status).toBe(404);
  });
});

describe('the signing hook (SIGNING_COMMAND)', () => {
  let origin: TestOrigin;
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trove-signer-'));
    const script = path.join(dir, 'sign.sh');
    fs.writeFileSync(script, '#!/bin/sh\ncat "$1" > "$2"\nprintf "signed:%s" "$TROVE_ADDON_GUID" >> "$2"\n', {
      mode: 0o755,
    });
    origin = await createTestOrigin({ SIGNING_COMMAND: script });
  });
  afterAll(async () => {
    await origin.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('signs an unlisted package before it is stored, and files.hash is the signed bytes', async () => {
    const dev = await developerFactory(origin);
    const guid = newGuid();
    const bytes = await extensionZip({ browser_specific_settings: { gecko: { id: guid } } });
    const { uuid } = await uploadAndValidate(origin, dev, bytes);
    const res = await apiAs(origin, dev).send('PUT', `/api/v5/addons/addon/${guid}/`, {
      version: { upload: uuid },
    });
    const addon = (await res.json()) as Json;
    const signed = Buffer.concat([bytes, Buffer.from(`signed:${guid}`)]);
    expect(addon.version.file.hash).toBe(await sha256Hex(signed));
    const download = await apiAs(origin, dev).get(new URL(addon.version.file.url as string).pathname);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(signed);
  });
});
