import { randomBytes } from 'node:crypto';
import { Redis as UpstashRedis } from '@upstash/redis';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUpstashRestServer, type UpstashRestServer } from '../../infra/dev/upstash-rest/server.ts';

const REDIS_URL = 'redis://127.0.0.1:6379';
const TOKEN = 'upstash-test-token';
const PREFIX = `upstash-rest-test:${randomBytes(6).toString('hex')}:`;
const key = (name: string) => `${PREFIX}${name}`;

let server: UpstashRestServer;
let client: UpstashRedis;
let ioredis: Redis;

const connect = (url: string, token = TOKEN, enableAutoPipelining = true) =>
  new UpstashRedis({ url, token, retry: false, enableTelemetry: false, enableAutoPipelining });

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { authorization: `Bearer ${TOKEN}`, ...headers },
  });

beforeAll(async () => {
  server = await startUpstashRestServer({ redisUrl: REDIS_URL, token: TOKEN });
  client = connect(server.url);
  ioredis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
});

afterAll(async () => {
  const keys = (await ioredis?.keys(`${PREFIX}*`)) ?? [];
  if (keys.length > 0) await ioredis.del(...keys);
  ioredis?.disconnect();
  await server?.close();
});

describe('upstash rest server with @upstash/redis', () => {
  it('sets and gets strings, numbers and JSON objects with UTF-8 intact', async () => {
    const manifest = { name: 'héllo ☃', versions: [1, '2.0'], nested: { ok: true } };
    expect(await client.set(key('str'), 'héllo ☃', { ex: 60 })).toBe('OK');
    await client.set(key('num'), 42);
    await client.set(key('obj'), manifest);
    expect(await client.get(key('str'))).toBe('héllo ☃');
    expect(await client.get(key('num'))).toBe(42);
    expect(await client.get(key('obj'))).toEqual(manifest);
    expect(await ioredis.get(key('obj'))).toBe(JSON.stringify(manifest));
    expect(await ioredis.ttl(key('str'))).toBeGreaterThan(50);
  });

  it('returns null for missing keys and mixes hits and misses in mget', async () => {
    await ioredis.mset(key('m1'), 'one', key('m2'), '7');
    expect(await client.get(key('missing'))).toBeNull();
    expect(await client.mget(key('m1'), key('missing'), key('m2'))).toEqual(['one', null, 7]);
  });

  it('reads JSON manifests that ioredis wrote', async () => {
    const manifest = { addons: { 'a@b': { updates: [{ version: '1.0', update_link: 'https://x/é.xpi' }] } } };
    await ioredis.set(key('manifest:a@b'), JSON.stringify(manifest), 'EX', 60);
    await ioredis.set(key('gen:a@b'), '1700000000000-k3y');
    expect(await client.get(key('manifest:a@b'))).toEqual(manifest);
    expect(await client.mget(key('manifest:a@b'), key('gen:a@b'))).toEqual([manifest, '1700000000000-k3y']);
  });

  it('increments hash fields and reads the hash back', async () => {
    await client.hset(key('hash'), { name: 'trove ☃', count: 1 });
    expect(await client.hincrby(key('hash'), 'count', 5)).toBe(6);
    expect(await client.hgetall(key('hash'))).toEqual({ name: 'trove ☃', count: 6 });
  });

  it('runs a pipeline in order', async () => {
    const p = client.pipeline();
    p.set(key('p'), 1)
      .incr(key('p'))
      .get(key('p'))
      .lpush(key('list'), 'zeta', 'beta')
      .lrange(key('list'), 0, -1);
    expect(await p.exec()).toEqual(['OK', 2, 2, 2, ['beta', 'zeta']]);
  });

  it('runs multi() as a transaction and reports per-command errors in it', async () => {
    const tx = client.multi();
    tx.set(key('tx'), 10).incrby(key('tx'), 5).get(key('tx'));
    expect(await tx.exec()).toEqual(['OK', 15, 15]);

    const failing = client.multi();
    failing.set(key('tx2'), 'text').incr(key('tx2')).append(key('tx2'), '!');
    const results = await failing.exec({ keepErrors: true });
    expect(results.map((r) => r.error)).toEqual([
      undefined,
      'ERR value is not an integer or out of range',
      undefined,
    ]);
    expect(await ioredis.get(key('tx2'))).toBe('text!');
  });

  it('surfaces a command error as an error, pipelined or not', async () => {
    await client.set(key('text'), 'not a number');
    await expect(client.incr(key('text'))).rejects.toThrow(/ERR value is not an integer/);
    const direct = connect(server.url, TOKEN, false);
    await expect(direct.lpush(key('text'), 'x')).rejects.toThrow(/WRONGTYPE/);
    expect(await direct.get(key('text'))).toBe('not a number');
  });

  it('rejects a wrong or missing token', async () => {
    await expect(connect(server.url, 'wrong').get(key('str'))).rejects.toThrow(/Unauthorized/);
    const res = await fetch(`${server.url}/pipeline`, { method: 'POST', body: '[["PING"]]' });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'Unauthorized' });
  });

  it('answers malformed bodies with a 400 and a message', async () => {
    const broken = await post('/pipeline', '[["GET", ');
    expect(broken.status).toBe(400);
    expect(await broken.json()).toEqual({ error: expect.stringMatching(/^invalid JSON body/) });
    const shape = await post('/', '{"command":"GET"}');
    expect(shape.status).toBe(400);
    expect(await shape.json()).toEqual({ error: expect.stringMatching(/non-empty JSON array/) });
    const arg = await post('/multi-exec', '[["SET","k",{"a":1}]]');
    expect(arg.status).toBe(400);
    expect(await arg.json()).toEqual({ error: 'command arguments must be strings or numbers, got object' });
  });

  it('speaks the wire format: base64 on request, top-level "OK" kept, numbers and null untouched', async () => {
    await ioredis.set(key('wire'), 'héllo ☃');
    const commands = [
      ['set', key('w2'), 'v'],
      ['GET', key('wire')],
      ['EVAL', "return {'OK', 7}", 0],
    ];
    const encoded = await post('/pipeline', commands, { 'upstash-encoding': 'base64' });
    const utf8 = Buffer.from('héllo ☃').toString('base64');
    expect(await encoded.json()).toEqual([{ result: 'OK' }, { result: utf8 }, { result: ['T0s=', 7] }]);
    expect(await (await post('/', ['GET', key('wire')])).json()).toEqual({ result: 'héllo ☃' });
    const missing = await post('/', ['GET', key('none')], { 'upstash-encoding': 'base64' });
    expect(await missing.json()).toEqual({ result: null });
    const error = await post('/', ['NOSUCHCOMMAND']);
    expect(error.status).toBe(400);
    expect(await error.json()).toEqual({ error: expect.stringMatching(/^ERR unknown command/) });
  });

  it('fails fast when Redis is unreachable', async () => {
    const down = await startUpstashRestServer({ redisUrl: 'redis://127.0.0.1:1', token: TOKEN });
    try {
      const started = performance.now();
      await expect(connect(down.url).get(key('str'))).rejects.toThrow(/Redis is unavailable/);
      expect(performance.now() - started).toBeLessThan(1_000);
    } finally {
      await down.close();
    }
  });
});
