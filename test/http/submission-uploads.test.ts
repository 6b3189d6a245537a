import fs from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimUncompressedSize, extensionZip, renameEntry, zipOf } from '../fixtures/packages.ts';
import { tempSqliteUrl } from '../support/sql-backend.ts';
import { createTestOrigin } from '../support/test-origin.ts';
import {
  apiAs,
  type Developer,
  developerFactory,
  jwtFor,
  processedUpload,
  type TestOrigin,
  uploadAndValidate,
} from './submission-support.ts';

const MIB = 1024 * 1024;

describe('POST/GET /api/v5/addons/upload/', () => {
  let origin: TestOrigin;
  let dev: Developer;
  beforeAll(async () => {
    origin = await createTestOrigin({ UPLOAD_MAX_BYTES: String(4 * MIB) });
    dev = await developerFactory(origin);
  });
  afterAll(() => origin.close());

  it('answers 201 with the upload object, then validates it with the package checks and addons-linter', async () => {
    const res = await apiAs(origin, dev).upload(await extensionZip(), { channel: 'listed' });
    expect(res.status).toBe(201);
    const created = (await res.json()) as Record<string, unknown>;
    expect(created).toMatchObject({ channel: 'listed', submitted: false, valid: false });
    expect(created.uuid).toMatch(/^[0-9a-f]{32}$/);
    expect(created.url).toBe(`https://trove.test/api/v5/addons/upload/${created.uuid}/`);
    const done = await processedUpload(origin, dev, created.uuid as string);
    expect(done).toMatchObject({ processed: true, valid: true, version: '1.0.0', submitted: false });
    expect(done.validation).toMatchObject({
      success: true,
      errors: 0,
      compatibility_summary: { errors: 0, warnings: 0, notices: 0 },
      ending_tier: 5,
      metadata: { listed: true, is_webextension: true, id: 'test@trove.test' },
    });
  });

  it("records the linter's findings in AMO's message shape", async () => {
    const zip = await extensionZip({}, { 'unsafe.js': 'document.body.innerHTML = location.hash;\n' });
    const done = await uploadAndValidate(origin, dev, zip);
    const validation = done.validation as { warnings: number; messages: Record<string, unknown>[] };
    expect(validation.warnings).toBeGreaterThan(0);
    expect(validation.messages).toContainEqual(
      expect.objectContaining({
        type: 'warning',
        id: ['UNSAFE_VAR_ASSIGNMENT'],
        file: 'unsafe.js',
        line: 1,
        tier: 1,
      }),
    );
  });

  const badPackages: [string, () => Promise<Uint8Array>, string, RegExp][] = [
    [
      'bytes that are not a zip',
      async () => new TextEncoder().encode('not a zip at all'),
      'BAD_ZIPFILE',
      /Corrupt ZIP/,
    ],
    [
      'a zip bomb',
      () => extensionZip({}, { 'zeros.bin': new Uint8Array(30 * MIB) }),
      'ZIP_COMPRESSION_RATIO',
      /zip bomb/,
    ],
    [
      'a lying zip bomb',
      async () => claimUncompressedSize(await zipOf({ 'z.bin': new Uint8Array(30 * MIB) }), 10),
      'ZIP_SIZE_MISMATCH',
      /more bytes than its header declares/,
    ],
    [
      'path traversal',
      async () => renameEntry(await extensionZip({}, { 'xx/x.js': '' }), 'xx/x.js', '../x.js'),
      'INVALID_PATH',
      /leaves the package/,
    ],
    [
      'a duplicate entry',
      async () =>
        renameEntry(await extensionZip({}, { 'manifesu.json': '{}' }), 'manifesu.json', 'manifest.json'),
      'DUPLICATE_XPI_ENTRY',
      /duplicate/,
    ],
    ['no manifest.json', () => zipOf({ 'background.js': '' }), 'TYPE_NO_MANIFEST_JSON', /No manifest\.json/],
    [
      'a manifest that is not JSON',
      () => zipOf({ 'manifest.json': '{\n  "name": "x",\n}' }),
      'JSON_INVALID',
      /line 3, column 1/,
    ],
    [
      'a manifest without version',
      () => extensionZip({ version: undefined }),
      'MANIFEST_FIELD_REQUIRED',
      /"version" is missing/,
    ],
  ];
  it.each(badPackages)('marks %s invalid with its own error', async (_what, build, code, message) => {
    const done = await uploadAndValidate(origin, dev, await build());
    expect(done.valid).toBe(false);
    const validation = done.validation as {
      success: boolean;
      errors: number;
      messages: { type: string; id: string[]; message: string }[];
    };
    expect(validation.success).toBe(false);
    const error = validation.messages.find((m) => m.type === 'error');
    expect(error?.id).toEqual([code]);
    expect(error?.message).toMatch(message);
  });

  it.each([
    ['no file', (f: FormData) => f.delete('upload'), { upload: ['No file was submitted.'] }],
    [
      'an unknown channel',
      (f: FormData) => f.set('channel', 'beta'),
      { channel: ['"beta" is not a valid choice.'] },
    ],
    [
      'a file that is not .zip, .xpi or .crx',
      (f: FormData) => f.set('upload', new File(['x'], 'extension.exe')),
      { upload: ['Unsupported file type, please upload a supported file (.crx, .xpi, .zip).'] },
    ],
    [
      'a file over UPLOAD_MAX_BYTES',
      (f: FormData) => f.set('upload', new File([new Uint8Array(5 * MIB)], 'big.xpi')),
      { upload: [`The file is too large: at most ${4 * MIB} bytes are accepted.`] },
    ],
  ])("refuses %s with a 400 in AMO's field shape", async (_what, change, body) => {
    const form = new FormData();
    form.set('channel', 'unlisted');
    form.set('upload', new File([await extensionZip()], 'extension.zip'));
    change(form);
    const res = await origin.app.request('/api/v5/addons/upload/', {
      method: 'POST',
      body: form,
      headers: { Authorization: `JWT ${await jwtFor(dev)}` },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual(body);
  });

  it('shows an upload to its uploader only', async () => {
    const done = await uploadAndValidate(origin, dev, await extensionZip());
    const other = await developerFactory(origin);
    const res = await apiAs(origin, other).get(`/api/v5/addons/upload/${done.uuid}/`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ detail: 'Not found.' });
    const anonymous = await apiAs(origin, null).get(`/api/v5/addons/upload/${done.uuid}/`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ detail: 'Authentication credentials were not provided.' });
  });

  it('refuses uploads from a signed-in person who has not accepted the developer agreement', async () => {
    const { token, csrf } = await origin.container.accounts.signUp({
      username: 'noagreement',
      email: 'noagreement@trove.test',
      password: 'correct horse battery',
    });
    const form = new FormData();
    form.set('channel', 'unlisted');
    form.set('upload', new File([await extensionZip()], 'extension.zip'));
    const res = await origin.app.request('/api/v5/addons/upload/', {
      method: 'POST',
      body: form,
      headers: { Cookie: `trove_session=${token}`, 'X-CSRF-Token': csrf },
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/Distribution Agreement/);
  });

  describe("JWT refusals, with AMO's messages", () => {
    const now = () => Math.floor(Date.now() / 1000);
    it.each([
      [
        'an expired token',
        () => jwtFor(dev, { iat: now() - 400, exp: now() - 100 }),
        'Signature has expired.',
      ],
      [
        'a token issued in the future',
        () => jwtFor(dev, { iat: now() + 60, exp: now() + 120 }),
        /JWT iat \(issued at time\) is invalid/,
      ],
      [
        'a token living too long',
        () => jwtFor(dev, { iat: now(), exp: now() + 301 }),
        'JWT exp (expiration) is too long. Maximum is 300 seconds.',
      ],
      [
        'a token signed with another secret',
        () => jwtFor(dev, { secret: 'not-the-secret' }),
        'Error decoding signature.',
      ],
      [
        'a token of an unknown key',
        () => jwtFor({ key: 'user:999999:1', secret: 'x' }),
        'Unknown JWT iss (issuer).',
      ],
    ])('refuses %s', async (_what, token, message) => {
      const res = await origin.app.request('/api/v5/addons/upload/abc/', {
        headers: { Authorization: `JWT ${await token()}` },
      });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { detail: string }).detail).toMatch(message);
    });
  });
});

describe('an upload left unprocessed by a crash', () => {
  it('is validated when the origin starts again', async () => {
    const temp = tempSqliteUrl();
    const env = { DATABASE_URL: temp.url, TROVE_DATA_DIR: temp.dir };
    try {
      const crashed = await createTestOrigin(env);
      const dev = await developerFactory(crashed);
      // The queue dies before the upload: the upload is stored, its validation never runs.
      await crashed.container.jobs.close();
      const res = await apiAs(crashed, dev).upload(await extensionZip());
      const { uuid, processed } = (await res.json()) as { uuid: string; processed: boolean };
      expect(processed).toBe(false);
      await crashed.close();

      const restarted = await createTestOrigin(env);
      try {
        const done = await processedUpload(restarted, dev, uuid);
        expect(done).toMatchObject({ processed: true, valid: true });
      } finally {
        await restarted.close();
      }
    } finally {
      fs.rmSync(temp.dir, { recursive: true, force: true });
    }
  });
});

describe('with REDIS_URL set, validation runs on BullMQ', () => {
  it('validates an upload through the Redis queue', async () => {
    const prefix = `trove-test-${Date.now()}-${Math.random().toString(36).slice(2, 8)}:`;
    const origin = await createTestOrigin({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_KEY_PREFIX: prefix });
    const redis = new Redis('redis://127.0.0.1:6379');
    try {
      expect(origin.config.jobs).toBe('bullmq');
      const dev = await developerFactory(origin);
      const done = await uploadAndValidate(origin, dev, await extensionZip());
      expect(done).toMatchObject({ processed: true, valid: true });
      expect(await redis.keys(`${prefix}jobs:validate-upload:*`)).not.toEqual([]);
    } finally {
      await origin.close();
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    }
  });
});
