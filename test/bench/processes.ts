import { type ChildProcess, spawn } from 'node:child_process';

export interface Started {
  readonly url: string;
  readonly child: ChildProcess;
  /** Resolves with the first output line matching `pattern` (printed before or after the call). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

/** Starts `node script` with `env`, and resolves once it prints the URL/port it listens on. */
export function startNode(
  script: string,
  env: Record<string, string>,
  timeoutMs = 600_000,
): Promise<Started> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let listening = false;
    const events: string[] = [];
    const timer = setTimeout(() => reject(new Error(`${script} did not start:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      // The origin logs a line per request: keep the tail, plus every named event (`"msg":…`) for waitFor.
      const text = chunk.toString();
      for (const line of text.split('\n')) if (line.includes('"msg":')) events.push(line);
      output = (output + text).slice(-65_536);
      if (listening) return;
      const match = /http:\/\/127\.0\.0\.1:(\d+)|listening on (\d+)/.exec(output);
      if (match) {
        listening = true;
        clearTimeout(timer);
        resolve({
          url: `http://127.0.0.1:${match[1] ?? match[2]}`,
          child,
          waitFor: (pattern, waitMs = 600_000) =>
            new Promise((found, fail) => {
              const deadline = setTimeout(() => fail(new Error(`no ${pattern} within ${waitMs} ms`)), waitMs);
              const check = () => {
                const line = [...events, ...output.split('\n')].find((l) => pattern.test(l));
                if (!line) return;
                clearTimeout(deadline);
                child.stdout?.off('data', check);
                found(line);
              };
              child.stdout?.on('data', check);
              check();
            }),
          stop: () =>
            new Promise((done) => {
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code}:\n${output}`));
    });
  });
}
