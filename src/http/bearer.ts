/** Compares secrets in time independent of where they differ. */
function sameSecret(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/** True when the request carries `Authorization: Bearer <token>` for this (configured) token. */
export function bearerMatches(authorization: string | null | undefined, token: string | null): boolean {
  const header = authorization ?? '';
  return token !== null && header.startsWith('Bearer ') && sameSecret(header.slice(7), token);
}
