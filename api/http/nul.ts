// PostgreSQL text cannot hold the NUL character (U+0000): a string with one would fail deep in the
// database with a 500. Refuse it at the door, for every body and query, with the field that holds it.
import type { RequestHandler } from 'express';
import { ApiError } from './errors.ts';

const MAX_DEPTH = 64;

/** The path of the first string (or key) holding U+0000, or null. */
export function findNul(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || '(body)' : null;
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return null;
  for (const [key, inner] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) return at;
    const found = findNul(inner, at, depth + 1);
    if (found) return found;
  }
  return null;
}

export const rejectNul: RequestHandler = (req, _res, next) => {
  const at = findNul(req.body) ?? findNul(req.query);
  if (at) return next(new ApiError(400, 'validation', `The field ${at} contains a NUL character (U+0000), which cannot be stored.`, [{ path: at, message: 'must not contain U+0000' }]));
  next();
};
