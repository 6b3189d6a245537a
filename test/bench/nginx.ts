import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '../../infra/dev/edge/run-edge.ts';
import { killAtExit } from './children.ts';

export const NGINX = '/usr/sbin/nginx';

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}`);
    const up = await fetch(`http://127.0.0.1:${port}/`).then(Boolean, () => false);
    if (up) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nginx did not listen on ${port}`);
}

/**
 * nginx serving `body` as a static file for every path, with `extra` headers, in `dir` (its config, pid,
 * logs and temp paths: nothing of the system's nginx is used). keepalive_requests is raised from 1000 since
 * workerd never closes a keep-alive connection.
 */
export async function startNginx(
  dir: string,
  workers: string,
  body: string,
  extra: [string, string][],
): Promise<{ url: string; child: ChildProcess }> {
  for (const sub of ['www', 'tmp']) mkdirSync(path.join(dir, sub), { recursive: true });
  writeFileSync(path.join(dir, 'www/answer.json'), body);
  const port = await freePort();
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((t) => `${t}_temp_path ${dir}/tmp/${t};`)
    .join(' ');
  const headers = extra.map(([name, value]) => `add_header ${name} ${JSON.stringify(value)};`).join(' ');
  const conf = `daemon off;
worker_processes ${workers};
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on; tcp_nopush on; tcp_nodelay on;
  open_file_cache max=16;
  keepalive_timeout 65;
  keepalive_requests 1000000;
  ${temp}
  server {
    listen 127.0.0.1:${port};
    root ${dir}/www;
    default_type application/json;
    location / { try_files /answer.json =404; ${headers} }
  }
}
`;
  const confPath = path.join(dir, 'nginx.conf');
  writeFileSync(confPath, conf);
  const child = spawn(NGINX, ['-p', dir, '-c', confPath, '-e', path.join(dir, 'error.log')], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  killAtExit(child, 'SIGTERM');
  await waitForPort(port, child);
  const url = `http://127.0.0.1:${port}`;
  const check = await fetch(`${url}/update/VersionCheck.php?id=x`);
  if (check.status !== 200 || (await check.text()) !== body)
    throw new Error(`nginx answered ${check.status}`);
  return { url, child };
}
