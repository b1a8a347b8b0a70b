// Account housekeeping the hub does by itself: the first administrator, the credentials a demo
// start-up hands in, and disabling accounts nobody has used for two years.
import { audit } from '../audit.ts';
import type { Db } from '../db/index.ts';
import { hashPassword, oneTimePassword, passwordProblem } from './passwords.ts';
import { AUTH_POLICY } from './sessions.ts';
import { INTEGRATION_SCOPES } from './principal.ts';
import { hashToken, kindOfToken } from './tokens.ts';

const SYSTEM = 'system';

export interface FirstAdmin {
  created: boolean;
  /** Set when no ADMIN_PASSWORD was given: show it once; it must be changed at first sign-in. */
  oneTimePassword?: string;
}

export async function ensureFirstAdmin(db: Db, townshipCode: string, adminPassword: string | undefined): Promise<FirstAdmin> {
  const existing = await db.query(`SELECT 1 FROM users WHERE username = 'admin'`);
  if (existing.length > 0) return { created: false };
  if (adminPassword !== undefined) {
    const problem = passwordProblem(adminPassword, 'admin');
    if (problem) throw new Error(`ADMIN_PASSWORD ${problem}; choose another or unset it to get a one-time password.`);
  }
  const password = adminPassword ?? oneTimePassword();
  const passwordHash = await hashPassword(password);
  await db.tx(async (q) => {
    await q.query(
      `INSERT INTO users (username, display_name, password_hash, role, township_code, must_change_password, password_changed_at)
       VALUES ('admin', '系统管理员', $1, 'admin', $2, $3, now()) ON CONFLICT (username) DO NOTHING`,
      [passwordHash, townshipCode, adminPassword === undefined],
    );
    await audit(q, { actor: SYSTEM, action: 'user.created', target: 'user:admin', detail: { role: 'admin', from: adminPassword === undefined ? 'one-time password' : 'ADMIN_PASSWORD' } });
  });
  return adminPassword === undefined ? { created: true, oneTimePassword: password } : { created: true };
}

/**
 * Registers a display token and an integration key handed in by the environment (npm start's demo
 * makes them), so the wall link and the simulator work without a manual set-up. Idempotent.
 */
export async function ensureBootstrapCredentials(db: Db, townshipCode: string, displayToken?: string, ingestKey?: string): Promise<void> {
  if (displayToken) {
    if (kindOfToken(displayToken) !== 'display') throw new Error('BOOTSTRAP_DISPLAY_TOKEN must start with cwd_.');
    await db.tx(async (q) => {
      const rows = await q.query(
        `INSERT INTO display_tokens (token_hash, name, township_code, created_by) VALUES ($1, 'demo wall', $2, $3)
         ON CONFLICT (token_hash) DO NOTHING RETURNING id`, [hashToken(displayToken), townshipCode, SYSTEM]);
      if (rows.length > 0) await audit(q, { actor: SYSTEM, action: 'display_token.created', target: 'display:demo wall' });
    });
  }
  if (ingestKey) {
    if (kindOfToken(ingestKey) !== 'apiKey') throw new Error('BOOTSTRAP_INGEST_KEY must start with cwk_.');
    await db.tx(async (q) => {
      const rows = await q.query(
        `INSERT INTO api_keys (key_hash, name, township_code, scopes, created_by) VALUES ($1, 'demo simulator', $2, $3, $4)
         ON CONFLICT (key_hash) DO NOTHING RETURNING id`, [hashToken(ingestKey), townshipCode, [...INTEGRATION_SCOPES], SYSTEM]);
      if (rows.length > 0) await audit(q, { actor: SYSTEM, action: 'api_key.created', target: 'key:demo simulator' });
    });
  }
}

/** A person's account a demo start-up hands in (BOOTSTRAP_ACCOUNTS): township-wide roles only. */
export interface BootstrapAccount { username: string; displayName: string; role: 'leader' | 'duty_officer'; password: string }

/**
 * Creates the demo's accounts that do not exist yet (npm start: the people who try the console,
 * and the simulated duty desk), with their given passwords and no forced change. Idempotent: an
 * account that exists is left as it is, password included.
 */
export async function ensureBootstrapAccounts(db: Db, townshipCode: string, accounts: readonly BootstrapAccount[]): Promise<void> {
  for (const account of accounts) {
    const problem = passwordProblem(account.password, account.username);
    if (problem) throw new Error(`BOOTSTRAP_ACCOUNTS: the password of ${account.username} ${problem}.`);
    const existing = await db.query('SELECT 1 FROM users WHERE username = $1', [account.username]);
    if (existing.length > 0) continue;
    const passwordHash = await hashPassword(account.password);
    await db.tx(async (q) => {
      const rows = await q.query(
        `INSERT INTO users (username, display_name, password_hash, role, township_code, must_change_password, password_changed_at)
         VALUES ($1, $2, $3, $4, $5, false, now()) ON CONFLICT (username) DO NOTHING RETURNING id`,
        [account.username, account.displayName, passwordHash, account.role, townshipCode]);
      if (rows.length > 0) await audit(q, { actor: SYSTEM, action: 'user.created', target: `user:${account.username}`, detail: { role: account.role, from: 'BOOTSTRAP_ACCOUNTS' } });
    });
  }
}

/** Disables accounts whose last sign-in (or creation, if never) is older than the dormancy limit. */
export async function disableDormantAccounts(db: Db, now = new Date()): Promise<{ id: number; username: string }[]> {
  const cutoff = new Date(now.getTime() - AUTH_POLICY.dormantAfterDays * 86_400_000);
  return db.tx(async (q) => {
    const rows = await q.query<{ id: number; username: string }>(
      `UPDATE users SET disabled_at = $2
       WHERE disabled_at IS NULL AND greatest(last_login_at, enabled_at, created_at) < $1 RETURNING id, username`,
      [cutoff, now],
    );
    for (const { username } of rows) {
      await audit(q, { actor: SYSTEM, action: 'user.disabled', target: `user:${username}`, detail: { reason: `unused for ${AUTH_POLICY.dormantAfterDays} days` } });
    }
    await q.query(`UPDATE sessions SET revoked_at = $1 WHERE revoked_at IS NULL AND user_id IN (SELECT id FROM users WHERE disabled_at IS NOT NULL)`, [now]);
    return rows;
  });
}
