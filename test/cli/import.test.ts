import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateQuery } from '../support/factories.ts';
import { catalogueEntry, runTrove, writeJsonFile } from '../support/run-trove.ts';
import { tempSqliteUrl } from '../support/sql-backend.ts';
import { createTestOrigin } from '../support/test-origin.ts';

interface UpdateBody {
  addons: Record<string, { updates: { version: string; update_link: string }[] }>;
}

describe('trove import (SQLite, a second process)', () => {
  const temp = tempSqliteUrl();
  const env = { DATABASE_URL: temp.url, TROVE_DATA_DIR: temp.dir };
  let origin: Awaited<ReturnType<typeof createTestOrigin>>;
  const check = async (guid: string) => {
    const res = await origin.app.request(`/update/?${updateQuery(guid)}`);
    return { res, body: (await res.json()) as UpdateBody };
  };

  beforeAll(async () => {
    const first = runTrove(
      [
        'import',
        writeJsonFile({
          addons: [catalogueEntry('sorter@trove.test', [{ version: '1.0', id: 500, fileId: 600 }])],
        }),
      ],
      env,
    );
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain('1 add-ons added, 0 replaced');
    origin = await createTestOrigin(env);
  });
  afterAll(async () => {
    await origin.close();
    temp.cleanup();
  });

  it('loads the file so update checks give AMO’s answer, keeping the ids given', async () => {
    const { body } = await check('sorter@trove.test');
    expect(body.addons['sorter@trove.test']?.updates[0]).toMatchObject({
      version: '1.0',
      update_link: 'https://trove.test/firefox/downloads/file/600/sorter-1.0.xpi',
    });
  });

  it('is seen by a running origin right after the command commits, though its cache was warm', async () => {
    await check('sorter@trove.test');
    const warm = await check('sorter@trove.test');
    expect(origin.queries(warm.res)).toBe(0);
    const result = runTrove(
      [
        'import',
        writeJsonFile({
          addons: [catalogueEntry('sorter@trove.test', [{ version: '1.0' }, { version: '1.1' }])],
        }),
      ],
      env,
    );
    expect(result.stdout).toContain('0 add-ons added, 1 replaced');
    const fresh = await check('sorter@trove.test');
    expect(fresh.body.addons['sorter@trove.test']?.updates[0]?.version).toBe('1.1');
  });

  it('refuses an invalid file, naming the field by its JSON path, and writes nothing', async () => {
    const good = catalogueEntry('other@trove.test', [{ version: '1.0' }]);
    const bad = catalogueEntry('broken@trove.test', [{ version: '1.0' }]);
    (bad.versions[0]?.file as { hash: string }).hash = 'md5:nope';
    const result = runTrove(['import', writeJsonFile({ addons: [good, bad] })], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('addons[1].versions[0].file.hash');
    expect(result.stderr).toContain('nothing was written');
    expect((await check('other@trove.test')).body).toEqual({});
    expect((await check('sorter@trove.test')).body.addons['sorter@trove.test']?.updates[0]?.version).toBe(
      '1.1',
    );
  });

  it.each([
    ['addons[0].slug', { addons: [{ guid: 'x@y' }] }],
    [
      'addons[0].categories',
      { addons: [{ ...catalogueEntry('z@trove.test', []), categories: ['tabs', 'bookmarks', 'shopping'] }] },
    ],
    [
      'addons[0].categories[0]',
      { addons: [{ ...catalogueEntry('z@trove.test', []), categories: ['nature'] }] },
    ],
    ['addons[0].guid', { addons: [{ ...catalogueEntry('not a guid', []) }] }],
    ['addons[1].guid', { addons: [catalogueEntry('d@trove.test', []), catalogueEntry('d@trove.test', [])] }],
    ['addons', { nothing: true }],
  ])('names the offending field %s', (path, data) => {
    const result = runTrove(['import', writeJsonFile(data)], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(path);
  });

  it('says so when the file is missing or not JSON', () => {
    expect(runTrove(['import', '/nonexistent/catalogue.json'], env).stderr).toContain('cannot read');
    const notJson = runTrove(['import', writeJsonFile('{"addons": [')], env);
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toContain('is not valid JSON');
  });

  it('explains a bad DATABASE_URL instead of crashing', () => {
    const result = runTrove(['import', writeJsonFile({ addons: [] })], { DATABASE_URL: 'oracle://nope' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('unknown database scheme');
  });
});
