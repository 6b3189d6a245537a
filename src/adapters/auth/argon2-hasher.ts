import { hash, verify } from '@node-rs/argon2';
import type { PasswordHasher } from '../../domain/ports.ts';

/** argon2id with the library's defaults (OWASP's: 19 MiB, 2 iterations, 1 lane). */
export class Argon2Hasher implements PasswordHasher {
  hash(password: string): Promise<string> {
    return hash(password);
  }

  async verify(stored: string, password: string): Promise<boolean> {
    try {
      return await verify(stored, password);
    } catch {
      return false;
    }
  }
}
