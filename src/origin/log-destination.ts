import fs from 'node:fs';

/**
 * Where pino writes: lines are collected and written together every `intervalMs` (or at `maxBytes`),
 * one write for hundreds of lines. pino's own asynchronous destination re-measures its whole pending
 * buffer on every line, which at thousands of update checks a second cost more than the checks.
 */
export class BatchedDestination {
  readonly #lines: string[] = [];
  readonly #maxBytes: number;
  #size = 0;

  constructor(opts: { maxBytes?: number; intervalMs?: number } = {}) {
    this.#maxBytes = opts.maxBytes ?? 64 * 1024;
    setInterval(() => this.flush(), opts.intervalMs ?? 200).unref();
  }

  write(line: string): void {
    this.#lines.push(line);
    this.#size += line.length;
    if (this.#size >= this.#maxBytes) this.flush();
  }

  flush(): void {
    if (this.#lines.length === 0) return;
    const chunk = this.#lines.join('');
    this.#lines.length = 0;
    this.#size = 0;
    process.stdout.write(chunk);
  }

  /** At exit: whatever is pending, written before the process ends. */
  flushSync(): void {
    if (this.#lines.length === 0) return;
    fs.writeSync(1, this.#lines.join(''));
    this.#lines.length = 0;
    this.#size = 0;
  }
}
