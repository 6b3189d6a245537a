import { SignJWT } from 'jose';
import type { Account } from '../../src/domain/accounts.ts';
import type { Container } from '../../src/origin/container.ts';

/** A signed-up person with a session (cookie + CSRF token) and an API key (for `Authorization: JWT`). */
export interface Person {
  readonly account: Account;
  readonly token: string;
  readonly csrf: string;
  readonly key: { readonly key: string; readonly secret: string };
}

let people = 0;

/** Signs up `name` (made unique), accepts the developer agreement, creates an API key, joins `rules`. */
export async function signUpPerson(container: Container, name: string, rules?: string): Promise<Person> {
  const username = `${name}${++people}`;
  const session = await container.accounts.signUp({
    username,
    email: `${username}@trove.test`,
    password: 'correct horse battery',
  });
  const id = session.account.id;
  await container.accounts.acceptDeveloperAgreement(id);
  if (rules) await container.accountStore.joinGroups(id, [{ name: `group-${username}`, rules }]);
  const key = await container.accounts.createApiKey(id);
  const account = (await container.accounts.session(session.token))?.account ?? session.account;
  return { account, token: session.token, csrf: session.csrf, key };
}

/** `Authorization: JWT …` for the person's API key, valid for a minute. */
export async function jwtHeader(person: Person): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(person.key.key)
    .setIssuedAt(now)
    .setExpirationTime(now + 60)
    .sign(new TextEncoder().encode(person.key.secret));
  return `JWT ${token}`;
}

export interface Call {
  /** Who asks; null is anonymous. */
  readonly as?: Person | null;
  /** `jwt` (default) sends the API key's token; `session` the cookie, with the CSRF header unless `csrf: false`. */
  readonly via?: 'jwt' | 'session';
  readonly csrf?: boolean;
  /** A JSON body. */
  readonly json?: unknown;
  /** A form body (`application/x-www-form-urlencoded`). */
  readonly form?: Record<string, string>;
}

/** Request headers and body for `app.request(path, init)`. */
export async function callInit(method: string, call: Call = {}): Promise<RequestInit> {
  const headers: Record<string, string> = {};
  if (call.as && (call.via ?? 'jwt') === 'jwt') headers.Authorization = await jwtHeader(call.as);
  if (call.as && call.via === 'session') {
    headers.Cookie = `trove_session=${call.as.token}`;
    if (call.csrf !== false && !call.form) headers['X-CSRF-Token'] = call.as.csrf;
  }
  let body: string | undefined;
  if (call.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(call.json);
  } else if (call.form) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    const fields = { ...call.form };
    if (call.as && call.via === 'session' && call.csrf !== false) fields.csrf = call.as.csrf;
    body = new URLSearchParams(fields).toString();
  }
  return { method, headers, body };
}
