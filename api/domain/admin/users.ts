// Accounts of the people in the room (users.manage): creating them with a one-time password,
// resetting it, disabling and enabling. Passwords and their hashes never leave this module; the
// one-time password is returned once, to be handed over in person.
import { audit } from '../../audit.ts';
import { hashPassword, oneTimePassword } from '../../auth/passwords.ts';
import type { Db, Queryable } from '../../db/index.ts';
import { DomainError } from '../errors.ts';
import type { AccountRole, UserCreateInput } from '../../http/routes/adminSchemas.ts';

export interface UserView {
  id: number;
  username: string;
  displayName: string;
  role: AccountRole | 'display';
  townshipCode: string | null;
  villageCode: string | null;
  gridCode: string | null;
  workerCode: string | null;
  mustChangePassword: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  disabledAt: string | null;
  createdAt: string;
}

/** A change that ended sign-ins: the caller closes the person's sockets. */
export interface SessionsEnded {
  /** The user whose sign-ins were revoked. */
  userId: number;
  revokedSessions: number;
}

interface UserRow {
  id: number;
  username: string;
  display_name: string;
  role: UserView['role'];
  township_code: string | null;
  village_code: string | null;
  grid_code: string | null;
  worker_code: string | null;
  must_change_password: boolean;
  locked_until: Date | null;
  last_login_at: Date | null;
  disabled_at: Date | null;
  created_at: Date;
}

// Never SELECT * here: the hash stays in the database.
const COLUMNS = `id, username, display_name, role, township_code, village_code, grid_code, worker_code,
  must_change_password, locked_until, last_login_at, disabled_at, created_at`;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function toView(row: UserRow): UserView {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    townshipCode: row.township_code,
    villageCode: row.village_code,
    gridCode: row.grid_code,
    workerCode: row.worker_code,
    mustChangePassword: row.must_change_password,
    lockedUntil: iso(row.locked_until),
    lastLoginAt: iso(row.last_login_at),
    disabledAt: iso(row.disabled_at),
    createdAt: row.created_at.toISOString(),
  };
}

/** Accounts of this township (and any without one), by username. */
export async function listUsers(q: Queryable, townshipCode: string): Promise<UserView[]> {
  const rows = await q.query<UserRow>(
    `SELECT ${COLUMNS} FROM users WHERE township_code = $1 OR township_code IS NULL ORDER BY username`,
    [townshipCode],
  );
  return rows.map(toView);
}

async function findUser(q: Queryable, townshipCode: string, id: number, lock = false): Promise<UserRow> {
  const [row] = await q.query<UserRow>(
    `SELECT ${COLUMNS} FROM users WHERE id = $1 AND (township_code = $2 OR township_code IS NULL)${lock ? ' FOR UPDATE' : ''}`,
    [id, townshipCode],
  );
  if (!row) throw new DomainError('not_found', `No user ${id}; list them with GET /api/v1/users.`);
  return row;
}

const unknownReference = (path: string, message: string, what: string) =>
  new DomainError('unknown_reference', `${what}; pick one from this township's reference data.`, [{ path, message }]);

/** Village and grid of the new account, checked against the township's own reference rows. */
async function resolvePlacement(q: Queryable, townshipCode: string, input: UserCreateInput): Promise<{ villageCode: string | null; gridCode: string | null }> {
  if (input.gridCode) {
    const [grid] = await q.query<{ village_code: string }>(
      'SELECT g.village_code FROM grids g JOIN villages v ON v.code = g.village_code WHERE g.code = $1 AND v.township_code = $2',
      [input.gridCode, townshipCode],
    );
    if (!grid) throw unknownReference('gridCode', 'unknown grid', `No grid "${input.gridCode}" in this township`);
    if (input.villageCode && input.villageCode !== grid.village_code) {
      throw new DomainError('validation', `Grid "${input.gridCode}" belongs to village "${grid.village_code}", not "${input.villageCode}"; leave villageCode out.`,
        [{ path: 'villageCode', message: 'does not hold the grid' }]);
    }
    return { villageCode: grid.village_code, gridCode: input.gridCode };
  }
  if (input.villageCode) {
    const found = await q.query('SELECT 1 FROM villages WHERE code = $1 AND township_code = $2', [input.villageCode, townshipCode]);
    if (found.length === 0) throw unknownReference('villageCode', 'unknown village', `No village "${input.villageCode}" in this township`);
    return { villageCode: input.villageCode, gridCode: null };
  }
  return { villageCode: null, gridCode: null };
}

export async function createUser(db: Db, townshipCode: string, input: UserCreateInput, actor: string, ip: string | null): Promise<{ user: UserView; oneTimePassword: string }> {
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password); // slow on purpose: outside the transaction
  const user = await db.tx(async (q) => {
    const { villageCode, gridCode } = await resolvePlacement(q, townshipCode, input);
    if (input.workerCode) {
      const found = await q.query(
        `SELECT 1 FROM workers w JOIN grids g ON g.code = w.grid_code JOIN villages v ON v.code = g.village_code
         WHERE w.code = $1 AND v.township_code = $2`,
        [input.workerCode, townshipCode],
      );
      if (found.length === 0) throw unknownReference('workerCode', 'unknown worker', `No grid worker "${input.workerCode}" in this township`);
    }
    const [row] = await q.query<UserRow>(
      `INSERT INTO users (username, display_name, password_hash, role, township_code, village_code, grid_code, worker_code,
         must_change_password, password_changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, true, now())
       ON CONFLICT (username) DO NOTHING RETURNING ${COLUMNS}`,
      [input.username, input.displayName, passwordHash, input.role, townshipCode, villageCode, gridCode, input.workerCode ?? null],
    );
    if (!row) throw new DomainError('conflict', `The username "${input.username}" is taken; choose another.`);
    await audit(q, {
      actor, action: 'user.created', target: `user:${row.username}`,
      detail: { role: row.role, villageCode, gridCode, workerCode: row.worker_code }, ip,
    });
    return toView(row);
  });
  return { user, oneTimePassword: password };
}

/** A new one-time password; the account is unlocked and every sign-in of it ends. */
export async function resetPassword(db: Db, townshipCode: string, id: number, actor: string, ip: string | null): Promise<{ oneTimePassword: string } & SessionsEnded> {
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  return db.tx(async (q) => {
    const user = await findUser(q, townshipCode, id, true);
    await q.query(
      `UPDATE users SET password_hash = $2, must_change_password = true, password_changed_at = now(), failed_attempts = 0, locked_until = NULL
       WHERE id = $1`,
      [id, passwordHash],
    );
    const revoked = await revokeSessions(q, id);
    await audit(q, { actor, action: 'user.password_reset', target: `user:${user.username}`, detail: { revokedSessions: revoked }, ip });
    return { oneTimePassword: password, userId: id, revokedSessions: revoked };
  });
}

/** Disables an account and ends its sign-ins. Nobody disables their own account. */
export async function disableUser(db: Db, townshipCode: string, id: number, selfId: number | null, actor: string, ip: string | null): Promise<{ user: UserView } & SessionsEnded> {
  if (id === selfId) throw new DomainError('conflict', 'You cannot disable your own account; ask another administrator.');
  return db.tx(async (q) => {
    const before = await findUser(q, townshipCode, id, true);
    const [row] = await q.query<UserRow>(`UPDATE users SET disabled_at = coalesce(disabled_at, now()) WHERE id = $1 RETURNING ${COLUMNS}`, [id]);
    const revoked = await revokeSessions(q, id);
    if (!before.disabled_at || revoked > 0) {
      await audit(q, { actor, action: 'user.disabled', target: `user:${before.username}`, detail: { revokedSessions: revoked }, ip });
    }
    return { user: toView(row!), userId: id, revokedSessions: revoked };
  });
}

/** Enables an account again; a lock from failed sign-ins is lifted too. */
export async function enableUser(db: Db, townshipCode: string, id: number, actor: string, ip: string | null): Promise<UserView> {
  return db.tx(async (q) => {
    const before = await findUser(q, townshipCode, id, true);
    const [row] = await q.query<UserRow>(
      // enabled_at restarts the two-year dormancy clock, or the next check would disable the account again.
      `UPDATE users SET disabled_at = NULL, enabled_at = CASE WHEN disabled_at IS NULL THEN enabled_at ELSE now() END,
         failed_attempts = 0, locked_until = NULL WHERE id = $1 RETURNING ${COLUMNS}`,
      [id],
    );
    if (before.disabled_at || before.locked_until) {
      await audit(q, {
        actor, action: 'user.enabled', target: `user:${before.username}`,
        detail: { wasDisabled: before.disabled_at !== null, wasLocked: before.locked_until !== null }, ip,
      });
    }
    return toView(row!);
  });
}

async function revokeSessions(q: Queryable, userId: number): Promise<number> {
  const rows = await q.query('UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL RETURNING id', [userId]);
  return rows.length;
}
