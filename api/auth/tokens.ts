// Opaque bearer secrets. Each kind has a prefix so the hub knows which table to look in and a
// leaked string in a log tells what it is. Only a SHA-256 hash is ever stored.
import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_PREFIX = { session: 'cws_', display: 'cwd_', apiKey: 'cwk_' } as const;
export type TokenKind = keyof typeof TOKEN_PREFIX;

const SECRET_BYTES = 32;

export function newToken(kind: TokenKind): string {
  return TOKEN_PREFIX[kind] + randomBytes(SECRET_BYTES).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function kindOfToken(token: string): TokenKind | null {
  for (const [kind, prefix] of Object.entries(TOKEN_PREFIX)) if (token.startsWith(prefix)) return kind as TokenKind;
  return null;
}
