import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addonFactory, updateQuery, versionFactory } from '../support/factories.ts';
import { createTestDatabase, type TestDatabase } from '../support/mysql-test-db.ts';
import { catalogueEntry, runTrove, writeJsonFile } from '../support/run-trove.ts';
import { createTestOrigin } from '../support/test-origin.ts';

type Origin = Awaited<ReturnType<typeof createTestOrigin>>;

describe('update checks on MariaDB with Redis, across origin processes', () => {
  let database: TestDatabase;
  let a: Origin;
  let b: Origin;
  const env = () => ({ DATABASE_URL: database.url, REDIS_URL: 'redis://127.0.0.1:6379' });
  const check = async (origin: Origin, guid: string) => {
    const res = await origin.app.request(`/update/?${updateQuery(guid)}`);
    return { res, text: await res.text() };
  };

  beforeAll(async () => {
    database = await createTestDatabase(inject('mariadb').plain, 'trove_shared_cache');
    a = await createTestOrigin(env());
    b = await createTestOrigin(env());
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await database?.drop();
  });

  it('a write publishes the manifest: every origin (and the edge) answers without SQL', async () => {
    const addon = addonFactory();
    await a.container.catalogue.importAddons([addon]);
    const first = await check(a, addon.guid);
    expect(first.res.headers.get('X-Trove-Source')).toBe('memory');
    expect(a.queries(first.res)).toBe(0);
    const second = await check(b, addon.guid);
    expect(second.res.headers.get('X-Trove-Source')).toBe('redis');
    expect(b.queries(second.res)).toBe(0);
    expect(second.text).toBe(first.text);
    expect((await check(b, addon.guid)).res.headers.get('X-Trove-Source')).toBe('memory');
  });

  it('a write by one origin is seen at once by another whose caches were warm', async () => {
    const addon = addonFactory({ versions: [versionFactory({ version: '1.0' })] });
    await b.container.catalogue.importAddons([addon]);
    await check(a, addon.guid);
    expect((await check(a, addon.guid)).res.headers.get('X-Trove-Source')).toBe('memory');
    await b.container.catalogue.importAddons([{ ...addon, versions: [versionFactory({ version: '2.0' })] }]);
    await new Promise((resolve) => setTimeout(resolve, 50)); // the pub/sub message crossing Redis
    expect((await check(a, addon.guid)).text).toContain('"version":"2.0"');
  });

  it('a write by the trove command reaches a running origin', async () => {
    const guid = 'cli-shared@trove.test';
    runTrove(['import', writeJsonFile({ addons: [catalogueEntry(guid, [{ version: '1.0' }])] })], env());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await check(a, guid)).text).toContain('"version":"1.0"');
    expect((await check(a, guid)).res.headers.get('X-Trove-Source')).toBe('memory');
    const result = runTrove(
      ['import', writeJsonFile({ addons: [catalogueEntry(guid, [{ version: '1.0' }, { version: '1.5' }])] })],
      env(),
    );
    expect(result.code).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await check(a, guid)).text).toContain('"version":"1.5"');
  });

  it('keeps answering when Redis is unreachable, and the heartbeat says which check failed', async () => {
    const broken = await createTestOrigin({ DATABASE_URL: database.url, REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const addon = addonFactory();
      await a.container.catalogue.importAddons([addon]);
      const res = await check(broken, addon.guid);
      expect(res.res.status).toBe(200);
      expect(res.text).toContain(addon.guid);
      const heartbeat = await broken.app.request('/__heartbeat__');
      expect(heartbeat.status).toBe(500);
      expect(await heartbeat.json()).toMatchObject({ database: { state: true }, cache: { state: false } });
    } finally {
      await broken.close();
    }
  });
});
