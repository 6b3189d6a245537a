import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import type { Account } from '../../src/domain/accounts.ts';
import { createLogger } from '../../src/origin/logger.ts';
import { type RunningOrigin, runOrigin } from '../../src/origin/run.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const WEB_EXT = path.join(ROOT, 'node_modules/web-ext/bin/web-ext.js');
const FIXTURE = path.join(ROOT, 'test/fixtures/extensions/hello');
const FIREFOX = '{ec8030f7-c20a-464f-9b0e-13a3a9e97384}';

/** A port that was free a moment ago: SITE_URL must name the port before the server listens. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

/** The fixture extension in a temp dir (web-ext writes `.amo-upload-uuid` there) under another id. */
function extensionSource(dir: string, guid: string): string {
  const src = path.join(dir, `src-${guid.split('@')[0]}`);
  fs.cpSync(FIXTURE, src, { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(src, 'manifest.json'), 'utf8'));
  manifest.browser_specific_settings.gecko.id = guid;
  fs.writeFileSync(path.join(src, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return src;
}

interface WebExtRun {
  code: number | null;
  output: string;
  ms: number;
}

/** `web-ext sign` as a developer runs it, with the project's Node, no update check and no config files. */
function webExtSign(args: string[]): Promise<WebExtRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WEB_EXT, 'sign', '--no-config-discovery', '--no-input', ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_UPDATE_NOTIFIER: '1', CI: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output, ms: Math.round(performance.now() - started) }));
  });
}

const sha256 = (file: string) => `sha256:${createHash('sha256').update(fs.readFileSync(file)).digest('hex')}`;

describe('web-ext sign against a running origin', () => {
  let dir: string;
  let origin: RunningOrigin;
  let apiArgs: string[];
  let reviewer: Account;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trove-web-ext-'));
    const port = await freePort();
    const config = loadConfig({
      PORT: String(port),
      SITE_URL: `http://127.0.0.1:${port}`,
      TROVE_DATA_DIR: dir,
      DATABASE_URL: `sqlite:${path.join(dir, 'trove.db')}`,
      DEMO_ADDONS: '0',
      LOG_LEVEL: 'silent',
      USAGE_ROLLUP_MINUTES: '0',
    });
    origin = await runOrigin(config, createLogger(config));
    const { accounts, accountStore } = origin.container;
    const dev = await accounts.signUp({
      username: 'webext',
      email: 'webext@trove.test',
      password: 'correct horse battery',
    });
    await accounts.acceptDeveloperAgreement(dev.account.id);
    const { key, secret } = await accounts.createApiKey(dev.account.id);
    const rev = await accounts.signUp({
      username: 'reviewer',
      email: 'reviewer@trove.test',
      password: 'correct horse battery',
    });
    await accountStore.joinGroups(rev.account.id, [{ name: 'reviewers', rules: 'Addons:Review' }]);
    reviewer = (await accountStore.findAccount(rev.account.id)) as Account;
    apiArgs = [
      `--amo-base-url=${origin.url}/api/v5/`,
      `--api-key=${key}`,
      `--api-secret=${secret}`,
      '--timeout=60000',
    ];
  });
  afterAll(async () => {
    await origin?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const storedHash = async (guid: string) =>
    (
      await origin.container.db.primary
        .selectFrom('files as f')
        .innerJoin('versions as v', 'v.id', 'f.version_id')
        .innerJoin('addons as a', 'a.id', 'v.addon_id')
        .select('f.hash')
        .where('a.guid', '=', guid)
        .executeTakeFirstOrThrow()
    ).hash;

  const updateCheck = async (guid: string) => {
    const query = new URLSearchParams({ reqVersion: '2', id: guid, appID: FIREFOX, appVersion: '128.0' });
    return (await fetch(`${origin.url}/update/VersionCheck.php?${query}`)).json();
  };

  it('signs an unlisted extension: approved at once, downloaded, hash as stored; not offered by update checks', async () => {
    const guid = 'hello@trove.test';
    const artifacts = path.join(dir, 'artifacts-unlisted');
    const run = await webExtSign([
      ...apiArgs,
      '--channel=unlisted',
      '--approval-timeout=60000',
      `--source-dir=${extensionSource(dir, guid)}`,
      `--artifacts-dir=${artifacts}`,
    ]);
    console.log(`web-ext sign --channel unlisted: exit ${run.code} in ${run.ms} ms`);
    expect(run.code, run.output).toBe(0);
    const xpis = fs.readdirSync(artifacts).filter((f) => f.endsWith('.xpi'));
    expect(xpis).toEqual(['trove_hello-1.0.0.xpi']);
    expect(sha256(path.join(artifacts, xpis[0] as string))).toBe(await storedHash(guid));
    // AMO's update service offers listed versions only: an unlisted add-on updates through its own update_url.
    expect(await updateCheck(guid)).toEqual({ addons: { [guid]: { updates: [] } } });
  });

  it('signs a listed extension with metadata once a reviewer approves it while web-ext polls', async () => {
    const guid = 'hello-listed@trove.test';
    const metadata = path.join(dir, 'metadata.json');
    fs.writeFileSync(
      metadata,
      JSON.stringify({
        name: { 'en-US': 'Trove Hello Listed' },
        summary: { 'en-US': 'Says hello, listed.' },
        categories: { firefox: ['tabs'] },
        version: { license: 'MPL-2.0' },
      }),
    );
    const artifacts = path.join(dir, 'artifacts-listed');
    const signing = webExtSign([
      ...apiArgs,
      '--channel=listed',
      '--approval-timeout=60000',
      `--amo-metadata=${metadata}`,
      `--source-dir=${extensionSource(dir, guid)}`,
      `--artifacts-dir=${artifacts}`,
    ]);
    let approvedAt = 0;
    const approving = (async () => {
      for (let i = 0; i < 600 && !approvedAt; i++) {
        const entry = (await origin.container.reviews.queue(reviewer)).find((e) => e.addon.guid === guid);
        if (entry) {
          await origin.container.reviews.approve(reviewer, entry.addon.id, entry.version.id);
          approvedAt = Date.now();
        } else await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const [run] = await Promise.all([signing, approving]);
    console.log(`web-ext sign --channel listed (with review): exit ${run.code} in ${run.ms} ms`);
    expect(run.code, run.output).toBe(0);
    expect(approvedAt).toBeGreaterThan(0);
    const xpi = path.join(artifacts, 'trove_hello_listed-1.0.0.xpi');
    expect(sha256(xpi)).toBe(await storedHash(guid));
    expect(await updateCheck(guid)).toEqual({
      addons: {
        [guid]: {
          updates: [
            expect.objectContaining({
              version: '1.0.0',
              update_hash: sha256(xpi),
              update_link: expect.stringMatching(
                /\/firefox\/downloads\/file\/\d+\/trove_hello_listed-1\.0\.0\.xpi$/,
              ),
            }),
          ],
        },
      },
    });
    const detail = await fetch(`${origin.url}/api/v5/addons/addon/${guid}/`);
    expect(detail.status).toBe(200);
    expect(await detail.json()).toMatchObject({
      status: 'public',
      name: { 'en-US': 'Trove Hello Listed' },
      categories: ['tabs'],
      current_version: { version: '1.0.0', file: { status: 'public' } },
    });
  });
});
