import { PingCounter, utcDay } from '../src/domain/daily-users.ts';
import type { OriginClient } from './origin-client.ts';

export const PINGS_PATH = '/__trove/update-pings';

/**
 * Update pings, counted per add-on per UTC day in the isolate and sent to the origin in one batch at most
 * every `flushMs` (after the response, through waitUntil). A batch that fails is put back for the next one.
 */
export class PingBatcher {
  readonly #counter = new PingCounter();
  readonly #origin: OriginClient;
  readonly #token: string;
  readonly #flushMs: number;
  readonly #now: () => number;
  #lastFlush: number;

  constructor(opts: { origin: OriginClient; token: string; flushMs: number; now: () => number }) {
    this.#origin = opts.origin;
    this.#token = opts.token;
    this.#flushMs = opts.flushMs;
    this.#now = opts.now;
    this.#lastFlush = opts.now();
  }

  record(guid: string): void {
    this.#counter.add(utcDay(this.#now()), guid);
  }

  /** A flush to run after the response, when one is due; null otherwise. */
  due(): Promise<void> | null {
    const now = this.#now();
    if (this.#counter.size === 0 || now - this.#lastFlush < this.#flushMs) return null;
    this.#lastFlush = now;
    return this.flush();
  }

  async flush(): Promise<void> {
    const batches = this.#counter.drain();
    if (batches.length === 0) return;
    try {
      const res = await this.#origin.post(PINGS_PATH, { batches }, this.#token);
      if (!res.ok) throw new Error(`origin answered ${res.status}`);
    } catch {
      this.#counter.restore(batches);
    }
  }
}
