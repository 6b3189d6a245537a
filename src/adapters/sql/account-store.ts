import type { Kysely } from 'kysely';
import { type Account, apiKeyFor, type ProfileInput } from '../../domain/accounts.ts';
import { TroveError } from '../../domain/errors.ts';
import type { AccountStore, NewAccount, SessionStore } from '../../domain/ports.ts';
import { fromSqlDate, toSqlDate } from './rows.ts';
import type { DB } from './schema.ts';

function isDuplicate(error: unknown, index: string): boolean {
  const text = `${(error as { code?: string }).code ?? ''} ${String(error)}`;
  return /UNIQUE constraint|Duplicate entry|ER_DUP_ENTRY/i.test(text) && text.includes(index);
}

/** Accounts, groups and API keys in SQL (always the primary: sign-in must see a sign-up at once). */
export class SqlAccountStore implements AccountStore {
  readonly #db: Kysely<DB>;

  constructor(db: Kysely<DB>) {
    this.#db = db;
  }

  async createUser(user: NewAccount, now: Date): Promise<number> {
    const taken = await this.#db
      .selectFrom('users')
      .select(['username', 'email'])
      .where((eb) => eb.or([eb('username', '=', user.username), eb('email', '=', user.email)]))
      .execute();
    if (taken.some((t) => t.username === user.username))
      throw new TroveError('UsernameTaken', 'That username is already in use.');
    if (taken.some((t) => t.email === user.email)) {
      throw new TroveError('EmailTaken', 'An account with that email address already exists.');
    }
    try {
      const result = await this.#db
        .insertInto('users')
        .values({
          username: user.username,
          display_name: user.displayName,
          email: user.email,
          password_hash: user.passwordHash,
          created: toSqlDate(now),
        })
        .executeTakeFirstOrThrow();
      return Number(result.insertId);
    } catch (error) {
      if (isDuplicate(error, 'email'))
        throw new TroveError('EmailTaken', 'An account with that email address already exists.');
      if (isDuplicate(error, 'username'))
        throw new TroveError('UsernameTaken', 'That username is already in use.');
      throw error;
    }
  }

  async findLogin(login: string) {
    const column = login.includes('@') ? 'email' : 'username';
    const row = await this.#db
      .selectFrom('users')
      .select(['id', 'password_hash'])
      .where(column, '=', column === 'email' ? login.toLowerCase() : login)
      .where('deleted', '=', 0)
      .executeTakeFirst();
    if (!row) return null;
    const account = await this.findAccount(Number(row.id));
    return account ? { account, passwordHash: row.password_hash } : null;
  }

  async findAccount(userId: number): Promise<Account | null> {
    const [row, groups] = await Promise.all([
      this.#db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', userId)
        .where('deleted', '=', 0)
        .executeTakeFirst(),
      this.#db
        .selectFrom('groups_users as gu')
        .innerJoin('groups as g', 'g.id', 'gu.group_id')
        .select('g.rules')
        .where('gu.user_id', '=', userId)
        .execute(),
    ]);
    if (!row) return null;
    return {
      id: Number(row.id),
      username: row.username,
      displayName: row.display_name,
      email: row.email,
      pictureUrl: row.picture_url,
      rules: groups.flatMap((g) =>
        g.rules
          .split(',')
          .map((r) => r.trim())
          .filter(Boolean),
      ),
      readDevAgreement: row.read_dev_agreement !== null,
      created: fromSqlDate(row.created),
    };
  }

  async updateProfile(userId: number, changes: ProfileInput): Promise<void> {
    const values: Partial<{ display_name: string; username: string; picture_url: string | null }> = {};
    if (changes.displayName !== undefined) values.display_name = changes.displayName;
    if (changes.username !== undefined) values.username = changes.username;
    if (changes.pictureUrl !== undefined) values.picture_url = changes.pictureUrl;
    if (Object.keys(values).length === 0) return;
    try {
      await this.#db.updateTable('users').set(values).where('id', '=', userId).execute();
    } catch (error) {
      if (isDuplicate(error, 'username'))
        throw new TroveError('UsernameTaken', 'That username is already in use.');
      throw error;
    }
  }

  async deleteUser(userId: number): Promise<void> {
    await this.#db.transaction().execute(async (tx) => {
      await tx
        .updateTable('users')
        .set({
          deleted: 1,
          email: null,
          password_hash: null,
          picture_url: null,
          display_name: 'Deleted user',
          username: `deleted-${userId}`,
        })
        .where('id', '=', userId)
        .execute();
      await tx.deleteFrom('sessions').where('user_id', '=', userId).execute();
      await tx.updateTable('api_keys').set({ is_active: 0 }).where('user_id', '=', userId).execute();
      await tx.deleteFrom('groups_users').where('user_id', '=', userId).execute();
    });
  }

  async joinGroups(
    userId: number,
    groups: readonly { readonly name: string; readonly rules: string }[],
  ): Promise<void> {
    for (const group of groups) {
      let row = await this.#db
        .selectFrom('groups')
        .select('id')
        .where('name', '=', group.name)
        .executeTakeFirst();
      if (!row) {
        const inserted = await this.#db
          .insertInto('groups')
          .values({ name: group.name, rules: group.rules })
          .executeTakeFirstOrThrow();
        row = { id: Number(inserted.insertId) };
      }
      const member = await this.#db
        .selectFrom('groups_users')
        .select('user_id')
        .where('group_id', '=', Number(row.id))
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (!member)
        await this.#db
          .insertInto('groups_users')
          .values({ group_id: Number(row.id), user_id: userId })
          .execute();
    }
  }

  async acceptDeveloperAgreement(userId: number, now: Date): Promise<void> {
    await this.#db
      .updateTable('users')
      .set({ read_dev_agreement: toSqlDate(now) })
      .where('id', '=', userId)
      .execute();
  }

  async createApiKey(userId: number, secret: string, now: Date): Promise<string> {
    return this.#db.transaction().execute(async (tx) => {
      await tx.updateTable('api_keys').set({ is_active: 0 }).where('user_id', '=', userId).execute();
      const count = await tx
        .selectFrom('api_keys')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow();
      const key = apiKeyFor(userId, Number(count.n) + 1);
      await tx
        .insertInto('api_keys')
        .values({ user_id: userId, key, secret, is_active: 1, created: toSqlDate(now) })
        .execute();
      return key;
    });
  }

  async findApiKey(ref: { readonly key: string } | { readonly userId: number }) {
    const row = await this.#db
      .selectFrom('api_keys')
      .select(['key', 'user_id', 'secret'])
      .$if('key' in ref, (q) => q.where('key', '=', (ref as { key: string }).key))
      .$if('userId' in ref, (q) => q.where('user_id', '=', (ref as { userId: number }).userId))
      .where('is_active', '=', 1)
      .executeTakeFirst();
    return row ? { key: row.key, userId: Number(row.user_id), secret: row.secret } : null;
  }

  async revokeApiKeys(userId: number): Promise<number> {
    const result = await this.#db
      .updateTable('api_keys')
      .set({ is_active: 0 })
      .where('user_id', '=', userId)
      .where('is_active', '=', 1)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}

/** Sessions in SQL, by token hash. */
export class SqlSessionStore implements SessionStore {
  readonly #db: Kysely<DB>;

  constructor(db: Kysely<DB>) {
    this.#db = db;
  }

  async create(
    session: { id: string; userId: number; csrf: string; expires: Date },
    now: Date,
  ): Promise<void> {
    await this.#db
      .insertInto('sessions')
      .values({
        id: session.id,
        user_id: session.userId,
        csrf: session.csrf,
        created: toSqlDate(now),
        expires: toSqlDate(session.expires),
      })
      .execute();
  }

  async find(id: string, now: Date) {
    const row = await this.#db
      .selectFrom('sessions')
      .select(['user_id', 'csrf'])
      .where('id', '=', id)
      .where('expires', '>', toSqlDate(now))
      .executeTakeFirst();
    return row ? { userId: Number(row.user_id), csrf: row.csrf } : null;
  }

  async delete(id: string): Promise<void> {
    await this.#db.deleteFrom('sessions').where('id', '=', id).execute();
  }

  async deleteForUser(userId: number): Promise<void> {
    await this.#db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  }
}
