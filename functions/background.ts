/** Background refreshes on their way in this isolate, by cache key: one at a time per key. */
const inFlight = new Map<string, Promise<unknown>>();

/**
 * Starts `work` after the response (through `waitUntil`) unless a refresh of `key` is already running:
 * a stale entry read by many visitors at once is refreshed once.
 */
export function refreshOnce(
  key: string,
  work: () => Promise<unknown>,
  waitUntil: (p: Promise<unknown>) => void,
): void {
  if (inFlight.has(key)) return;
  const running = work()
    .catch(() => undefined)
    .finally(() => inFlight.delete(key));
  inFlight.set(key, running);
  waitUntil(running);
}
