import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startEdge } from '../../infra/dev/edge/run-edge.ts';
import { APPLICATIONS } from '../../src/domain/constants.ts';
import { cpuTicks, killAtExit, stopChild } from './children.ts';
import { drive, type LoadResult } from './load.ts';
import { NGINX, startNginx } from './nginx.ts';
import { startNode } from './processes.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** `locale` is one of the parameters that must not split the edge cache: every variant shares one entry. */
const LOCALES = ['en-US', 'de', 'fr', 'es-ES', 'ja', 'pt-BR', 'ru', 'pl'];

function firefoxUpdatePath(guid: string, locale: string, appVersion = '128.0'): string {
  const qs = new URLSearchParams({
    reqVersion: '2',
    id: guid,
    version: '1.0',
    maxAppVersion: '*',
    status: 'userEnabled',
    appID: APPLICATIONS.firefox.guid,
    appVersion,
    appOS: 'Linux',
    appABI: 'x86_64-gcc3',
    locale,
    currentAppVersion: appVersion,
    updateType: '112',
    compatMode: 'normal',
  });
  return `/update/VersionCheck.php?${qs}`;
}

interface Row extends LoadResult {
  /** Responses by `status x-cache`, counted by the load generator itself. */
  readonly seen: Map<string, number>;
  /** The server's CPU time per response (all its processes): unlike req/s, not skewed by other load. */
  readonly cpuUs: number;
}

function headerOf(headers: Record<string, string | string[]>, name: string): string {
  for (const [key, value] of Object.entries(headers))
    if (key.toLowerCase() === name) return Array.isArray(value) ? value.join(',') : value;
  return '-';
}

async function get(url: string): Promise<{ status: number; cache: string; body: string; headers: Headers }> {
  const res = await fetch(url);
  return {
    status: res.status,
    cache: res.headers.get('x-cache') ?? '-',
    body: await res.text(),
    headers: res.headers,
  };
}

interface Target {
  readonly label: string;
  readonly url: string;
  readonly pid: number;
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      seconds: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '3' },
      connections: { type: 'string', default: '64' },
      rounds: { type: 'string', default: '1' },
      addons: { type: 'string', default: '500' },
    },
  });
  const [seconds, warmup, connections, rounds] = [
    values.seconds,
    values.warmup,
    values.connections,
    values.rounds,
  ].map(Number) as [number, number, number, number];
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'trove-edge-bench-'));
  // nginx's workers drop root and must reach the file it serves.
  chmodSync(tmp, 0o755);
  const token = randomBytes(24).toString('hex');
  const stops: (() => Promise<void>)[] = [];
  // On Ctrl-C, exit through the 'exit' handlers that stop the children and remove the temp dir.
  const onSignal = () => process.exit(130);
  const removeTmp = () => rmSync(tmp, { recursive: true, force: true });
  process.once('exit', removeTmp);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const measure = async (target: Target, paths: readonly string[]): Promise<Row> => {
    let i = 0;
    const nextPath = () => paths[i++ % paths.length] as string;
    await drive({ label: 'warm-up', url: target.url, seconds: warmup, connections, nextPath });
    const seen = new Map<string, number>();
    const onResponse = (status: number, headers: Record<string, string | string[]>) => {
      const key = `${status} ${headerOf(headers, 'x-cache')}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    };
    const ticks = cpuTicks(target.pid);
    const result = await drive({
      label: target.label,
      url: target.url,
      seconds,
      connections,
      nextPath,
      onResponse,
    });
    const responses = [...seen.values()].reduce((a, b) => a + b, 0);
    const cpuUs = Math.round(((cpuTicks(target.pid) - ticks) * 10_000) / Math.max(1, responses));
    const row = { ...result, seen, cpuUs };
    console.log(
      `${row.label}: ${row.rps} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, ${cpuUs} µs CPU/response`,
    );
    return row;
  };

  try {
    console.log(
      `load average before the run: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} (${os.cpus().length} cores)`,
    );
    const origin = await startNode(path.join(ROOT, 'src/origin/main.ts'), {
      PORT: '0',
      HOST: '127.0.0.1',
      TROVE_DATA_DIR: tmp,
      DATABASE_URL: `sqlite:${path.join(tmp, 'trove.db')}`,
      DEMO_ADDONS: values.addons,
      EDGE_TOKEN: token,
    });
    killAtExit(origin.child);
    stops.push(() => stopChild(origin.child));
    const sample = await origin.waitFor(/Try an update check: /);
    const guid = new URL(sample.slice(sample.indexOf('http'))).searchParams.get('id') ?? '';
    await origin.waitFor(/update cache warmed/);
    const paths = LOCALES.map((locale) => firefoxUpdatePath(guid, locale));
    console.log(`origin ${origin.url} (SQLite, ${values.addons} demo add-ons); update URLs for ${guid}`);

    const edgeOutput: string[] = [];
    const edge = await startEdge({
      bindings: { ORIGIN_URL: origin.url, EDGE_TOKEN: token },
      workDir: path.join(tmp, 'edge'),
      onOutput: (line) => edgeOutput.push(line),
    });
    stops.push(() => stopChild(edge.process));
    const first = await get(`${edge.url}${paths[0]}`);
    const primed = await Promise.all(paths.map((p) => get(`${edge.url}${p}`)));
    // Another Firefox version: no answer stored for it, computed from the add-on's manifest the edge holds.
    const other = await get(`${edge.url}${firefoxUpdatePath(guid, 'en-US', '140.0')}`);
    const source = (r: { headers: Headers }) => r.headers.get('x-trove-source');
    console.log(
      `edge ${edge.url}: first ${first.status} ${first.cache} (${source(first)}); then the ${primed.length} locales: ` +
        `${primed.map((r) => `${r.status} ${r.cache}`).join(', ')}; appVersion 140.0: ${other.status} ${other.cache} (${source(other)})`,
    );
    if (
      first.status !== 200 ||
      first.cache !== 'MISS' ||
      primed.some((r) => r.status !== 200 || r.cache !== 'HIT') ||
      other.status !== 200 ||
      other.cache !== 'HIT' ||
      source(other) !== 'edge-manifest'
    )
      throw new Error(`the edge did not cache the answer and the manifest:\n${edgeOutput.join('\n')}`);
    const answer = primed[0] as (typeof primed)[number];
    const headers: [string, string][] = [...answer.headers].filter(([name]) => name !== 'date');
    console.log(
      `answer: ${Buffer.byteLength(answer.body)} bytes; headers ${headers.map(([n]) => n).join(', ')}`,
    );

    const trivial = await startEdge({
      entry: 'test/bench/trivial-worker.ts',
      bindings: { BODY: answer.body, HEADERS: JSON.stringify(headers) },
      workDir: path.join(tmp, 'trivial'),
    });
    stops.push(() => stopChild(trivial.process));
    const same = await get(`${trivial.url}${paths[0]}`);
    const sameHeaders = [...same.headers].filter(([n]) => n !== 'date');
    if (same.body !== answer.body || JSON.stringify(sameHeaders) !== JSON.stringify(headers))
      throw new Error(`the trivial Worker does not answer the same: ${JSON.stringify(sameHeaders)}`);

    const edgeTarget = {
      label: 'edge Worker (workerd), cached update answer',
      url: edge.url,
      pid: edge.process.pid ?? 0,
    };
    const trivialTarget = {
      label: 'trivial Worker (workerd), same bytes + headers',
      url: trivial.url,
      pid: trivial.process.pid ?? 0,
    };
    const nginxTargets: Target[] = [];
    if (existsSync(NGINX)) {
      const extra = headers.filter(([n]) => !['content-type', 'content-length', 'etag'].includes(n));
      for (const workers of ['1', 'auto']) {
        const nginx = await startNginx(path.join(tmp, `nginx-${workers}`), workers, answer.body, extra);
        stops.push(() => stopChild(nginx.child));
        nginxTargets.push({
          label: `nginx static file, worker_processes ${workers}`,
          url: nginx.url,
          pid: nginx.child.pid ?? 0,
        });
      }
    } else {
      console.log('nginx: not installed (apt-get install -y nginx)');
    }
    const originTarget = {
      label: 'origin (Node, SQLite, process cache), same URLs',
      url: origin.url,
      pid: origin.child.pid ?? 0,
    };
    const targets = [edgeTarget, trivialTarget, ...nginxTargets, originTarget];

    const rows: Row[] = [];
    for (let round = 1; round <= rounds; round++)
      for (const target of targets) rows.push(await measure(target, paths));
    const after = await Promise.all(paths.map((p) => get(`${edge.url}${p}`)));
    const afterOk = after.every((r) => r.status === 200 && r.cache === 'HIT' && r.body === answer.body);
    console.log(
      `edge, after the runs, the ${after.length} URLs: ${after.map((r) => `${r.status} ${r.cache}`).join(', ')}`,
    );

    console.log('\n| target | req/s | p50 ms | p99 ms | server CPU µs/response | errors | non-2xx |');
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    for (const r of rows)
      console.log(`| ${r.label} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.cpuUs} | ${r.errors} | ${r.non2xx} |`);
    console.log('\nresponses seen by the load generator (status x-cache):');
    for (const r of rows)
      console.log(`  ${r.label}: ${[...r.seen].map(([k, n]) => `${k} × ${n}`).join(', ')}`);
    const mean = (t: Target) =>
      rows.filter((r) => r.label === t.label).reduce((n, r) => n + r.rps, 0) / rounds;
    const pct = (a: Target, b: Target) => `${((mean(a) / mean(b)) * 100).toFixed(0)}%`;
    const cpu = (t: Target) =>
      rows.filter((r) => r.label === t.label).reduce((n, r) => n + r.cpuUs, 0) / rounds;
    const perCpu = (a: Target, b: Target) => `${((cpu(b) / cpu(a)) * 100).toFixed(0)}%`;
    console.log(
      `\nratios of mean req/s${rounds > 1 ? ` over ${rounds} rounds` : ''}, and of CPU per response:`,
    );
    const ratio = (a: Target, b: Target, aim = '') =>
      console.log(
        `${a === edgeTarget ? 'edge' : 'origin'} / ${b === edgeTarget ? 'edge' : b.label}: ${pct(a, b)} of its req/s${aim}; ` +
          `${perCpu(a, b)} by CPU (${cpu(a).toFixed(0)} vs ${cpu(b).toFixed(0)} µs/response)`,
      );
    ratio(edgeTarget, trivialTarget, ' (aim ≥ 75%)');
    for (const n of nginxTargets) ratio(edgeTarget, n);
    ratio(originTarget, edgeTarget);
    console.log(
      'workerd runs one process with one isolate (one thread): nginx with worker_processes 1 is the like-for-like figure.',
    );
    console.log(
      'req/s moves with other load on the machine; CPU µs/response much less (see the load averages).',
    );

    const edgeNotHit = rows
      .filter((r) => r.label === edgeTarget.label)
      .flatMap((r) => [...r.seen].filter(([k]) => k !== '200 HIT'));
    const bad = rows.filter(
      (r) => r.non2xx > 0 || r.errors > 0 || [...r.seen.keys()].some((k) => !k.startsWith('200 ')),
    );
    if (edgeNotHit.length > 0 || !afterOk || bad.length > 0)
      throw new Error(
        `checks failed: edge answers not HIT ${JSON.stringify(edgeNotHit)}, after-run sample ok ${afterOk}, ` +
          `targets with non-200 or errors: ${bad.map((r) => r.label).join('; ') || 'none'}`,
      );
    console.log(
      'checks: every response 200 (errors 0); every edge response a HIT, during the runs and after them',
    );
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    process.removeListener('exit', removeTmp);
    removeTmp();
    console.log(
      `load average after the run: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  }
}
