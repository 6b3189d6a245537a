import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { utcDay } from '../../src/domain/daily-users.ts';
import { addonFactory } from '../support/factories.ts';
import { runTrove } from '../support/run-trove.ts';
import { createTestOrigin } from '../support/test-origin.ts';

const TOKEN = 'origin-test-edge-token-42';

describe('update pings from the edge, rolled up into average daily users', () => {
  let origin: Awaited<ReturnType<typeof createTestOrigin>>;
  const post = (body: unknown, token: string | null = TOKEN) =>
    origin.app.request('/__trove/update-pings', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    origin = await createTestOrigin({ EDGE_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await origin?.close();
  });

  it('accepts only the edge, and says what is wrong with a bad batch', async () => {
    expect((await post({ batches: [] }, null)).status).toBe(401);
    expect((await post({ batches: [] }, 'wrong-token-but-long-enough')).status).toBe(401);
    const notJson = await post('{nope');
    expect(notJson.status).toBe(400);
    const badDay = await post({ batches: [{ day: 'yesterday', counts: { a: 1 } }] });
    expect(badDay.status).toBe(400);
    expect(((await badDay.json()) as { detail: string }).detail).toBe(
      'Invalid ping batch: batches.0.day: a UTC day as YYYY-MM-DD',
    );
    const negative = await post({ batches: [{ day: '2026-11-01', counts: { a: -4 } }] });
    expect(negative.status).toBe(400);
  });

  it('records pings, and `trove rollup` turns them into average daily users', async () => {
    const addon = addonFactory({ averageDailyUsers: 1 });
    await origin.container.catalogue.importAddons([addon]);
    const yesterday = utcDay(Date.now() - 86_400_000);
    const accepted = await post({ batches: [{ day: yesterday, counts: { [addon.guid]: 1400 } }] });
    expect(accepted.status).toBe(202);
    await post({ batches: [{ day: yesterday, counts: { [addon.guid]: 1400 } }] });
    const result = runTrove(['rollup'], {
      DATABASE_URL: origin.config.databaseUrl,
      TROVE_DATA_DIR: origin.config.dataDir,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Average daily users updated for 1 add-on(s)');
    const read = origin.container.servicesFor({ pinned: true }).catalogue.read;
    expect((await read.findAddonByGuid(addon.guid))?.averageDailyUsers).toBe(200);
  });
});
