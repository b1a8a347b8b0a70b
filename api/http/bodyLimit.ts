// A body that announces more bytes than the route takes is refused from its headers, at once, and
// the connection closed. (body-parser would answer 413 only after reading the whole body off the
// wire, so a client that announces gigabytes and sends nothing would hold the request open.)
import type { RequestHandler } from 'express';
import { ApiError } from './errors.ts';

/** A size for people: 8 KiB, 4 MiB. */
export const kib = (n: number) => (n >= 1024 * 1024 ? `${+(n / 1024 / 1024).toFixed(1)} MiB` : `${+(n / 1024).toFixed(1)} KiB`);

export function refuseDeclaredOversize(maxBytes: number): RequestHandler {
  return (req, res, next) => {
    const declared = Number(req.headers['content-length']);
    if (!Number.isFinite(declared) || declared <= maxBytes) return next();
    res.setHeader('Connection', 'close');
    next(new ApiError(413, 'payload_too_large', `The request body announces ${declared} bytes; this route takes at most ${kib(maxBytes)}. Split it into smaller batches.`));
  };
}
