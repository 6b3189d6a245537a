import type { EdgePurger } from '../../domain/edge/ports.ts';

/** Cache-Tag purges take at most this many tags per call (Cloudflare's limit, kept by the edge too). */
const TAGS_PER_CALL = 1000;

/**
 * Purges by tag through the edge's `POST /__trove/purge`, authenticated with the shared edge token. A
 * failed call is retried (three tries, 0.2 s and 1 s apart) before it rejects.
 */
export class HttpEdgePurger implements EdgePurger {
  readonly #url: string;
  readonly #token: string;
  readonly #timeoutMs: number;

  constructor(edgeUrl: string, token: string, timeoutMs = 5000) {
    this.#url = `${edgeUrl.replace(/\/$/, '')}/__trove/purge`;
    this.#token = token;
    this.#timeoutMs = timeoutMs;
  }

  async purge(tags: readonly string[]): Promise<void> {
    for (let i = 0; i < tags.length; i += TAGS_PER_CALL) await this.#call(tags.slice(i, i + TAGS_PER_CALL));
  }

  async #call(tags: readonly string[]): Promise<void> {
    let lastError: unknown;
    for (const delay of [0, 200, 1000]) {
      if (delay) await new Promise((r) => setTimeout(r, delay));
      try {
        const res = await fetch(this.#url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${this.#token}` },
          body: JSON.stringify({ tags }),
          signal: AbortSignal.timeout(this.#timeoutMs),
        });
        if (res.ok) return;
        lastError = new Error(`edge purge answered ${res.status}: ${await res.text()}`);
        if (res.status < 500) break;
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError;
  }
}
