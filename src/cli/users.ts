import { PERMISSIONS } from '../domain/accounts.ts';
import type { Container } from '../origin/container.ts';
import { UsageError } from './usage-error.ts';

/** Groups the command knows by name; `NAME=Rules:Like,This:*` defines any other. */
export const BUILT_IN_GROUPS: Readonly<Record<string, string>> = {
  reviewers: PERMISSIONS.addonsReview,
  curators: PERMISSIONS.adminCuration,
  moderators: PERMISSIONS.ratingsModerate,
  admins: '*:*',
};

function groupOf(spec: string): { name: string; rules: string } {
  const eq = spec.indexOf('=');
  if (eq > 0) return { name: spec.slice(0, eq), rules: spec.slice(eq + 1) };
  const rules = BUILT_IN_GROUPS[spec];
  if (!rules) {
    throw new UsageError(
      `trove: unknown group "${spec}": use one of ${Object.keys(BUILT_IN_GROUPS).join(', ')}, or NAME=App:Action,…`,
    );
  }
  return { name: spec, rules };
}

export interface UserOptions {
  username?: string;
  email?: string;
  password?: string;
  group?: string[];
  agree?: boolean;
  user?: string;
}

/** `trove user create --username U --email E --password P [--group reviewers]… [--agree]` */
export async function runUser(
  container: Container,
  action: string | undefined,
  opts: UserOptions,
): Promise<number> {
  if (action !== 'create')
    throw new UsageError(
      'Usage: trove user create --username U --email E --password P [--group G]… [--agree]',
    );
  const { username, email, password } = opts;
  if (!username || !email || !password)
    throw new UsageError('trove user create needs --username, --email and --password.');
  const groups = (opts.group ?? []).map(groupOf);
  const { account } = await container.accounts.signUp({ username, email, password });
  const store = container.accountStore;
  if (groups.length > 0) await store.joinGroups(account.id, groups);
  if (opts.agree) await container.accounts.acceptDeveloperAgreement(account.id);
  const extras = [
    groups.length ? `groups ${groups.map((g) => g.name).join(', ')}` : '',
    opts.agree ? 'developer agreement accepted' : '',
  ]
    .filter(Boolean)
    .join('; ');
  console.log(`Created user ${account.username} (id ${account.id})${extras ? `: ${extras}` : ''}.`);
  return 0;
}

/** `trove apikey create --user U` prints a new key and secret; `trove apikey revoke --user U`. */
export async function runApiKey(
  container: Container,
  action: string | undefined,
  opts: UserOptions,
): Promise<number> {
  if ((action !== 'create' && action !== 'revoke') || !opts.user) {
    throw new UsageError('Usage: trove apikey create|revoke --user USERNAME');
  }
  const found = await container.accountStore.findLogin(opts.user);
  if (!found) throw new UsageError(`trove: no user "${opts.user}".`);
  if (action === 'revoke') {
    const revoked = await container.accounts.revokeApiKeys(found.account.id);
    console.log(`Revoked ${revoked} API key(s) of ${found.account.username}.`);
    return 0;
  }
  if (!found.account.readDevAgreement) await container.accounts.acceptDeveloperAgreement(found.account.id);
  const { key, secret } = await container.accounts.createApiKey(found.account.id);
  console.log(`key: ${key}\nsecret: ${secret}`);
  return 0;
}
