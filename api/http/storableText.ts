// Text the database cannot store as sent must be refused at the door, with the field that holds it,
// never changed on the way in: PostgreSQL text holds no NUL (U+0000: a 500 deep in the database),
// and a lone UTF-16 surrogate (JSON "\ud800") or bytes that are not UTF-8 would be stored as U+FFFD,
// silently not what the sender wrote.
import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { ApiError } from './errors.ts';

const MAX_DEPTH = 64;

export type TextFault = 'nul' | 'lone_surrogate';

/** In a `u` regex a surrogate pair is one code point: only an unpaired surrogate is of category Cs. */
const LONE_SURROGATE = /\p{Cs}/u;

const faultOf = (text: string): TextFault | null =>
  text.includes('\u0000') ? 'nul' : LONE_SURROGATE.test(text) ? 'lone_surrogate' : null;

/** The path of the first string (or key) that cannot be stored, and why; null when all can. */
export function findUnstorable(value: unknown, path = '', depth = 0): { at: string; fault: TextFault } | null {
  if (typeof value === 'string') {
    const fault = faultOf(value);
    return fault ? { at: path || '(body)', fault } : null;
  }
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return null;
  for (const [key, inner] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    const keyFault = faultOf(key);
    if (keyFault) return { at, fault: keyFault };
    const found = findUnstorable(inner, at, depth + 1);
    if (found) return found;
  }
  return null;
}

const WHY: Record<TextFault, { message: (at: string) => string; issue: string }> = {
  nul: { message: (at) => `The field ${at} contains a NUL character (U+0000), which cannot be stored.`, issue: 'must not contain U+0000' },
  lone_surrogate: {
    message: (at) => `The field ${at} contains a lone UTF-16 surrogate (an unpaired \\ud800–\\udfff escape), which is not a character; send valid Unicode text.`,
    issue: 'must not contain a lone UTF-16 surrogate',
  },
};

export const rejectUnstorableText: RequestHandler = (req, _res, next) => {
  const found = findUnstorable(req.body) ?? findUnstorable(req.query);
  if (!found) return next();
  const why = WHY[found.fault];
  next(new ApiError(400, 'validation', why.message(found.at), [{ path: found.at, message: why.issue }]));
};

/** body-parser's verify hook: a body that is not UTF-8 is refused instead of decoded with replacement characters. */
export function refuseInvalidUtf8(_req: IncomingMessage, _res: unknown, body: Buffer): void {
  if (!isUtf8(body)) {
    throw new ApiError(400, 'validation', 'The request body is not valid UTF-8; send JSON encoded as UTF-8.', [{ path: '(body)', message: 'must be UTF-8' }]);
  }
}
