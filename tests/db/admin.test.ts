// The administration domain modules against a real embedded database holding the demo township,
// without HTTP: what they store, what they refuse, and the audit rows they leave.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../api/auth/passwords.ts';
import { resolveToken } from '../../api/auth/sessions.ts';
import { hashToken, newToken } from '../../api/auth/tokens.ts';
import { audit } from '../../api/audit.ts';
import { openDatabase, type Db } from '../../api/db/index.ts';
import { exportAudit, likePrefix, searchAudit } from '../../api/domain/admin/auditLog.ts';
import { createApiKey, createDisplayToken, listApiKeys, listDisplayTokens, revokeApiKey, revokeDisplayToken } from '../../api/domain/admin/credentials.ts';
import { createDevice, deactivateDevice, listDevices } from '../../api/domain/admin/devices.ts';
import { advanceRule, listRules, proposeRule } from '../../api/domain/admin/rules.ts';
import { createUser, disableUser, enableUser, listUsers, resetPassword } from '../../api/domain/admin/users.ts';
import { loadTownship, type Township } from '../../api/domain/township.ts';
import { DomainError } from '../../api/domain/errors.ts';
import { fromDomain, type ApiError } from '../../api/http/errors.ts';
import { loadGisData } from '../../api/load/gisLoader.ts';
import { readGisData } from '../../gis-data/read.ts';

const ACTOR = 'user:root';
const IP = '192.0.2.10';

let db: Db;
let township: Township;
let grid: { code: string; village_code: string };

beforeAll(async () => {
  db = await openDatabase({});
  await loadGisData(db, readGisData());
  township = (await loadTownship(db))!;
  [grid] = (await db.query<typeof grid>('SELECT code, village_code FROM grids ORDER BY code LIMIT 1')) as [typeof grid];
});
afterAll(() => db?.close());

/** The domain error `promise` rejects with, as the hub answers it (status, code, issues). */
async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return fromDomain(error);
  }
  throw new Error('expected the call to be refused');
}

const auditRows = (target: string) =>
  db.query<{ actor: string; action: string; ip: string | null; detail: Record<string, unknown> }>(
    'SELECT actor, action, ip, detail FROM audit_log WHERE target = $1 ORDER BY id', [target]);

describe('accounts', () => {
  it('stores a new account with only a hash of its one-time password, which must be changed', async () => {
    const { user, oneTimePassword } = await createUser(db, township.code, { username: 'li.lei', displayName: '李雷', role: 'leader' }, ACTOR, IP);
    const [row] = await db.query<{ password_hash: string; must_change_password: boolean; township_code: string }>(
      'SELECT password_hash, must_change_password, township_code FROM users WHERE id = $1', [user.id]);
    expect(row!.password_hash).not.toContain(oneTimePassword);
    expect(await verifyPassword(row!.password_hash, oneTimePassword)).toBe(true);
    expect(row!.must_change_password).toBe(true);
    expect(row!.township_code).toBe(township.code);
    expect(user).not.toHaveProperty('passwordHash');
    expect(await auditRows('user:li.lei')).toEqual([{ actor: ACTOR, action: 'user.created', ip: IP, detail: expect.objectContaining({ role: 'leader' }) }]);
  });

  it('sets the village of a grid worker from the grid', async () => {
    const { user } = await createUser(db, township.code, { username: 'gw.one', displayName: '网格员一', role: 'grid_worker', gridCode: grid.code }, ACTOR, IP);
    expect(user).toMatchObject({ gridCode: grid.code, villageCode: grid.village_code });
  });

  it('refuses a grid, village or worker that is not in the township, and writes nothing', async () => {
    const cases = [
      [{ username: 'gw.two', displayName: 'x', role: 'grid_worker', gridCode: 'NO-SUCH-GRID' }, 'gridCode'],
      [{ username: 'gl.two', displayName: 'x', role: 'grid_leader', villageCode: 'NO-SUCH-VILLAGE' }, 'villageCode'],
      [{ username: 'dt.two', displayName: 'x', role: 'duty_officer', workerCode: 'NO-SUCH-WORKER' }, 'workerCode'],
    ] as const;
    for (const [input, path] of cases) {
      const error = await refusal(createUser(db, township.code, input, ACTOR, IP));
      expect(error.status).toBe(400);
      expect(error.issues?.map((i) => i.path)).toEqual([path]);
    }
    expect(await db.query(`SELECT 1 FROM users WHERE username IN ('gw.two', 'gl.two', 'dt.two')`)).toHaveLength(0);
  });

  it('answers 409 for a taken username and leaves no audit row for the attempt', async () => {
    await createUser(db, township.code, { username: 'twice', displayName: '一', role: 'duty_officer' }, ACTOR, IP);
    const error = await refusal(createUser(db, township.code, { username: 'twice', displayName: '二', role: 'duty_officer' }, ACTOR, IP));
    expect([error.status, error.code]).toEqual([409, 'conflict']);
    expect(await auditRows('user:twice')).toHaveLength(1);
  });

  it('resetting a password unlocks the account and revokes every session of it', async () => {
    const { user } = await createUser(db, township.code, { username: 'locked.out', displayName: '锁', role: 'duty_officer' }, ACTOR, IP);
    await db.query(`UPDATE users SET failed_attempts = 4, locked_until = now() + interval '10 minutes', must_change_password = false WHERE id = $1`, [user.id]);
    const token = newToken('session');
    await db.query(`INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, now() + interval '1 hour')`, [hashToken(token), user.id]);
    expect(await resolveToken(db, token)).not.toBeNull();

    const reset = await resetPassword(db, township.code, user.id, ACTOR, IP);
    expect(reset.revokedSessions).toBe(1);
    expect(await resolveToken(db, token)).toBeNull();
    const [row] = await db.query<{ failed_attempts: number; locked_until: Date | null; must_change_password: boolean; password_hash: string }>(
      'SELECT failed_attempts, locked_until, must_change_password, password_hash FROM users WHERE id = $1', [user.id]);
    expect(row).toMatchObject({ failed_attempts: 0, locked_until: null, must_change_password: true });
    expect(await verifyPassword(row!.password_hash, reset.oneTimePassword)).toBe(true);
  });

  it('disables an account and ends its sessions; enabling lets it sign in again; nobody disables themselves', async () => {
    const { user } = await createUser(db, township.code, { username: 'on.off', displayName: '开关', role: 'leader' }, ACTOR, IP);
    const token = newToken('session');
    await db.query(`INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, now() + interval '1 hour')`, [hashToken(token), user.id]);

    expect((await refusal(disableUser(db, township.code, user.id, user.id, ACTOR, IP))).status).toBe(409);
    const disabled = await disableUser(db, township.code, user.id, 999_999, ACTOR, IP);
    expect(disabled.user.disabledAt).not.toBeNull();
    expect(disabled.revokedSessions).toBe(1);
    expect(await resolveToken(db, token)).toBeNull();

    const enabled = await enableUser(db, township.code, user.id, ACTOR, IP);
    expect(enabled.disabledAt).toBeNull();
    expect((await auditRows('user:on.off')).map((r) => r.action)).toEqual(['user.created', 'user.disabled', 'user.enabled']);
  });

  it('answers 404 for an account that does not exist', async () => {
    expect((await refusal(resetPassword(db, township.code, 987_654, ACTOR, IP))).status).toBe(404);
    expect((await refusal(enableUser(db, township.code, 987_654, ACTOR, IP))).status).toBe(404);
  });

  it('never lists a password hash', async () => {
    const users = await listUsers(db, township.code);
    expect(users.length).toBeGreaterThan(0);
    expect(JSON.stringify(users)).not.toMatch(/argon2|password_?hash/i);
  });
});

describe('display tokens and API keys', () => {
  it('stores only the hash of a display token, which stops resolving once revoked', async () => {
    const created = await createDisplayToken(db, township.code, { name: '大厅主屏', expiresInDays: 30 }, ACTOR, IP);
    expect(created.token).toMatch(/^cwd_/);
    expect(Date.parse(created.expiresAt!) - Date.now()).toBeGreaterThan(29 * 86_400_000);
    expect(await db.query('SELECT 1 FROM display_tokens WHERE token_hash = $1', [created.token])).toHaveLength(0);
    expect(await resolveToken(db, created.token)).toMatchObject({ kind: 'display', id: created.id });
    expect(JSON.stringify(await listDisplayTokens(db, township.code))).not.toContain(created.token);

    await revokeDisplayToken(db, township.code, created.id, ACTOR, IP);
    await revokeDisplayToken(db, township.code, created.id, ACTOR, IP); // again: nothing more happens
    expect(await resolveToken(db, created.token)).toBeNull();
    expect((await auditRows(`display:${created.id}`)).map((r) => r.action)).toEqual(['display_token.created', 'display_token.revoked']);
  });

  it('gives an API key exactly its scopes, listed without the key', async () => {
    const created = await createApiKey(db, township.code, { name: '水利局', scopes: ['readings'] }, ACTOR, IP);
    expect(await resolveToken(db, created.key)).toMatchObject({ kind: 'integration', scopes: ['readings'] });
    expect(JSON.stringify(await listApiKeys(db, township.code))).not.toContain(created.key);
    await revokeApiKey(db, township.code, created.id, ACTOR, IP);
    expect(await resolveToken(db, created.key)).toBeNull();
  });

  it('answers 404 when revoking a token or key that does not exist', async () => {
    expect((await refusal(revokeDisplayToken(db, township.code, 424_242, ACTOR, IP))).status).toBe(404);
    expect((await refusal(revokeApiKey(db, township.code, 424_242, ACTOR, IP))).status).toBe(404);
  });
});

describe('points rules', () => {
  it('moves a rule from proposed through declared to approved, recording who approved it', async () => {
    const proposed = await proposeRule(db, { code: 'clean_river', name: '清理河道', points: 3, appliesTo: 'worker' }, ACTOR, IP);
    expect(proposed).toMatchObject({ status: 'proposed', proposedBy: ACTOR, approvedBy: null });
    expect((await advanceRule(db, 'clean_river', 'declare', ACTOR, IP)).status).toBe('declared');
    const approved = await advanceRule(db, 'clean_river', 'approve', 'user:reviewer', IP);
    expect(approved).toMatchObject({ status: 'approved', approvedBy: 'user:reviewer' });
    expect(approved.approvedAt).not.toBeNull();
    expect((await auditRows('rule:clean_river')).map((r) => r.action)).toEqual(['rule.proposed', 'rule.declared', 'rule.approved']);
  });

  it('refuses to approve a rule that was not declared, and to move a retired rule', async () => {
    await proposeRule(db, { code: 'too_early', name: '未公示', points: 1, appliesTo: 'resident' }, ACTOR, IP);
    const early = await refusal(advanceRule(db, 'too_early', 'approve', ACTOR, IP));
    expect([early.status, early.code]).toEqual([409, 'conflict']);
    await advanceRule(db, 'too_early', 'retire', ACTOR, IP);
    expect((await refusal(advanceRule(db, 'too_early', 'declare', ACTOR, IP))).status).toBe(409);
    expect((await refusal(advanceRule(db, 'too_early', 'retire', ACTOR, IP))).status).toBe(409);
  });

  it('answers 409 for a code in use and 404 for a code nobody proposed', async () => {
    expect((await refusal(proposeRule(db, { code: 'report_event', name: '重复', points: 1, appliesTo: 'worker' }, ACTOR, IP))).status).toBe(409);
    expect((await refusal(advanceRule(db, 'no_such_rule', 'declare', ACTOR, IP))).status).toBe(404);
    expect((await listRules(db)).find((r) => r.code === 'report_event')?.name).toBe('上报有效事件');
  });
});

describe('devices', () => {
  it('places a new device in the grid at its position', async () => {
    const [place] = await db.query<{ code: string; lon: number; lat: number }>('SELECT code, lon, lat FROM places ORDER BY code LIMIT 1');
    const device = await createDevice(db, township, {
      code: 'DEV-TEST-001', name: '测试水位计', type: 'water_level', lon: place!.lon, lat: place!.lat, unit: 'm',
      normalMin: 1, normalMax: 3, warnAbove: 4, criticalAbove: 5, placeCode: place!.code,
    }, ACTOR, IP);
    expect(device.gridCode).toBe(township.locateGrid(place!.lon, place!.lat)!.code);
    expect(device).toMatchObject({ active: true, placeCode: place!.code, thresholds: { warnAbove: 4, criticalAbove: 5 } });
    expect((await listDevices(db, township.code)).some((d) => d.code === 'DEV-TEST-001')).toBe(true);
  });

  it('refuses a position outside the township, an unknown place, and a code in use', async () => {
    const input = { code: 'DEV-TEST-002', name: '外', type: 'smoke' as const, lon: 116.4, lat: 39.9, unit: '', normalMin: 0, normalMax: 1, warnAbove: 1, criticalAbove: 2 };
    expect((await refusal(createDevice(db, township, input, ACTOR, IP))).code).toBe('outside_township');
    const [centre] = await db.query<{ lon: number; lat: number }>('SELECT lon, lat FROM places ORDER BY code LIMIT 1');
    expect((await refusal(createDevice(db, township, { ...input, ...centre, placeCode: 'PL-NOPE' }, ACTOR, IP))).code).toBe('unknown_reference');
    expect((await refusal(createDevice(db, township, { ...input, ...centre, code: 'DEV-TEST-001' }, ACTOR, IP))).status).toBe(409);
  });

  it('clears the open alarms of a device it takes out of service', async () => {
    await db.query(`INSERT INTO alarms (device_code, severity, value, threshold, raised_at) VALUES ('DEV-TEST-001', 'critical', 9, 5, now())`);
    const result = await deactivateDevice(db, township.code, 'DEV-TEST-001', ACTOR, IP);
    expect(result).toMatchObject({ alarmsCleared: 1, device: { active: false } });
    expect(await db.query(`SELECT 1 FROM alarms WHERE device_code = 'DEV-TEST-001' AND status <> 'cleared'`)).toHaveLength(0);
    expect((await loadTownship(db, township.code))!.devices.has('DEV-TEST-001')).toBe(false);
    expect((await refusal(deactivateDevice(db, township.code, 'DEV-NOPE', ACTOR, IP))).status).toBe(404);
  });
});

describe('the audit log', () => {
  it('matches filters as prefixes, taking % and _ literally', async () => {
    await audit(db, { actor: 'user:a_b', action: 'probe.like' });
    await audit(db, { actor: 'user:axb', action: 'probe.like' });
    expect(likePrefix('50%_off')).toBe('50\\%\\_off%');
    const { entries } = await searchAudit(db, { actor: 'user:a_', action: 'probe.' });
    expect(entries.map((e) => e.actor)).toEqual(['user:a_b']);
  });

  it('pages newest first with before, and says when there is no older page', async () => {
    for (let i = 0; i < 5; i++) await audit(db, { actor: 'pager', action: 'probe.page', detail: { i } });
    const first = await searchAudit(db, { actor: 'pager' }, { limit: 3 });
    expect(first.entries.map((e) => e.detail.i)).toEqual([4, 3, 2]);
    const second = await searchAudit(db, { actor: 'pager' }, { limit: 3, before: first.nextBefore! });
    expect(second.entries.map((e) => e.detail.i)).toEqual([1, 0]);
    expect(second.nextBefore).toBeNull();
  });

  it('limits by time', async () => {
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await searchAudit(db, { actor: 'pager', from: future })).entries).toHaveLength(0);
    expect((await searchAudit(db, { actor: 'pager', to: future })).entries).toHaveLength(5);
  });

  it('records an export after reading, so the export does not contain itself', async () => {
    const { entries } = await exportAudit(db, { action: 'audit.' }, ACTOR, IP);
    expect(entries).toHaveLength(0);
    const again = await exportAudit(db, { action: 'audit.' }, ACTOR, IP);
    expect(again.entries.map((e) => e.action)).toEqual(['audit.exported']);
    expect(again.entries[0]!.detail).toMatchObject({ rows: 0, filters: { action: 'audit.' } });
  });

  it('refuses to update or delete an audit row', async () => {
    await expect(db.query(`UPDATE audit_log SET actor = 'someone else'`)).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
  });
});
