// Sign-in, sign-out and password change. Sign-in is rate limited per client address; repeated
// failures also lock the account itself (see auth/sessions.ts).
import express from 'express';
import type { LoginResponse } from '../../../contract/api.ts';
import { LoginInput, PasswordChangeInput } from '../../../contract/schemas.ts';
import { changePassword, login, logout } from '../../auth/sessions.ts';
import type { HubContext } from '../context.ts';
import { ApiError, parseOr400 } from '../errors.ts';
import { clientIp, principalOf } from '../guard.ts';
import { perMinute } from '../rateLimits.ts';

export function authRoutes(ctx: HubContext): express.Router {
  const router = express.Router();
  const loginLimit = perMinute(ctx.limits.loginPerMinute, 'Too many sign-in attempts from this address; wait a minute.');

  router.post('/auth/login', loginLimit, async (req, res) => {
    const { username, password } = parseOr400(LoginInput, req.body);
    const result = await login(ctx.db, username, password, clientIp(req));
    const body: LoginResponse = { ...result, expiresAt: result.expiresAt.toISOString() };
    res.json(body);
  });

  router.post('/auth/logout', async (req, res) => {
    const principal = principalOf(res);
    if (principal.kind !== 'user') throw new ApiError(400, 'validation', 'Only a signed-in person signs out; revoke display tokens and API keys instead.');
    await logout(ctx.db, principal, clientIp(req));
    ctx.realtime.disconnectPrincipal('session', principal.sessionId);
    res.status(204).end();
  });

  router.post('/auth/password', async (req, res) => {
    const principal = principalOf(res);
    if (principal.kind !== 'user') throw new ApiError(400, 'validation', 'Only a signed-in person has a password.');
    const { currentPassword, newPassword } = parseOr400(PasswordChangeInput, req.body);
    await changePassword(ctx.db, principal, currentPassword, newPassword, clientIp(req));
    res.status(204).end();
    // The account's other sessions were revoked: close their sockets now (this session's reconnect).
    ctx.realtime.disconnectPrincipal('user', principal.id);
  });

  router.get('/auth/me', (_req, res) => {
    const principal = principalOf(res);
    res.json({ kind: principal.kind, role: principal.kind === 'integration' ? null : principal.role, scope: principal.scope,
      ...(principal.kind === 'user' ? { username: principal.username, mustChangePassword: principal.mustChangePassword, expiresAt: principal.expiresAt.toISOString() } : {}),
      ...(principal.kind === 'integration' ? { scopes: principal.scopes } : {}) });
  });
  return router;
}
