import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/sql/open-database.ts';
import { runTrove } from '../support/run-trove.ts';
import { tempSqliteUrl } from '../support/sql-backend.ts';

describe('trove user / trove apikey (operators managing people)', () => {
  const temp = tempSqliteUrl();
  const env = { DATABASE_URL: temp.url, TROVE_DATA_DIR: temp.dir };
  afterAll(() => temp.cleanup());

  it('creates a user with groups and the developer agreement, then API keys it can revoke', async () => {
    const created = runTrove(
      [
        'user',
        'create',
        '--username',
        'rita',
        '--email',
        'rita@example.org',
        '--password',
        'long-enough-1',
        '--group',
        'reviewers',
        '--agree',
      ],
      env,
    );
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(
      /^Created user rita \(id \d+\): groups reviewers; developer agreement accepted\.$/m,
    );

    const key = runTrove(['apikey', 'create', '--user', 'rita'], env);
    expect(key.code, key.stderr).toBe(0);
    const [, issuer, secret] = /key: (user:\d+:1)\nsecret: ([0-9a-f]{64})/.exec(key.stdout) ?? [];
    expect(issuer).toBeTruthy();

    const db = await openDatabase({ url: temp.url, baseDir: process.cwd() });
    const stored = await db.primary.selectFrom('api_keys').select(['key', 'secret', 'is_active']).execute();
    const rules = await db.primary.selectFrom('groups').select('rules').execute();
    await db.close();
    expect(stored).toEqual([{ key: issuer, secret, is_active: 1 }]);
    expect(rules).toEqual([{ rules: 'Addons:Review' }]);

    const revoked = runTrove(['apikey', 'revoke', '--user', 'rita'], env);
    expect(revoked.stdout).toContain('Revoked 1 API key(s) of rita.');
  });

  it('says what is wrong: a taken username, an unknown group, a missing user', () => {
    const again = runTrove(
      ['user', 'create', '--username', 'rita', '--email', 'other@example.org', '--password', 'long-enough-1'],
      env,
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('That username is already in use.');
    const group = runTrove(
      [
        'user',
        'create',
        '--username',
        'sam',
        '--email',
        'sam@example.org',
        '--password',
        'long-enough-1',
        '--group',
        'wizards',
      ],
      env,
    );
    expect(group.stderr).toContain('unknown group "wizards"');
    const nobody = runTrove(['apikey', 'create', '--user', 'nobody'], env);
    expect(nobody.stderr).toContain('no user "nobody"');
    const short = runTrove(
      ['user', 'create', '--username', 'tia', '--email', 'tia@example.org', '--password', 'short'],
      env,
    );
    expect(short.stderr).toContain('Passwords have at least 10 characters.');
  });
});
