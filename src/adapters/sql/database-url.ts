import path from 'node:path';

export type DatabaseTarget =
  | { readonly dialect: 'sqlite'; readonly file: string }
  | {
      readonly dialect: 'mysql';
      readonly host: string;
      readonly port: number;
      readonly user: string;
      readonly password: string;
      readonly database: string;
    }
  | { readonly dialect: 'planetscale'; readonly url: string };

/**
 * Picks the back end from the URL's scheme: `sqlite:PATH` (the embedded default), `mysql://` or
 * `mariadb://`, `planetscale://user:pass@host` (HTTPS) or `planetscale+http://…` (a local
 * PlanetScale-compatible server). Throws a message that says which schemes are understood.
 */
export function parseDatabaseUrl(raw: string, baseDir: string): DatabaseTarget {
  const scheme = raw.slice(0, raw.indexOf(':') + 1).toLowerCase();
  if (scheme === 'sqlite:' || scheme === 'file:') {
    const rest = raw.slice(scheme.length).replace(/^\/\//, '');
    if (!rest) throw new Error(`${raw}: a sqlite URL needs a file path, e.g. sqlite:.trove/trove.db`);
    return { dialect: 'sqlite', file: path.resolve(baseDir, rest) };
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(
      `"${raw}" is not a URL; use sqlite:PATH, mysql://user:pass@host:3306/db or planetscale://…`,
    );
  }
  if (scheme === 'mysql:' || scheme === 'mariadb:') {
    const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
    if (!database)
      throw new Error(`${redact(raw)}: name the database in the path, e.g. mysql://root@127.0.0.1/trove`);
    return {
      dialect: 'mysql',
      host: url.hostname || '127.0.0.1',
      port: url.port ? Number(url.port) : 3306,
      user: decodeURIComponent(url.username || 'root'),
      password: decodeURIComponent(url.password),
      database,
    };
  }
  if (scheme === 'planetscale:' || scheme === 'planetscale+http:' || scheme === 'planetscale+https:') {
    const protocol = scheme === 'planetscale+http:' ? 'http:' : 'https:';
    if (!url.password) throw new Error(`${redact(raw)}: PlanetScale needs a username and a password`);
    return { dialect: 'planetscale', url: `${protocol}//${url.username}:${url.password}@${url.host}` };
  }
  throw new Error(
    `${redact(raw)}: unknown database scheme "${scheme}"; use sqlite:, mysql:, mariadb:, planetscale: or planetscale+http:`,
  );
}

/** The URL without its password, for messages and logs. */
export function redact(raw: string): string {
  return raw.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
}
