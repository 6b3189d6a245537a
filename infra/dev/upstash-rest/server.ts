import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';

export type UpstashRestServerOptions = {
  redisUrl: string;
  /** Requests must send `Authorization: Bearer <token>` or get a 401. */
  token: string;
  /** 0 picks a random free port. */
  port?: number;
  host?: string;
};

export type UpstashRestServer = { url: string; port: number; close(): Promise<void> };

type Reply = { result: unknown } | { error: string };

const PATHS = new Set(['/', '/pipeline', '/multi-exec']);
const OK = Buffer.from('OK');
// Every request shares one connection: anything that blocks it or changes its state is refused
const REFUSED = new Set([
  'subscribe',
  'psubscribe',
  'ssubscribe',
  'unsubscribe',
  'punsubscribe',
  'sunsubscribe',
  'monitor',
  'multi',
  'exec',
  'discard',
  'watch',
  'unwatch',
  'select',
  'quit',
  'reset',
  'hello',
  'auth',
  'client',
  'sync',
  'psync',
  'wait',
  'waitaof',
  'blpop',
  'brpop',
  'brpoplpush',
  'blmove',
  'blmpop',
  'bzpopmin',
  'bzpopmax',
  'bzmpop',
]);

class BadRequest extends Error {}

function toCommand(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new BadRequest('a command must be a non-empty JSON array, like ["SET","key","value"]');
  }
  return value.map((arg: unknown) => {
    if (typeof arg === 'string') return arg;
    if (typeof arg === 'number' || typeof arg === 'boolean') return String(arg);
    throw new BadRequest(
      `command arguments must be strings or numbers, got ${arg === null ? 'null' : typeof arg}`,
    );
  });
}

function toCommands(value: unknown): string[][] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new BadRequest(
      'a pipeline must be a non-empty JSON array of commands, like [["SET","a","1"],["GET","a"]]',
    );
  }
  return value.map(toCommand);
}

function refusal(command: string[]): string | undefined {
  const name = (command[0] ?? '').toLowerCase();
  const streams = command.findIndex((arg) => arg.toLowerCase() === 'streams');
  const options = command.slice(1, streams === -1 ? undefined : streams);
  const blockingRead =
    (name === 'xread' || name === 'xreadgroup') && options.some((arg) => arg.toLowerCase() === 'block');
  if (REFUSED.has(name) || blockingRead) {
    return `ERR '${name}' is not supported by the dev Upstash REST server`;
  }
  return undefined;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Turns a `callBuffer` reply into Upstash's JSON. With base64, every string is base64 of its bytes except a
 * top-level "OK", which is how @upstash/redis decodes: it keeps a top-level "OK" and decodes all else.
 */
function encodeResult(value: unknown, base64: boolean, nested = false): unknown {
  if (Buffer.isBuffer(value)) {
    return base64 && (nested || !value.equals(OK)) ? value.toString('base64') : value.toString('utf8');
  }
  if (Array.isArray(value)) return value.map((item) => encodeResult(item, base64, true));
  if (value instanceof Error) return encodeResult(Buffer.from(value.message), base64, nested);
  return value ?? null;
}

/** Starts an Upstash REST API (`/`, `/pipeline`, `/multi-exec`) over a real Redis. Development and tests only. */
export async function startUpstashRestServer(opts: UpstashRestServerOptions): Promise<UpstashRestServer> {
  const redis = new Redis(opts.redisUrl, {
    lazyConnect: true,
    // While Redis is unreachable, commands fail at once instead of queueing behind the reconnects
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2_000,
    commandTimeout: 5_000,
  });
  // Connection errors reach clients as command errors; without a listener ioredis logs each one
  redis.on('error', () => undefined);
  await redis.connect().catch(() => undefined);
  const expectedAuth = `Bearer ${opts.token}`;

  const failure = (err: unknown): string =>
    redis.status === 'ready'
      ? errorMessage(err)
      : `ERR Redis is unavailable (${redis.status}): ${errorMessage(err)}`;
  // ioredis applies its reply transformers (HGETALL to an object) by lowercase name; uppercase gets Redis's reply
  const nameOf = (command: string[]) => (command[0] ?? '').toUpperCase();

  async function run(command: string[]): Promise<Reply> {
    const refused = refusal(command);
    if (refused) return { error: refused };
    try {
      return { result: await redis.callBuffer(nameOf(command), ...command.slice(1)) };
    } catch (err) {
      return { error: failure(err) };
    }
  }

  async function transaction(commands: string[][]): Promise<Reply[]> {
    const refused = commands.map(refusal).find((r) => r !== undefined);
    if (refused) throw new BadRequest(refused);
    const tx = redis.multi();
    for (const command of commands) tx.callBuffer(nameOf(command), ...command.slice(1));
    let results: [Error | null, unknown][] | null;
    try {
      results = await tx.exec();
    } catch (err) {
      const queued = (err as { previousErrors?: Error[] }).previousErrors ?? [];
      const causes = new Set(queued.map(errorMessage));
      causes.delete(errorMessage(err));
      throw new BadRequest([failure(err).replace(/\.$/, ''), ...causes].join(': '));
    }
    if (!results) throw new BadRequest('EXECABORT transaction aborted');
    return results.map(([err, result]) => (err ? { error: err.message } : { result }));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    // One Redis is always consistent, so the read-your-writes token the client sends back is fine as it is
    const syncToken = req.headers['upstash-sync-token'];
    if (typeof syncToken === 'string' && syncToken !== '') headers['upstash-sync-token'] = syncToken;
    const send = (status: number, body: unknown) => {
      res.writeHead(status, headers).end(JSON.stringify(body));
    };
    if (req.method !== 'POST') return send(405, { error: 'only POST is supported' });
    if (req.headers.authorization !== expectedAuth) return send(401, { error: 'Unauthorized' });
    const path = new URL(req.url ?? '/', 'http://localhost').pathname.replace(/(.)\/+$/, '$1');
    if (!PATHS.has(path)) {
      return send(404, { error: `unknown path ${path}: use /, /pipeline or /multi-exec` });
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch (err) {
      return send(400, { error: `invalid JSON body: ${errorMessage(err)}` });
    }
    const base64 = String(req.headers['upstash-encoding']).toLowerCase() === 'base64';
    const encode = (reply: Reply): Reply =>
      'error' in reply ? reply : { result: encodeResult(reply.result, base64) };
    try {
      if (path === '/') {
        const reply = encode(await run(toCommand(body)));
        return send('error' in reply ? 400 : 200, reply);
      }
      const commands = toCommands(body);
      const replies =
        path === '/pipeline' ? await Promise.all(commands.map(run)) : await transaction(commands);
      send(200, replies.map(encode));
    } catch (err) {
      if (err instanceof BadRequest) return send(400, { error: err.message });
      throw err;
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: errorMessage(err) }));
    });
  });
  const host = opts.host ?? '127.0.0.1';
  const urlHost = host.includes(':') ? `[${host}]` : host;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, host, () => resolve());
    });
  } catch (err) {
    redis.disconnect();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    async close() {
      // fetch keeps sockets alive, so close() alone would wait for them to time out
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      redis.disconnect();
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8079' },
      host: { type: 'string', default: '127.0.0.1' },
      token: { type: 'string', default: 'dev' },
      redis: { type: 'string', default: 'redis://127.0.0.1:6379' },
    },
  });
  const server = await startUpstashRestServer({
    redisUrl: values.redis,
    token: values.token,
    port: Number(values.port),
    host: values.host,
  });
  console.log(server.url);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
