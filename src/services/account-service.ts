import {
  type Account,
  type ProfileInput,
  profileInput,
  type SignUpInput,
  signUpInput,
} from '../domain/accounts.ts';
import { TroveError } from '../domain/errors.ts';
import type { AccountStore, Clock, PasswordHasher, RateLimiter, SessionStore } from '../domain/ports.ts';
import { jwtFromHeader, verifyApiToken } from './jwt-auth.ts';

/** Sign-in throttling: per account and per client address, in 15-minute windows. */
export const LOGIN_LIMITS = { perAccount: 5, perAddress: 50, windowSeconds: 900 } as const;
export const SESSION_DAYS = 30;

export interface AccountServiceDeps {
  readonly accounts: AccountStore;
  readonly sessions: SessionStore;
  readonly hasher: PasswordHasher;
  readonly limiter: RateLimiter;
  readonly clock: Clock;
}

export interface SignedIn {
  readonly account: Account;
  /** The cookie value; only its hash is stored. */
  readonly token: string;
  readonly csrf: string;
  readonly expires: Date;
}

function randomHex(bytes: number): string {
  const buf = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(buf, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

function invalid(error: {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}): TroveError {
  const details = error.issues.map((i) => `${String(i.path[0] ?? 'input')}: ${i.message}`);
  return new TroveError('InvalidInput', error.issues[0]?.message ?? 'The input is not valid.', { details });
}

/** Sign-up, sign-in, sessions, profiles and API keys. */
export class AccountService {
  readonly #deps: AccountServiceDeps;

  constructor(deps: AccountServiceDeps) {
    this.#deps = deps;
  }

  async signUp(input: Partial<SignUpInput>): Promise<SignedIn> {
    const parsed = signUpInput.safeParse(input);
    if (!parsed.success) throw invalid(parsed.error);
    const { username, email, password } = parsed.data;
    const passwordHash = await this.#deps.hasher.hash(password);
    const id = await this.#deps.accounts.createUser(
      { username, email, displayName: parsed.data.displayName ?? username, passwordHash },
      this.#deps.clock.now(),
    );
    return this.#startSession(id);
  }

  /** Throttled per account and per address; the same message whether the login or the password is wrong. */
  async signIn(login: string, password: string, address: string): Promise<SignedIn> {
    const { limiter } = this.#deps;
    const name = login.trim().toLowerCase();
    for (const [key, limit] of [
      [`login:account:${name}`, LOGIN_LIMITS.perAccount],
      [`login:address:${address}`, LOGIN_LIMITS.perAddress],
    ] as const) {
      const hit = await limiter.hit(key, limit, LOGIN_LIMITS.windowSeconds);
      if (!hit.allowed) {
        throw new TroveError('TooManyAttempts', 'Too many sign-in attempts.', {
          hint: `Try again in ${Math.ceil(hit.retryAfterSeconds / 60)} minute(s).`,
        });
      }
    }
    const found = name ? await this.#deps.accounts.findLogin(login.trim()) : null;
    const ok = found?.passwordHash ? await this.#deps.hasher.verify(found.passwordHash, password) : false;
    if (!found || !ok) throw new TroveError('BadCredentials', 'The username or password is not right.');
    await limiter.reset(`login:account:${name}`);
    return this.#startSession(found.account.id);
  }

  async #startSession(userId: number): Promise<SignedIn> {
    const account = await this.#deps.accounts.findAccount(userId);
    if (!account) throw new TroveError('NotFound', 'That account does not exist.');
    const token = randomHex(32);
    const csrf = randomHex(16);
    const now = this.#deps.clock.now();
    const expires = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
    await this.#deps.sessions.create({ id: await sha256Hex(token), userId, csrf, expires }, now);
    return { account, token, csrf, expires };
  }

  /** The session's account and CSRF token; null for an unknown, expired or deleted session. */
  async session(token: string): Promise<{ readonly account: Account; readonly csrf: string } | null> {
    if (!/^[0-9a-f]{64}$/.test(token)) return null;
    const found = await this.#deps.sessions.find(await sha256Hex(token), this.#deps.clock.now());
    if (!found) return null;
    const account = await this.#deps.accounts.findAccount(found.userId);
    return account ? { account, csrf: found.csrf } : null;
  }

  async signOut(token: string): Promise<void> {
    await this.#deps.sessions.delete(await sha256Hex(token));
  }

  async updateProfile(userId: number, input: Partial<ProfileInput>): Promise<Account> {
    const parsed = profileInput.safeParse(input);
    if (!parsed.success) throw invalid(parsed.error);
    await this.#deps.accounts.updateProfile(userId, parsed.data);
    const account = await this.#deps.accounts.findAccount(userId);
    if (!account) throw new TroveError('NotFound', 'That account does not exist.');
    return account;
  }

  async deleteAccount(userId: number): Promise<void> {
    await this.#deps.accounts.deleteUser(userId);
  }

  async acceptDeveloperAgreement(userId: number): Promise<void> {
    await this.#deps.accounts.acceptDeveloperAgreement(userId, this.#deps.clock.now());
  }

  /** A new API key (revoking the previous one); the secret is shown once. */
  async createApiKey(userId: number): Promise<{ readonly key: string; readonly secret: string }> {
    const secret = randomHex(32);
    const key = await this.#deps.accounts.createApiKey(userId, secret, this.#deps.clock.now());
    return { key, secret };
  }

  /** The user's active key and secret (shown on the developer hub), or null. */
  currentApiKey(userId: number) {
    return this.#deps.accounts.findApiKey({ userId });
  }

  revokeApiKeys(userId: number): Promise<number> {
    return this.#deps.accounts.revokeApiKeys(userId);
  }

  /** The account behind `Authorization: JWT …` (amo.md b.8); null when the header is not a JWT one. */
  async authenticateJwt(header: string | undefined | null): Promise<Account | null> {
    const token = jwtFromHeader(header);
    if (token === null) return null;
    const nowSeconds = Math.floor(this.#deps.clock.now().getTime() / 1000);
    const userId = await verifyApiToken(token, (key) => this.#deps.accounts.findApiKey({ key }), nowSeconds);
    const account = await this.#deps.accounts.findAccount(userId);
    if (!account) throw new TroveError('NotAuthenticated', 'User account is disabled.');
    if (!account.readDevAgreement)
      throw new TroveError('NotAuthenticated', 'User has not read developer agreement.');
    return account;
  }
}
