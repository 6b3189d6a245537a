import { describe, expect, it } from 'vitest';
import { averageDailyUsers, PingCounter, rollupDays, utcDay } from '../../src/domain/daily-users.ts';

describe('PingCounter', () => {
  it('counts per day and guid, and drains', () => {
    const counter = new PingCounter();
    counter.add('2026-11-27', 'a');
    counter.add('2026-11-27', 'a');
    counter.add('2026-11-27', 'b', 5);
    counter.add('2026-11-28', 'a');
    expect(counter.size).toBe(3);
    expect(counter.drain()).toEqual([
      { day: '2026-11-27', counts: { a: 2, b: 5 } },
      { day: '2026-11-28', counts: { a: 1 } },
    ]);
    expect(counter.size).toBe(0);
    expect(counter.drain()).toEqual([]);
  });

  it('takes back a batch that could not be delivered', () => {
    const counter = new PingCounter();
    counter.add('2026-11-27', 'a', 2);
    const batch = counter.drain();
    counter.add('2026-11-27', 'a');
    counter.restore(batch);
    expect(counter.drain()).toEqual([{ day: '2026-11-27', counts: { a: 3 } }]);
  });

  it('is bounded: new add-ons beyond the limit are dropped and counted', () => {
    const counter = new PingCounter(2);
    counter.add('d', 'a');
    counter.add('d', 'b');
    counter.add('d', 'c', 4);
    counter.add('d', 'a');
    expect(counter.dropped).toBe(4);
    expect(counter.drain()).toEqual([{ day: 'd', counts: { a: 2, b: 1 } }]);
  });
});

describe('average daily users', () => {
  it('averages the complete days before today, missing days as zero', () => {
    expect(utcDay(Date.parse('2026-11-27T23:59:59Z'))).toBe('2026-11-27');
    const days = rollupDays('2026-11-27', 3);
    expect(days).toEqual(['2026-11-24', '2026-11-25', '2026-11-26']);
    expect(rollupDays('2026-03-01', 2)).toEqual(['2026-02-27', '2026-02-28']);
    expect(averageDailyUsers([30, 0, 61], 3)).toBe(30);
    expect(rollupDays('2026-11-27')).toHaveLength(14);
  });
});
