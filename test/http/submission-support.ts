import { SignJWT } from 'jose';
import type { createTestOrigin } from '../support/test-origin.ts';

export type TestOrigin = Awaited<ReturnType<typeof createTestOrigin>>;

export interface Developer {
  readonly id: number;
  readonly username: string;
  readonly key: string;
  readonly secret: string;
}

let users = 0;

/** A user with an API key who accepted the developer agreement (and is a reviewer when asked). */
export async function developerFactory(
  origin: TestOrigin,
  opts: { reviewer?: boolean; agree?: boolean } = {},
): Promise<Developer> {
  const username = `dev${++users}_${Math.random().toString(36).slice(2, 8)}`;
  const { accounts, accountStore } = origin.container;
  const { account } = await accounts.signUp({
    username,
    email: `${username}@trove.test`,
    password: 'correct horse battery',
  });
  if (opts.reviewer)
    await accountStore.joinGroups(account.id, [{ name: 'reviewers', rules: 'Addons:Review' }]);
  if (opts.agree !== false) await accounts.acceptDeveloperAgreement(account.id);
  const { key, secret } = await accounts.createApiKey(account.id);
  return { id: account.id, username, key, secret };
}

/** A token as web-ext signs it (`iat` now, `exp` in 300 s), with claims and times overridable. */
export async function jwtFor(
  who: Pick<Developer, 'key' | 'secret'>,
  opts: { iat?: number; exp?: number; secret?: string; claims?: Record<string, unknown> } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const iat = opts.iat ?? now;
  return new SignJWT({ iss: who.key, ...opts.claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt(iat)
    .setExpirationTime(opts.exp ?? iat + 300)
    .sign(new TextEncoder().encode(opts.secret ?? who.secret));
}

/** Requests signed with a fresh JWT of `who` (or anonymous with null), as web-ext makes them. */
export function apiAs(origin: TestOrigin, who: Developer | null) {
  const headers = async (): Promise<Record<string, string>> =>
    who
      ? { Authorization: `JWT ${await jwtFor(who)}`, Accept: 'application/json' }
      : { Accept: 'application/json' };
  return {
    async upload(bytes: Uint8Array, opts: { filename?: string; channel?: string } = {}) {
      const form = new FormData();
      form.set('channel', opts.channel ?? 'unlisted');
      form.set('upload', new File([bytes as Uint8Array<ArrayBuffer>], opts.filename ?? 'extension.zip'));
      return origin.app.request('/api/v5/addons/upload/', {
        method: 'POST',
        body: form,
        headers: await headers(),
      });
    },
    async get(path: string) {
      return origin.app.request(path, { headers: await headers() });
    },
    async send(method: string, path: string, body?: unknown) {
      return origin.app.request(path, {
        method,
        headers: { ...(await headers()), 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    },
  };
}

/** Polls the upload until it is processed, as web-ext does; resolves to the upload object. */
export async function processedUpload(
  origin: TestOrigin,
  who: Developer,
  uuid: string,
  timeoutMs = 30_000,
): Promise<Record<string, unknown>> {
  const started = Date.now();
  for (;;) {
    const res = await apiAs(origin, who).get(`/api/v5/addons/upload/${uuid}/`);
    const body = (await res.json()) as Record<string, unknown>;
    if (body.processed) return body;
    if (Date.now() - started > timeoutMs) throw new Error(`upload ${uuid} not processed in time`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Uploads `bytes` and waits for its validation; resolves to the processed upload object. */
export async function uploadAndValidate(
  origin: TestOrigin,
  who: Developer,
  bytes: Uint8Array,
  channel: 'listed' | 'unlisted' = 'unlisted',
): Promise<Record<string, unknown> & { uuid: string }> {
  const res = await apiAs(origin, who).upload(bytes, { channel });
  if (res.status !== 201) throw new Error(`upload refused: ${res.status} ${await res.text()}`);
  const { uuid } = (await res.json()) as { uuid: string };
  return (await processedUpload(origin, who, uuid)) as Record<string, unknown> & { uuid: string };
}

export const sha256Hex = async (bytes: Uint8Array) =>
  `sha256:${Buffer.from(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)).toString('hex')}`;
