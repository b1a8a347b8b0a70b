// Sign-in, sign-out, password change, and turning a bearer secret back into its principal.
import type { Role } from '../../contract/domain.ts';
import { audit } from '../audit.ts';
import type { Db, Queryable } from '../db/index.ts';
import { DomainError } from '../domain/errors.ts';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import { INTEGRATION_SCOPES, type IntegrationScope, type Principal, type UserPrincipal } from './principal.ts';
import { hashToken, kindOfToken, newToken } from './tokens.ts';

export const AUTH_POLICY = {
  sessionHours: 12, // one duty shift
  maxFailedAttempts: 5,
  lockMinutes: 15,
  dormantAfterDays: 2 * 365, // accounts unused this long are disabled (003 §8)
};

interface UserRow {
  id: number;
  username: string;
  role: Role;
  password_hash: string | null;
  township_code: string | null;
  village_code: string | null;
  grid_code: string | null;
  worker_code: string | null;
  must_change_password: boolean;
  failed_attempts: number;
  locked_until: Date | null;
  disabled_at: Date | null;
}

export interface LoginResult {
  token: string;
  expiresAt: Date;
  mustChangePassword: boolean;
  user: { username: string; role: Role; townshipCode: string | null; villageCode: string | null; gridCode: string | null };
}

const WRONG_CREDENTIALS = 'Wrong username or password.';

export async function login(db: Db, username: string, password: string, ip: string | null, now = new Date()): Promise<LoginResult> {
  const [user] = await db.query<UserRow>('SELECT * FROM users WHERE username = $1', [username]);
  const valid = await verifyPassword(user?.password_hash ?? null, password);
  if (!user) {
    await audit(db, { actor: `user:${username}`, action: 'auth.login_failed', detail: { reason: 'unknown user' }, ip });
    throw new DomainError('unauthorized', WRONG_CREDENTIALS);
  }
  const actor = `user:${user.username}`;
  if (user.disabled_at) {
    await audit(db, { actor, action: 'auth.login_refused', detail: { reason: 'disabled' }, ip });
    throw new DomainError('account_disabled', 'This account is disabled; ask an administrator to enable it.');
  }
  if (user.locked_until && user.locked_until > now) {
    await audit(db, { actor, action: 'auth.login_refused', detail: { reason: 'locked' }, ip });
    throw new DomainError('account_locked', `Too many failed sign-ins: this account is locked until ${user.locked_until.toISOString()}. Try again later or ask an administrator.`);
  }
  if (!valid) {
    // One atomic statement: concurrent wrong attempts each count, so a burst cannot slip past the lock.
    const lockUntil = new Date(now.getTime() + AUTH_POLICY.lockMinutes * 60_000);
    await db.tx(async (q) => {
      const [counted] = await q.query<{ failures: number; locked: boolean }>(
        `UPDATE users SET
           failed_attempts = CASE WHEN failed_attempts + 1 >= $2 THEN 0 ELSE failed_attempts + 1 END,
           locked_until = CASE WHEN failed_attempts + 1 >= $2 THEN $3 ELSE locked_until END
         WHERE id = $1
         RETURNING CASE WHEN failed_attempts = 0 THEN $2 ELSE failed_attempts END AS failures, failed_attempts = 0 AS locked`,
        [user.id, AUTH_POLICY.maxFailedAttempts, lockUntil],
      );
      await audit(q, { actor, action: counted!.locked ? 'auth.locked' : 'auth.login_failed', detail: { failures: counted!.failures }, ip });
    });
    throw new DomainError('unauthorized', WRONG_CREDENTIALS);
  }

  const token = newToken('session');
  const expiresAt = new Date(now.getTime() + AUTH_POLICY.sessionHours * 3_600_000);
  await db.tx(async (q) => {
    await q.query('UPDATE users SET failed_attempts = 0, locked_until = NULL, last_login_at = $2 WHERE id = $1', [user.id, now]);
    await q.query('INSERT INTO sessions (token_hash, user_id, created_at, expires_at, ip) VALUES ($1, $2, $3, $4, $5)', [hashToken(token), user.id, now, expiresAt, ip]);
    await audit(q, { actor, action: 'auth.login', detail: { mustChangePassword: user.must_change_password }, ip });
  });
  return {
    token,
    expiresAt,
    mustChangePassword: user.must_change_password,
    user: { username: user.username, role: user.role, townshipCode: user.township_code, villageCode: user.village_code, gridCode: user.grid_code },
  };
}

export async function logout(db: Db, principal: UserPrincipal, ip: string | null): Promise<void> {
  await db.tx(async (q) => {
    await q.query('UPDATE sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [principal.sessionId]);
    await audit(q, { actor: `user:${principal.username}`, action: 'auth.logout', ip });
  });
}

export async function changePassword(db: Db, principal: UserPrincipal, current: string, next: string, ip: string | null): Promise<void> {
  const [user] = await db.query<{ password_hash: string | null }>('SELECT password_hash FROM users WHERE id = $1', [principal.id]);
  if (!(await verifyPassword(user?.password_hash ?? null, current))) {
    throw new DomainError('validation', 'The current password is wrong.', [{ path: 'currentPassword', message: 'does not match' }]);
  }
  const problem = passwordProblem(next, principal.username) ?? (next === current ? 'must differ from the current password' : null);
  if (problem) throw new DomainError('validation', `The new password ${problem}.`, [{ path: 'newPassword', message: problem }]);
  const passwordHash = await hashPassword(next);
  await db.tx(async (q) => {
    await q.query('UPDATE users SET password_hash = $2, must_change_password = false, password_changed_at = now() WHERE id = $1', [principal.id, passwordHash]);
    // Other sessions of this account end: whoever knew the old password is signed out.
    await q.query('UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL', [principal.id, principal.sessionId]);
    await audit(q, { actor: `user:${principal.username}`, action: 'auth.password_changed', ip });
  });
}

/** The principal behind a bearer secret, or null when it is unknown, expired, revoked or disabled. */
export async function resolveToken(q: Queryable, token: string, now = new Date()): Promise<Principal | null> {
  const kind = kindOfToken(token);
  if (!kind) return null;
  const hash = hashToken(token);
  if (kind === 'session') {
    const [row] = await q.query<UserRow & { session_id: number; expires_at: Date }>(
      `SELECT u.*, s.id AS session_id, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND u.disabled_at IS NULL`,
      [hash, now],
    );
    if (!row || row.role === 'display' || !row.township_code) return null;
    return {
      kind: 'user', id: row.id, username: row.username, role: row.role, workerCode: row.worker_code,
      scope: { townshipCode: row.township_code, villageCode: row.village_code ?? undefined, gridCode: row.grid_code ?? undefined },
      sessionId: row.session_id, expiresAt: row.expires_at, mustChangePassword: row.must_change_password,
    };
  }
  if (kind === 'display') {
    const [row] = await q.query<{ id: number; name: string; township_code: string; expires_at: Date | null }>(
      `SELECT id, name, township_code, expires_at FROM display_tokens
       WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)`,
      [hash, now],
    );
    return row ? { kind: 'display', id: row.id, role: 'display', name: row.name, scope: { townshipCode: row.township_code }, expiresAt: row.expires_at } : null;
  }
  const [row] = await q.query<{ id: number; name: string; township_code: string; scopes: string[] }>(
    'SELECT id, name, township_code, scopes FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL',
    [hash],
  );
  if (!row) return null;
  const scopes = row.scopes.filter((s): s is IntegrationScope => (INTEGRATION_SCOPES as readonly string[]).includes(s));
  return { kind: 'integration', id: row.id, name: row.name, scopes, scope: { townshipCode: row.township_code } };
}

/** Is the principal still valid (not revoked, not expired)? Sockets ask this periodically. */
export async function stillValid(q: Queryable, principal: Principal, now = new Date()): Promise<boolean> {
  switch (principal.kind) {
    case 'user': {
      const rows = await q.query(
        `SELECT 1 FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.id = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND u.disabled_at IS NULL`,
        [principal.sessionId, now],
      );
      return rows.length > 0;
    }
    case 'display': {
      const rows = await q.query('SELECT 1 FROM display_tokens WHERE id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)', [principal.id, now]);
      return rows.length > 0;
    }
    case 'integration': {
      const rows = await q.query('SELECT 1 FROM api_keys WHERE id = $1 AND revoked_at IS NULL', [principal.id]);
      return rows.length > 0;
    }
  }
}
