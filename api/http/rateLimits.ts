// Per-minute rate limits that answer like every other refusal of the hub: 429 with a reason.
import type { Request, RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { ApiError } from './errors.ts';

export function perMinute(limit: number, message: string, keyOf?: (req: Request) => string): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    ...(keyOf ? { keyGenerator: keyOf } : {}),
    handler: (_req, _res, next) => next(new ApiError(429, 'rate_limited', message)),
    // An X-Forwarded-For from a client we do not trust (TRUST_PROXY unset) is ignored on purpose:
    // it is not a misconfiguration to warn about on the console.
    validate: { xForwardedForHeader: false },
  });
}
