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
  #pending: Promise<void> | null = null;
  #day = '';
  #dayEnds = 0;

  constructor(opts: { origin: OriginClient; token: string; flushMs: number; now: () => number }) {
    this.#origin = opts.origin;
    this.#token = opts.token;
    this.#flushMs = opts.flushMs;
    this.#now = opts.now;
    this.#lastFlush = opts.now();
  }

  record(guid: string): void {
    const now = this.#now();
    // The day's name is worked out once a day, not for every check.
    if (now >= this.#dayEnds) {
      this.#day = utcDay(now);
      this.#dayEnds = Date.parse(`${this.#day}T00:00:00Z`) + 86_400_000;
    }
    this.#counter.add(this.#day, guid);
  }

  /**
   * Schedules the next flush, `flushMs` after the previous one, when none is pending: the caller hands the
   * promise to waitUntil (which keeps the isolate alive for it), so a quiet edge still delivers its counts.
   * Null when a flush is already on its way or there is nothing to send.
   */
  schedule(): Promise<void> | null {
    if (this.#pending || this.#counter.size === 0) return null;
    const wait = Math.max(0, this.#flushMs - (this.#now() - this.#lastFlush));
    this.#pending = new Promise<void>((resolve) => setTimeout(resolve, wait))
      .then(() => this.flush())
      .finally(() => {
        this.#pending = null;
      });
    return this.#pending;
  }

  async flush(): Promise<void> {
    this.#lastFlush = this.#now();
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
