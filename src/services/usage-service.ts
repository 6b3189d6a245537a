import { averageDailyUsers, type DailyPings, rollupDays, utcDay } from '../domain/daily-users.ts';
import type { Clock, UsageStore } from '../domain/ports.ts';

/** Update pings in, average daily users out (AMO's `update_counts` and its daily cron). */
export class UsageService {
  readonly #store: UsageStore;
  readonly #clock: Clock;

  constructor(store: UsageStore, clock: Clock) {
    this.#store = store;
    this.#clock = clock;
  }

  record(batches: readonly DailyPings[]): Promise<void> {
    return this.#store.recordPings(batches);
  }

  /**
   * Recomputes average daily users over the last complete days for every add-on pinged in them;
   * add-ons without a ping in the window keep their figure. Resolves to the guids updated and their users.
   */
  async rollUp(): Promise<Map<string, number>> {
    const days = rollupDays(utcDay(this.#clock.now().getTime()));
    const counts = await this.#store.dailyCounts(days);
    const users = new Map<string, number>();
    for (const [guid, daily] of counts) users.set(guid, averageDailyUsers(daily, days.length));
    await this.#store.setAverageDailyUsers(users);
    return users;
  }
}
