import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** `npm start` as a person runs it: a real process on a free port, over a fresh data directory. */
describe('npm start (embedded defaults, demo catalogue)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trove-start-'));
  let child: ChildProcess;
  let url = '';
  let output = '';

  beforeAll(async () => {
    child = spawn('npm', ['start', '--silent'], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: '0',
        ORIGIN_PORT: '0',
        TROVE_DATA_DIR: dataDir,
        DEMO_ADDONS: '300',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed:\n${output}`)), 60_000);
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /Trove is serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        // The sample update URL is printed right after the URL: wait for both.
        if (match?.[1] && /Try an update check: \S+\n/.test(output)) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
    });
  });
  afterAll(() => {
    if (child?.pid) process.kill(-child.pid, 'SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the edge URL and a sample update check the edge answers', async () => {
    const sample = /Try an update check: (\S+)/.exec(output)?.[1];
    expect(sample?.startsWith(`${url}/update/VersionCheck.php?`)).toBe(true);
    const first = await fetch(sample ?? '');
    expect(first.status).toBe(200);
    expect(((await first.json()) as { addons?: unknown }).addons).toBeTruthy();
    expect((await fetch(`${sample}&locale=fr`)).headers.get('X-Cache')).toBe('HIT');
  });

  it('prints its URL and answers the load balancer and the full heartbeat', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${url}/__lbheartbeat__`)).status).toBe(200);
    const heartbeat = await fetch(`${url}/__heartbeat__`);
    expect(heartbeat.status).toBe(200);
    expect(await heartbeat.json()).toEqual({ database: { state: true, status: '' } });
  });

  it('seeded the demo catalogue into the empty database and serves it through the edge', async () => {
    const home = await fetch(`${url}/en-US/firefox/`);
    expect(home.status).toBe(200);
    expect(home.headers.get('X-Cache')).toBe('MISS');
    expect((await fetch(`${url}/en-US/firefox/?utm_source=readme`)).headers.get('X-Cache')).toBe('HIT');
    expect(await home.text()).toMatch(/[\d,]+ public add-ons/);
    // Rendered by Astro inside the origin, with the origin's statement count.
    expect(home.headers.get('Server-Timing')).toMatch(/^db;dur=[\d.]+;desc="[1-9]\d* quer/);
    expect(home.headers.get('X-Request-Id')).toBeTruthy();
    expect(fs.existsSync(path.join(dataDir, 'trove.db'))).toBe(true);
  });

  it('tells its version and writes structured JSON logs with a request id', async () => {
    const version = await fetch(`${url}/__version__`);
    expect(await version.json()).toMatchObject({
      version: '0.1.0',
      build: expect.any(String),
      commit: expect.any(String),
    });
    const res = await fetch(`${url}/definitely-not-here`);
    expect(res.status).toBe(404);
    expect(res.headers.get('Cache-Control')).toBe('private, no-store');
    expect(await res.json()).toEqual({ detail: 'Not found.' });
    expect(res.headers.get('X-Request-Id')).toBeTruthy();
  });
});

describe('npm start with a bad configuration', () => {
  it('exits with a message naming the variable and what it must be', async () => {
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn('npm', ['start', '--silent'], {
        cwd: ROOT,
        env: { ...process.env, PORT: 'eighty', REDIS_URL: 'http://nope' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr?.on('data', (c: Buffer) => {
        stderr += c.toString();
      });
      child.once('exit', (code) => resolve({ code, stderr }));
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('PORT="eighty"');
    expect(result.stderr).toContain('REDIS_URL="http://nope": must start with redis:// or rediss://');
  });
});
