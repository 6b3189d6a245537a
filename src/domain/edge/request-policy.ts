import { EDGE_INTERNAL_PREFIX } from './cache-key.ts';

/** The cookie that marks a signed-in visitor; the edge routes on it (issue 5 sets it). */
export const SESSION_COOKIE = 'trove_session';

/**
 * Paths that are personal whatever their extension or the origin's headers: never stored in a shared cache
 * (cache deception: `/en-US/firefox/account/whatever.css` must not become a public copy of a private page).
 */
const PRIVATE_SEGMENTS = new Set(['account', 'accounts', 'developers', 'reviewers', 'admin', 'users', 'me']);

/** What the edge does with a request, decided from its method, path and credentials only. */
export type EdgeRoute =
  /** Firefox's update check: answered at the edge from the update chain. */
  | { readonly kind: 'update' }
  /** Anonymous GET/HEAD for a shareable page, API read or asset: served from the edge cache. */
  | { readonly kind: 'cache' }
  /** Sent to the origin untouched and never stored: signed-in, non-GET, a private path, or the edge's own keys. */
  | {
      readonly kind: 'bypass';
      readonly reason: 'credentials' | 'method' | 'private-path' | 'internal';
    };

export interface EdgeRequestFacts {
  readonly method: string;
  readonly path: string;
  readonly cookie: string | null;
  readonly authorization: string | null;
}

export function hasSessionCookie(cookieHeader: string | null): boolean {
  if (!cookieHeader) return false;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === SESSION_COOKIE && part.slice(eq + 1).trim() !== '')
      return true;
  }
  return false;
}

export function isPrivatePath(path: string): boolean {
  for (const segment of path.toLowerCase().split('/')) if (PRIVATE_SEGMENTS.has(segment)) return true;
  return false;
}

export function isUpdatePath(path: string): boolean {
  return path === '/update/' || path === '/update/VersionCheck.php';
}

export function routeEdgeRequest(req: EdgeRequestFacts): EdgeRoute {
  const readOnly = req.method === 'GET' || req.method === 'HEAD';
  if (readOnly && isUpdatePath(req.path)) return { kind: 'update' };
  if (!readOnly) return { kind: 'bypass', reason: 'method' };
  if (req.authorization || hasSessionCookie(req.cookie)) return { kind: 'bypass', reason: 'credentials' };
  if (isPrivatePath(req.path)) return { kind: 'bypass', reason: 'private-path' };
  if (req.path.startsWith(EDGE_INTERNAL_PREFIX)) return { kind: 'bypass', reason: 'internal' };
  return { kind: 'cache' };
}
