// Password hashing with Argon2id (memory-hard; OWASP's recommended parameters are the library's
// defaults) and the password rules the room's accounts must meet.
import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

export const hashPassword = (password: string): Promise<string> => hash(password);

let dummyHash: Promise<string> | undefined;

/**
 * Checks a password against a stored hash. Without a hash (unknown user, no password set) it still
 * spends the time of one verification, so response times do not tell which usernames exist.
 */
export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  try {
    if (!passwordHash) {
      await verify(await (dummyHash ??= hash(oneTimePassword())), password);
      return false;
    }
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed stored hash never signs anybody in
  }
}

/** Why a new password is not acceptable, or null when it is. */
export function passwordProblem(password: string, username: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters`;
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) return 'must contain letters and digits';
  if (password.toLowerCase().includes(username.toLowerCase())) return 'must not contain the username';
  return null;
}

const ONE_TIME_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';

/** A one-time password that meets the rules: letters and digits, no look-alike characters. */
export function oneTimePassword(length = 16): string {
  for (;;) {
    const candidate = Array.from({ length }, () => ONE_TIME_ALPHABET[randomInt(ONE_TIME_ALPHABET.length)]).join('');
    if (/[A-Za-z]/.test(candidate) && /\d/.test(candidate)) return candidate;
  }
}
