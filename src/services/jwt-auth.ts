import { decodeJwt, errors, jwtVerify } from 'jose';
import { TroveError } from '../domain/errors.ts';

/** AMO's limits (settings `JWT_LEEWAY`, `MAX_APIKEY_JWT_AUTH_TOKEN_LIFETIME`). */
export const JWT_LEEWAY_SECONDS = 5;
export const JWT_MAX_LIFETIME_SECONDS = 300;

/** A 401 with AMO's exact message (amo.md b.8). */
function refused(message: string): TroveError {
  return new TroveError('NotAuthenticated', message);
}

/** The token of `Authorization: JWT <token>`, with AMO's messages for malformed headers; null when absent. */
export function jwtFromHeader(header: string | undefined | null): string | null {
  if (!header) return null;
  const parts = header.split(' ');
  if (parts[0]?.toLowerCase() !== 'jwt') return null;
  if (parts.length === 1 || parts[1] === '') {
    throw refused('Invalid Authorization header. No credentials provided.');
  }
  if (parts.length > 2)
    throw refused('Invalid Authorization header. Credentials string should not contain spaces.');
  return parts[1] ?? null;
}

/**
 * Verifies an API token as AMO's `JWTKeyAuthentication` does: `iss` names the key, HS256 with its secret,
 * `iat` and `exp` required, 5 s of leeway, at most 300 s of life, no `orig_iat`; `jti` is not required.
 * Resolves to the key's owner.
 */
export async function verifyApiToken(
  token: string,
  findKey: (key: string) => Promise<{ readonly userId: number; readonly secret: string } | null>,
  nowSeconds: number,
): Promise<number> {
  let claims: ReturnType<typeof decodeJwt>;
  try {
    claims = decodeJwt(token);
  } catch {
    throw refused('Error decoding signature.');
  }
  if (typeof claims.iss !== 'string' || claims.iss === '')
    throw refused('JWT iss (issuer) claim is missing.');
  const key = await findKey(claims.iss);
  if (!key) throw refused('Unknown JWT iss (issuer).');
  try {
    await jwtVerify(token, new TextEncoder().encode(key.secret), {
      algorithms: ['HS256'],
      clockTolerance: JWT_LEEWAY_SECONDS,
      currentDate: new Date(nowSeconds * 1000),
      requiredClaims: ['iat', 'exp'],
    });
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw refused('Signature has expired.');
    if (error instanceof errors.JWTClaimValidationFailed && error.reason === 'missing') {
      throw refused(`Token is missing the "${error.claim}" claim.`);
    }
    throw refused('Error decoding signature.');
  }
  const iat = Number(claims.iat);
  const exp = Number(claims.exp);
  if (iat > nowSeconds + JWT_LEEWAY_SECONDS) {
    throw refused(
      'JWT iat (issued at time) is invalid. Make sure your system clock is synchronized with something like NTP.',
    );
  }
  if (exp - iat > JWT_MAX_LIFETIME_SECONDS) {
    throw refused(`JWT exp (expiration) is too long. Maximum is ${JWT_MAX_LIFETIME_SECONDS} seconds.`);
  }
  if ('orig_iat' in claims) throw refused('orig_iat field not allowed.');
  return key.userId;
}
