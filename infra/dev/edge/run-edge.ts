import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { bundleWorker } from './bundle.ts';

export interface EdgeOptions {
  /** Worker bindings: ORIGIN_URL, EDGE_TOKEN, UPSTASH_…; see functions/config.ts. */
  readonly bindings: Record<string, string>;
  readonly port?: number;
  readonly host?: string;
  /** Where the bundle and the workerd config go. */
  readonly workDir: string;
  /** A Worker entry other than the edge (the bench's trivial Worker). */
  readonly entry?: string;
  readonly onOutput?: (line: string) => void;
}

export interface RunningEdge {
  readonly url: string;
  readonly process: ChildProcess;
  dispose(): Promise<void>;
}

export const COMPATIBILITY_DATE = '2026-11-01';

export function workerdBinary(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('workerd/package.json')), 'bin', 'workerd');
}

export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function capnpString(value: string): string {
  return JSON.stringify(value);
}

/** A workerd config serving one ES-module Worker on host:port, with text bindings and loopback access. */
export function workerdConfig(opts: {
  script: string;
  host: string;
  port: number;
  bindings: Record<string, string>;
}) {
  const bindings = Object.entries(opts.bindings)
    .map(([name, text]) => `(name = ${capnpString(name)}, text = ${capnpString(text)})`)
    .join(',\n    ');
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .edge),
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [ (name = "http", address = ${capnpString(`${opts.host}:${opts.port}`)}, http = (), service = "main") ],
);
const edge :Workerd.Worker = (
  modules = [ (name = "worker.mjs", esModule = embed ${capnpString(path.basename(opts.script))}) ],
  compatibilityDate = ${capnpString(COMPATIBILITY_DATE)},
  bindings = [
    ${bindings}
  ],
);
`;
}

async function waitForPort(
  host: string,
  port: number,
  child: ChildProcess,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`workerd exited with code ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, host);
      socket.once('connect', () => resolve(true));
      socket.once('error', () => resolve(false));
    }).catch(() => false);
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`workerd did not listen on ${host}:${port} within ${timeoutMs} ms`);
}

/**
 * A Worker under bare `workerd serve` (wrangler's runtime without its dev proxy). Bare workerd has no
 * Cache API service, so the edge runs with its isolate cache only (`EDGE_CACHE=memory`): one process,
 * one isolate, so that cache is exact here. Used by `npm start`, the end-to-end tests and the benches.
 */
export async function startEdge(opts: EdgeOptions): Promise<RunningEdge> {
  await mkdir(opts.workDir, { recursive: true });
  const name = path.basename(opts.entry ?? 'edge', '.ts').replace(/[^a-z0-9-]/gi, '-');
  const script = await bundleWorker(path.join(opts.workDir, `${name}.mjs`), opts.entry);
  const host = opts.host ?? '127.0.0.1';
  const port = opts.port || (await freePort(host));
  const configPath = path.join(opts.workDir, `${name}.capnp`);
  await writeFile(
    configPath,
    workerdConfig({ script, host, port, bindings: { EDGE_CACHE: 'memory', ...opts.bindings } }),
  );
  const child = spawn(workerdBinary(), ['serve', configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  const forward = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) opts.onOutput?.(line);
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  // workerd must not outlive the process that started it, however that process ends.
  const killChild = () => child.kill('SIGKILL');
  process.once('exit', killChild);
  child.once('exit', () => process.removeListener('exit', killChild));
  try {
    await waitForPort(host, port, child, 20_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    url: `http://${host}:${port}`,
    process: child,
    dispose: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
