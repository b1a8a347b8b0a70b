// Authentication and authorisation for REST routes. `authenticate` turns the bearer secret into a
// principal; `guard(action)` admits only principals the permission table allows.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { can, type Action } from '../auth/permissions.ts';
import type { Principal } from '../auth/principal.ts';
import { resolveToken } from '../auth/sessions.ts';
import type { Queryable } from '../db/index.ts';
import { ApiError } from './errors.ts';

/** Where a request carries its secret: `Authorization: Bearer …` (people, screens) or `X-Api-Key` (machines). */
export function bearerOf(req: Request): string | null {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim() || null;
  const key = req.headers['x-api-key'];
  return typeof key === 'string' && key.length > 0 ? key : null;
}

const SIGN_IN_FIRST = 'Sign in first (POST /api/v1/auth/login) and send the token as "Authorization: Bearer <token>".';

export function authenticate(q: Queryable): RequestHandler {
  return async (req, res, next) => {
    const token = bearerOf(req);
    if (token) res.locals.principal = (await resolveToken(q, token)) ?? undefined;
    res.locals.tokenPresented = token !== null;
    next();
  };
}

/** The only route that takes a body from a caller without a credential: sign-in itself. */
const ANONYMOUS_BODY_ROUTES = new Set(['POST /auth/login']);

const hasBody = (req: Request) =>
  req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');

/**
 * A body is read only from a caller who showed a valid credential (or is signing in): an anonymous
 * client that announces a large body gets its 401 at once, and the connection is closed instead
 * of waiting for bytes that may never come. Runs after authenticate(), before any body parser.
 */
export const requireCredentialForBody: RequestHandler = (req, res, next) => {
  if (!hasBody(req) || res.locals.principal || ANONYMOUS_BODY_ROUTES.has(`${req.method} ${req.path}`)) return next();
  res.setHeader('Connection', 'close');
  const message = res.locals.tokenPresented ? 'The token is unknown, expired or revoked; sign in again.' : SIGN_IN_FIRST;
  next(new ApiError(401, 'unauthorized', message));
};

export function principalOf(res: Response): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (!principal) throw new ApiError(401, 'unauthorized', SIGN_IN_FIRST);
  return principal;
}

export function guard(action: Action): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction) => {
    const principal = res.locals.principal as Principal | undefined;
    if (!principal) {
      const message = res.locals.tokenPresented
        ? 'The token is unknown, expired or revoked; sign in again.'
        : SIGN_IN_FIRST;
      return next(new ApiError(401, 'unauthorized', message));
    }
    if (principal.kind === 'user' && principal.mustChangePassword) {
      return next(new ApiError(403, 'password_change_required', 'Change the initial password first: POST /api/v1/auth/password.'));
    }
    if (!can(principal, action)) return next(new ApiError(403, 'forbidden', `Your role may not ${action.replace('.', ': ')}.`));
    next();
  };
}

export const clientIp = (req: Request): string | null => req.ip ?? req.socket.remoteAddress ?? null;
