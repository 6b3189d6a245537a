/**
 * Throwaway MariaDB primary + replica pair for tests and local development.
 *
 * Starts two private `mariadbd` processes in a fresh temp directory (loopback only, root with an
 * empty password over TCP), wires GTID replication from the primary to the replica and tears
 * everything down again. Independent of any system MariaDB: only the mariadb-server binaries
 * (`mariadbd`, `mariadb-install-db`) are needed.
 *
 * Run directly (`node infra/dev/mariadb-pair.ts [--base-port 3316] [--dir PATH]`) to keep a pair up
 * until SIGINT/SIGTERM.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, constants as fsConstants, readFileSync } from 'node:fs';
import { access, cp, mkdir, mkdtemp, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type Connection, createConnection, type RowDataPacket } from 'mysql2/promise';

export interface ServerAddress {
  host: string;
  port: number;
}

export interface MariadbServer {
  host: '127.0.0.1';
  port: number;
  user: 'root';
  password: '';
}

export interface MariadbPair {
  primary: MariadbServer;
  replica: MariadbServer;
  /** Directory holding both data dirs and their logs (`primary/error.log`, `replica/error.log`). */
  dir: string;
  /** Stops the replica process (graceful shutdown), e.g. to test a replica going down. */
  stopReplica(): Promise<void>;
  /** Starts the replica process again on the same port and waits until replication runs. */
  startReplica(): Promise<void>;
  /** STOP SLAVE SQL_THREAD on the replica: events keep arriving but are not applied (lag). */
  pauseReplication(): Promise<void>;
  /** START SLAVE on the replica. */
  resumeReplication(): Promise<void>;
  /** Resolves once the replica has applied the primary's current GTID position. */
  waitForReplicaCatchUp(timeoutMs?: number): Promise<void>;
  /** Stops both processes and removes the directory (unless it was passed in as `dir`). */
  close(): Promise<void>;
}

export interface StartMariadbPairOptions {
  /** Primary listens on basePort, replica on basePort + 1; if taken, +2/+3, ... then random ports. */
  basePort?: number;
  /** Directory to use instead of a fresh temp directory. Its previous contents are discarded. */
  dir?: string;
}

const HOST = '127.0.0.1';
const DEFAULT_BASE_PORT = 3316;
const PORT_ATTEMPTS = 20;
const DIR_PREFIX = 'trove-mariadb-pair-';
const READY_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 10_000;
const REPL_USER = 'repl';
const REPL_PASSWORD = 'repl';
const ROLES = ['primary', 'replica'] as const;
type Role = (typeof ROLES)[number];

/** Users for TCP access; binlogging is switched off so nothing of this replicates. */
const INIT_SQL = [
  'SET sql_log_bin = 0;',
  `CREATE USER IF NOT EXISTS 'root'@'${HOST}' IDENTIFIED BY '';`,
  `GRANT ALL PRIVILEGES ON *.* TO 'root'@'${HOST}' WITH GRANT OPTION;`,
  `CREATE USER IF NOT EXISTS '${REPL_USER}'@'${HOST}' IDENTIFIED BY '${REPL_PASSWORD}';`,
  `GRANT REPLICATION SLAVE ON *.* TO '${REPL_USER}'@'${HOST}';`,
  '',
].join('\n');

/** Small, fast and robust on tmpfs / in containers (no O_DIRECT, no io_uring/libaio). */
const STORAGE_ARGS = [
  '--innodb-buffer-pool-size=64M',
  '--innodb-log-file-size=16M',
  '--innodb-use-native-aio=0',
  '--innodb-flush-method=fsync',
  '--innodb-doublewrite=0',
  '--performance-schema=0',
];

const SERVER_ARGS = [
  ...STORAGE_ARGS,
  `--bind-address=${HOST}`,
  '--skip-name-resolve',
  '--innodb-flush-log-at-trx-commit=2',
  '--innodb-buffer-pool-dump-at-shutdown=0',
  '--innodb-buffer-pool-load-at-startup=0',
  '--character-set-server=utf8mb4',
  '--collation-server=utf8mb4_general_ci',
  '--max-connections=500',
];

interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: Error;
}

interface Instance {
  role: Role;
  serverId: number;
  home: string;
  datadir: string;
  socket: string;
  pidFile: string;
  errorLog: string;
  outLog: string;
  initFile: string;
  roleArgs: string[];
  port: number;
  child?: ChildProcess;
  exited?: Promise<ExitInfo>;
  watchdog?: ChildProcess;
}

class MariadbStartupError extends Error {
  portInUse: boolean;
  constructor(message: string, portInUse: boolean) {
    super(message);
    this.name = 'MariadbStartupError';
    this.portInUse = portInUse;
  }
}

export async function startMariadbPair(opts: StartMariadbPairOptions = {}): Promise<MariadbPair> {
  const basePort = opts.basePort ?? DEFAULT_BASE_PORT;
  const binaries = await findBinaries();
  const ownsDir = opts.dir === undefined;
  const dir = ownsDir ? await createTempDir() : await prepareGivenDir(path.resolve(opts.dir as string));
  const initFile = path.join(dir, 'init.sql');
  const primary = newInstance(dir, 'primary', 1, initFile, [
    '--log-bin=mariadb-bin',
    '--binlog-format=ROW',
    '--sync-binlog=0',
  ]);
  const replica = newInstance(dir, 'replica', 2, initFile, ['--read-only=1', '--relay-log=relay-bin']);
  try {
    await writeFile(path.join(dir, 'owner.json'), `${JSON.stringify({ ownerPid: process.pid })}\n`);
    await writeFile(initFile, INIT_SQL);
    // One bootstrap, copied: both start from identical system tables and an empty GTID state.
    await installDataDir(binaries, primary);
    await mkdir(path.join(replica.home, 'tmp'), { recursive: true });
    await cp(primary.datadir, replica.datadir, { recursive: true });
    await Promise.all([
      launchOnFreePort(binaries.mariadbd, primary, candidatePorts(basePort, 0)),
      launchOnFreePort(binaries.mariadbd, replica, candidatePorts(basePort, 1)),
    ]);
    await configureReplication(primary.port, replica.port);
  } catch (error) {
    await Promise.allSettled([stopInstance(primary), stopInstance(replica)]);
    if (ownsDir) await rm(dir, { recursive: true, force: true });
    throw error;
  }

  const primaryAddress = server(primary.port);
  const replicaAddress = server(replica.port);
  let closing: Promise<void> | undefined;
  return {
    primary: primaryAddress,
    replica: replicaAddress,
    dir,
    stopReplica: () => stopInstance(replica),
    startReplica: async () => {
      if (isRunning(replica)) return;
      await launch(binaries.mariadbd, replica);
      await waitForReplicationRunning(replicaAddress);
    },
    pauseReplication: () => pauseReplication(replicaAddress),
    resumeReplication: () => resumeReplication(replicaAddress),
    waitForReplicaCatchUp: (timeoutMs) => waitForReplicaCatchUp(primaryAddress, replicaAddress, timeoutMs),
    close: () => {
      closing ??= (async () => {
        await Promise.all([stopInstance(primary), stopInstance(replica)]);
        await Promise.all([primary, replica].map((inst) => rm(inst.socket, { force: true })));
        if (ownsDir) await rm(dir, { recursive: true, force: true });
        else await rm(path.join(dir, 'owner.json'), { force: true });
      })();
      return closing;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Replication control (plain SQL, usable from any process that knows the addresses)
// ---------------------------------------------------------------------------------------------

export async function pauseReplication(replica: ServerAddress): Promise<void> {
  await withConnection(replica, (c) => c.query('STOP SLAVE SQL_THREAD'));
}

export async function resumeReplication(replica: ServerAddress): Promise<void> {
  await withConnection(replica, (c) => c.query('START SLAVE'));
}

/** Waits until the replica has applied everything the primary has binlogged so far. */
export async function waitForReplicaCatchUp(
  primary: ServerAddress,
  replica: ServerAddress,
  timeoutMs = 10_000,
): Promise<void> {
  const target = String(
    await withConnection(primary, (c) => queryValue(c, 'SELECT @@GLOBAL.gtid_binlog_pos AS v')),
  );
  if (target === '') return;
  await withConnection(replica, async (c) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      const waitSeconds = Math.min(remaining, 500) / 1000;
      const result = await queryValue(c, 'SELECT MASTER_GTID_WAIT(?, ?) AS v', [target, waitSeconds]);
      if (Number(result) === 0) return;
      const status = await slaveStatus(c);
      if (status && Number(status.Last_SQL_Errno) !== 0) {
        throw new Error(`replication failed on the replica: ${describeStatus(status)}`);
      }
    }
    const status = await slaveStatus(c);
    throw new Error(
      `replica did not reach the primary's GTID position ${target} within ${timeoutMs} ms ` +
        `(${status ? describeStatus(status) : 'replication not configured'})`,
    );
  });
}

async function configureReplication(primaryPort: number, replicaPort: number): Promise<void> {
  await withConnection(server(replicaPort), async (c) => {
    await c.query(
      `CHANGE MASTER TO MASTER_HOST='${HOST}', MASTER_PORT=${primaryPort}, ` +
        `MASTER_USER='${REPL_USER}', MASTER_PASSWORD='${REPL_PASSWORD}', ` +
        'MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1',
    );
    await c.query('START SLAVE');
  });
  await waitForReplicationRunning(server(replicaPort));
}

async function waitForReplicationRunning(replica: ServerAddress, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let status: RowDataPacket | undefined;
  while (Date.now() < deadline) {
    status = await withConnection(replica, slaveStatus);
    if (status?.Slave_IO_Running === 'Yes' && status.Slave_SQL_Running === 'Yes') return;
    await sleep(50);
  }
  throw new Error(
    `replication did not start within ${timeoutMs} ms (${status ? describeStatus(status) : 'not configured'})`,
  );
}

async function slaveStatus(c: Connection): Promise<RowDataPacket | undefined> {
  const [rows] = await c.query<RowDataPacket[]>('SHOW SLAVE STATUS');
  return rows[0];
}

function describeStatus(s: RowDataPacket): string {
  return [
    `IO=${s.Slave_IO_Running}`,
    `SQL=${s.Slave_SQL_Running}`,
    `gtid_slave_pos=${s.Gtid_Slave_Pos}`,
    s.Last_IO_Errno ? `io error ${s.Last_IO_Errno}: ${s.Last_IO_Error}` : '',
    s.Last_SQL_Errno ? `sql error ${s.Last_SQL_Errno}: ${s.Last_SQL_Error}` : '',
  ]
    .filter(Boolean)
    .join(', ');
}

async function withConnection<T>(address: ServerAddress, fn: (c: Connection) => Promise<T>): Promise<T> {
  const c = await createConnection({
    host: address.host,
    port: address.port,
    user: 'root',
    password: '',
    connectTimeout: 5_000,
  });
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => c.destroy());
  }
}

async function queryValue(c: Connection, sql: string, values?: unknown[]): Promise<unknown> {
  const [rows] = await c.query<RowDataPacket[]>(sql, values);
  return rows[0]?.v;
}

// ---------------------------------------------------------------------------------------------
// Processes
// ---------------------------------------------------------------------------------------------

interface Binaries {
  mariadbd: string;
  installDb: string;
}

async function findBinaries(): Promise<Binaries> {
  const dirs = [
    ...(process.env.PATH ?? '').split(path.delimiter),
    '/usr/sbin',
    '/usr/local/sbin',
    '/usr/bin',
  ];
  const find = async (envVar: string, names: string[]): Promise<string> => {
    const fromEnv = process.env[envVar];
    if (fromEnv) return fromEnv;
    for (const name of names) {
      for (const d of dirs.filter(Boolean)) {
        const candidate = path.join(d, name);
        if (
          await access(candidate, fsConstants.X_OK).then(
            () => true,
            () => false,
          )
        )
          return candidate;
      }
    }
    throw new Error(`cannot find ${names.join(' or ')}; install the mariadb-server package or set ${envVar}`);
  };
  return {
    mariadbd: await find('TROVE_MARIADBD', ['mariadbd', 'mysqld']),
    installDb: await find('TROVE_MARIADB_INSTALL_DB', ['mariadb-install-db', 'mysql_install_db']),
  };
}

function newInstance(
  dir: string,
  role: Role,
  serverId: number,
  initFile: string,
  roleArgs: string[],
): Instance {
  const home = path.join(dir, role);
  let socket = path.join(home, 'mariadbd.sock');
  // sun_path is limited to 108 bytes; fall back to a short name in the temp dir.
  if (Buffer.byteLength(socket) > 100) {
    socket = path.join(tmpdir(), `trove-mdb-${process.pid}-${Date.now().toString(36)}-${role}.sock`);
  }
  return {
    role,
    serverId,
    home,
    datadir: path.join(home, 'data'),
    socket,
    pidFile: path.join(home, 'mariadbd.pid'),
    errorLog: path.join(home, 'error.log'),
    outLog: path.join(home, 'stdout.log'),
    initFile,
    roleArgs,
    port: 0,
  };
}

function rootArgs(): string[] {
  // mariadbd refuses to run as root unless told to.
  return process.getuid?.() === 0 ? ['--user=root'] : [];
}

async function installDataDir(binaries: Binaries, inst: Instance): Promise<void> {
  await mkdir(path.join(inst.home, 'tmp'), { recursive: true });
  const args = [
    '--no-defaults',
    ...rootArgs(),
    `--datadir=${inst.datadir}`,
    `--tmpdir=${path.join(inst.home, 'tmp')}`,
    '--auth-root-authentication-method=normal',
    '--skip-test-db',
    '--skip-name-resolve',
    ...STORAGE_ARGS,
  ];
  const { code, output } = await run(binaries.installDb, args, 60_000);
  await writeFile(path.join(inst.home, 'install.log'), output);
  if (code !== 0) {
    const errors = output.split('\n').filter((line) => /error/i.test(line));
    throw new Error(
      `mariadb-install-db failed for the ${inst.role} (exit ${code}):\n${[...errors.slice(0, 10), '...', tail(output, 12)].join('\n')}`,
    );
  }
}

function run(
  cmd: string,
  args: string[],
  timeoutMs: number,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => chunks.push(b));
    child.stderr.on('data', (b: Buffer) => chunks.push(b));
    child.once('error', (error) => resolve({ code: -1, output: String(error) }));
    child.once('close', (code) => resolve({ code, output: Buffer.concat(chunks).toString() }));
  });
}

function candidatePorts(basePort: number, offset: number): number[] {
  const ports: number[] = [];
  for (let i = 0; i < PORT_ATTEMPTS; i++) {
    const port = basePort + 2 * i + offset;
    if (port > 0 && port < 65536) ports.push(port);
  }
  return ports;
}

async function launchOnFreePort(mariadbd: string, inst: Instance, candidates: number[]): Promise<void> {
  const tryPort = async (port: number): Promise<boolean> => {
    inst.port = port;
    try {
      await launch(mariadbd, inst);
      return true;
    } catch (error) {
      if (error instanceof MariadbStartupError && error.portInUse) return false;
      throw error;
    }
  };
  for (const port of candidates) {
    if ((await isPortFree(port)) && (await tryPort(port))) return;
  }
  for (let i = 0; i < 5; i++) {
    if (await tryPort(await ephemeralPort())) return;
  }
  throw new Error(`could not find a free port for the ${inst.role}`);
}

const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort if close() was never called: never leave servers behind.
  process.on('exit', () => {
    for (const child of liveChildren) child.kill('SIGKILL');
  });
}

/**
 * Kills the server if this Node process dies without cleaning up (SIGKILL, crash).
 * Exits on its own as soon as the server is gone.
 */
function startWatchdog(serverPid: number): ChildProcess {
  const script =
    'while kill -0 "$0" 2>/dev/null; do kill -0 "$1" 2>/dev/null || exit 0; sleep 1; done; kill -KILL "$1" 2>/dev/null';
  const watchdog = spawn('/bin/sh', ['-c', script, String(process.pid), String(serverPid)], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.on('error', () => {});
  watchdog.unref();
  return watchdog;
}

async function launch(mariadbd: string, inst: Instance): Promise<void> {
  const args = [
    '--no-defaults',
    ...rootArgs(),
    `--datadir=${inst.datadir}`,
    `--port=${inst.port}`,
    `--socket=${inst.socket}`,
    `--pid-file=${inst.pidFile}`,
    `--log-error=${inst.errorLog}`,
    `--tmpdir=${path.join(inst.home, 'tmp')}`,
    `--server-id=${inst.serverId}`,
    `--init-file=${inst.initFile}`,
    ...SERVER_ARGS,
    ...inst.roleArgs,
  ];
  const offsets = { error: await fileSize(inst.errorLog), out: await fileSize(inst.outLog) };
  const out = await open(inst.outLog, 'a');
  let child: ChildProcess;
  try {
    // Own process group: a terminal's Ctrl-C reaches us, and we shut the servers down in order.
    child = spawn(mariadbd, args, { detached: true, stdio: ['ignore', out.fd, out.fd] });
  } finally {
    await out.close();
  }
  installExitHook();
  liveChildren.add(child);
  let exitInfo: ExitInfo | undefined;
  const exited = new Promise<ExitInfo>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
  }).then((info) => {
    exitInfo = info;
    liveChildren.delete(child);
    return info;
  });
  child.unref();
  inst.child = child;
  inst.exited = exited;
  if (child.pid !== undefined) inst.watchdog = startWatchdog(child.pid);

  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (exitInfo) {
      inst.watchdog?.kill('SIGKILL');
      throw await startupError(inst, offsets, describeExit(exitInfo));
    }
    if (Date.now() > deadline) {
      await stopInstance(inst);
      throw await startupError(inst, offsets, `not ready after ${READY_TIMEOUT_MS} ms`);
    }
    if (await isOurServer(inst)) return;
    await sleep(50);
  }
}

/** True once our server answers on its port (and not some other server that holds the port). */
async function isOurServer(inst: Instance): Promise<boolean> {
  try {
    const socket = await withConnection(server(inst.port), (c) => queryValue(c, 'SELECT @@socket AS v'));
    return socket === inst.socket;
  } catch {
    return false;
  }
}

function describeExit(info: ExitInfo): string {
  if (info.error) return `failed to start: ${info.error.message}`;
  return info.signal ? `was killed by ${info.signal}` : `exited with code ${info.code}`;
}

async function startupError(
  inst: Instance,
  offsets: { error: number; out: number },
  reason: string,
): Promise<MariadbStartupError> {
  const errorLog = await readFrom(inst.errorLog, offsets.error);
  const outLog = await readFrom(inst.outLog, offsets.out);
  const portInUse = /Address already in use|Bind on TCP\/IP port/i.test(errorLog + outLog);
  let message = `mariadbd (${inst.role}, port ${inst.port}) ${reason}\n--- error log (tail) ---\n${tail(errorLog, 30)}`;
  if (outLog.trim()) message += `\n--- stdout/stderr (tail) ---\n${tail(outLog, 15)}`;
  return new MariadbStartupError(message, portInUse);
}

function isRunning(inst: Instance): boolean {
  return inst.child !== undefined && inst.child.exitCode === null && inst.child.signalCode === null;
}

async function stopInstance(inst: Instance): Promise<void> {
  const { child, exited } = inst;
  if (!child || !exited) return;
  if (isRunning(inst)) {
    child.kill('SIGTERM');
    if (!(await settlesWithin(exited, STOP_GRACE_MS))) child.kill('SIGKILL');
  }
  await exited;
  inst.watchdog?.kill('SIGKILL');
  inst.child = undefined;
  inst.exited = undefined;
  inst.watchdog = undefined;
}

async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------------
// Directories and leftovers from killed runs
// ---------------------------------------------------------------------------------------------

async function createTempDir(): Promise<string> {
  await reapStaleTempDirs();
  return mkdtemp(path.join(tmpdir(), DIR_PREFIX));
}

/** Removes pair directories (and kills their servers) whose owning process is gone. */
async function reapStaleTempDirs(): Promise<void> {
  const entries = await readdir(tmpdir()).catch(() => [] as string[]);
  await Promise.all(
    entries
      .filter((name) => name.startsWith(DIR_PREFIX))
      .map(async (name) => {
        const dir = path.join(tmpdir(), name);
        const owner = await readOwner(dir);
        if (owner === undefined) {
          // No owner file yet: possibly being created right now by a concurrent run.
          const info = await stat(dir).catch(() => undefined);
          if (!info || Date.now() - info.mtimeMs < 10 * 60_000) return;
        } else if (isAlive(owner)) {
          return;
        }
        await killLeftoverServers(dir);
        await rm(dir, { recursive: true, force: true }).catch(() => {});
      }),
  );
}

async function prepareGivenDir(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const owner = await readOwner(dir);
  if (owner !== undefined && isAlive(owner) && (await serverPids(dir)).some(isAlive)) {
    throw new Error(`${dir} is in use by a MariaDB pair of process ${owner}`);
  }
  await killLeftoverServers(dir);
  await Promise.all(
    [...ROLES, 'init.sql', 'owner.json'].map((name) =>
      rm(path.join(dir, name), { recursive: true, force: true }),
    ),
  );
  return dir;
}

async function readOwner(dir: string): Promise<number | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path.join(dir, 'owner.json'), 'utf8')) as { ownerPid?: unknown };
    return typeof parsed.ownerPid === 'number' ? parsed.ownerPid : undefined;
  } catch {
    return undefined;
  }
}

async function serverPids(dir: string): Promise<number[]> {
  const pids = await Promise.all(
    ROLES.map((role) =>
      readFile(path.join(dir, role, 'mariadbd.pid'), 'utf8').then(
        (text) => Number.parseInt(text.trim(), 10),
        () => Number.NaN,
      ),
    ),
  );
  return pids.filter((pid) => Number.isInteger(pid) && pid > 0);
}

/** SIGKILLs servers from an earlier run in `dir`, if their command line proves they are ours. */
async function killLeftoverServers(dir: string): Promise<void> {
  for (const pid of await serverPids(dir)) {
    if (!isAlive(pid)) continue;
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (!cmdline.includes(`--datadir=${dir}${path.sep}`)) continue;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      continue;
    }
    for (let i = 0; i < 100 && isAlive(pid); i++) await sleep(20);
  }
}

/** Exists and is not a zombie (a killed orphan may linger unreaped). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return !existsSync('/proc/self/stat'); // no procfs: trust kill(0)
  }
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

function server(port: number): MariadbServer {
  return { host: HOST, port, user: 'root', password: '' };
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host: HOST, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

function ephemeralPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen({ port: 0, host: HOST, exclusive: true }, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function fileSize(file: string): Promise<number> {
  return (await stat(file).catch(() => undefined))?.size ?? 0;
}

async function readFrom(file: string, offset: number): Promise<string> {
  const text = await readFile(file).catch(() => Buffer.alloc(0));
  return text.subarray(offset).toString();
}

function tail(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

// ---------------------------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'base-port': { type: 'string' }, dir: { type: 'string' } },
  });
  const started = performance.now();
  const pair = await startMariadbPair({
    basePort: values['base-port'] ? Number(values['base-port']) : undefined,
    dir: values.dir,
  });
  const ms = Math.round(performance.now() - started);
  console.log(`primary: mysql://root@${pair.primary.host}:${pair.primary.port}`);
  console.log(`replica: mysql://root@${pair.replica.host}:${pair.replica.port}`);
  console.log(`ready in ${ms} ms; data and logs in ${pair.dir}; Ctrl-C to stop`);
  const keepAlive = setInterval(() => {}, 1 << 30);
  const shutdown = async (signal: string): Promise<void> => {
    console.log(`${signal}: stopping`);
    await pair.close();
    clearInterval(keepAlive);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
