import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * A sync kill at exit, so that no child outlives the bench however it ends. SIGTERM for a master process
 * that must take its workers down with it (nginx), SIGKILL otherwise.
 */
export function killAtExit(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): void {
  const kill = () => child.kill(signal);
  process.once('exit', kill);
  child.once('exit', () => process.removeListener('exit', kill));
}

/** Idempotent: safe to call again from the final clean-up, whether the child exited or was stopped. */
export function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

/** User + system CPU ticks (1/100 s on Linux) of a process and its direct children (nginx's workers). */
export function cpuTicks(pid: number): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(entry) === pid || Number(fields[1]) === pid)
        ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended while we read /proc.
    }
  }
  return ticks;
}
