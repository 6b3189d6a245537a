/** Update pings of one UTC day: add-on guid → number of update checks. */
export interface DailyPings {
  readonly day: string;
  readonly counts: Readonly<Record<string, number>>;
}

/** `YYYY-MM-DD` of a time in UTC: the unit in which pings are counted. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Counts update checks in memory so that recording one costs a map increment; `drain` hands the counts
 * over in batches. Bounded: beyond `maxGuids` distinct add-ons in one batch, further new ones are
 * dropped and counted in `dropped` (a flush is overdue by then).
 */
export class PingCounter {
  #days = new Map<string, Map<string, number>>();
  #size = 0;
  #dropped = 0;
  readonly #maxGuids: number;

  constructor(maxGuids = 50_000) {
    this.#maxGuids = maxGuids;
  }

  get size(): number {
    return this.#size;
  }

  get dropped(): number {
    return this.#dropped;
  }

  add(day: string, guid: string, count = 1): void {
    let counts = this.#days.get(day);
    if (!counts) {
      counts = new Map();
      this.#days.set(day, counts);
    }
    const before = counts.get(guid);
    if (before === undefined) {
      if (this.#size >= this.#maxGuids) {
        this.#dropped += count;
        return;
      }
      this.#size++;
    }
    counts.set(guid, (before ?? 0) + count);
  }

  /** Takes every count recorded so far, leaving the counter empty. */
  drain(): DailyPings[] {
    const batches = [...this.#days].map(([day, counts]) => ({ day, counts: Object.fromEntries(counts) }));
    this.#days = new Map();
    this.#size = 0;
    return batches;
  }

  /** Puts back counts that could not be delivered, so a failed flush loses nothing. */
  restore(batches: readonly DailyPings[]): void {
    for (const { day, counts } of batches)
      for (const [guid, n] of Object.entries(counts)) this.add(day, guid, n);
  }
}

/** Days averaged into an add-on's "users" figure; AMO shows an average over about the last two weeks. */
export const DAILY_USERS_WINDOW_DAYS = 14;

/**
 * The days a rollup on `today` averages: the `window` complete UTC days before it (today is still being
 * counted, so it would drag the figure down).
 */
export function rollupDays(today: string, window = DAILY_USERS_WINDOW_DAYS): string[] {
  const end = Date.parse(`${today}T00:00:00Z`);
  return Array.from({ length: window }, (_, i) => utcDay(end - (i + 1) * 86_400_000)).reverse();
}

/** Average daily users: the mean of the daily counts over the window, days without pings counting as 0. */
export function averageDailyUsers(dailyCounts: readonly number[], window = DAILY_USERS_WINDOW_DAYS): number {
  let total = 0;
  for (const n of dailyCounts) total += n;
  return Math.round(total / window);
}
