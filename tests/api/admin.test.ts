// The administration API end to end: a real hub, an administrator signed in, and the people,
// screens and integrations the administrator's changes let in or shut out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginResponse } from '../../contract/api.ts';
import { audit } from '../../api/audit.ts';
import type { AuditPage } from '../../api/domain/admin/auditLog.ts';
import type { ApiKeyView, DisplayTokenView } from '../../api/domain/admin/credentials.ts';
import type { DeviceView } from '../../api/domain/admin/devices.ts';
import type { RuleView } from '../../api/domain/admin/rules.ts';
import type { UserView } from '../../api/domain/admin/users.ts';
import { backendName, errorOf, json, startTestHub, type SignedIn, type TestHub } from '../support/hub.ts';

let hub: TestHub;
let admin: SignedIn;

beforeAll(async () => {
  hub = await startTestHub();
  admin = await hub.signIn('admin');
});
afterAll(() => hub?.stop());

const login = (username: string, password: string) => hub.login(username, password);
const lastAudit = async (query: string) => (await json<AuditPage>(await admin.api(`/audit?${query}`))).entries;

describe(`accounts (${backendName})`, () => {
  it('creates an account whose one-time password signs in once and must be changed before anything else', async () => {
    const res = await admin.post('/users', { username: 'duty.wang', displayName: '王值班', role: 'duty_officer' });
    expect(res.status).toBe(201);
    const { user, oneTimePassword } = await json<{ user: UserView; oneTimePassword: string }>(res);
    expect(user).toMatchObject({ username: 'duty.wang', role: 'duty_officer', mustChangePassword: true, townshipCode: hub.township.code });
    expect(JSON.stringify(user)).not.toMatch(/argon2|hash/i);

    const first = await login('duty.wang', oneTimePassword);
    expect(first.status).toBe(200);
    const session = await json<LoginResponse>(first);
    expect(session.mustChangePassword).toBe(true);
    const person = hub.client(session.token);
    const blocked = await person.api('/events');
    expect(blocked.status).toBe(403);
    expect((await errorOf(blocked)).error).toBe('password_change_required');

    expect((await person.post('/auth/password', { currentPassword: oneTimePassword, newPassword: 'Duty-room-2026' })).status).toBe(204);
    expect((await login('duty.wang', oneTimePassword)).status).toBe(401);
    const next = await login('duty.wang', 'Duty-room-2026');
    expect(next.status).toBe(200);
    const changed = await json<LoginResponse>(next);
    expect(changed.mustChangePassword).toBe(false);
    expect((await hub.client(changed.token).api('/events')).status).toBe(200);
  });

  it('answers 409 for a username that is taken', async () => {
    const res = await admin.post('/users', { username: 'duty.wang', displayName: '另一个王', role: 'leader' });
    expect(res.status).toBe(409);
    expect((await errorOf(res)).error).toBe('conflict');
  });

  it('answers 400 naming gridCode for a grid worker without a grid', async () => {
    const res = await admin.post('/users', { username: 'gw.nogrid', displayName: '无网格', role: 'grid_worker' });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).issues).toEqual([{ path: 'gridCode', message: 'required for a grid_worker' }]);
  });

  it.each([
    ['a display account', { username: 'wall.one', displayName: '大屏', role: 'display' }, 'role'],
    ['an unknown field', { username: 'extra.one', displayName: '多余', role: 'leader', password: 'Chosen-2026' }, '(body)'],
    ['a username with capitals', { username: 'Wang', displayName: '王', role: 'leader' }, 'username'],
    ['a grid leader without a village', { username: 'gl.novillage', displayName: '网格长', role: 'grid_leader' }, 'villageCode'],
  ])('answers 400 for %s', async (_case, body, path) => {
    const res = await admin.post('/users', body);
    expect(res.status).toBe(400);
    expect((await errorOf(res)).issues?.map((i) => i.path)).toContain(path);
  });

  it('places a grid worker in its grid and the village of that grid', async () => {
    const [grid] = await hub.db.query<{ code: string; village_code: string }>('SELECT code, village_code FROM grids ORDER BY code DESC LIMIT 1');
    const res = await admin.post('/users', { username: 'gw.last', displayName: '末网格员', role: 'grid_worker', gridCode: grid!.code });
    expect(res.status).toBe(201);
    expect((await json<{ user: UserView }>(res)).user).toMatchObject({ gridCode: grid!.code, villageCode: grid!.village_code });
  });

  it('resetting a password signs the person out everywhere and unlocks the account', async () => {
    const leader = await hub.signIn('leader');
    const [{ id }] = (await hub.db.query<{ id: number }>('SELECT id FROM users WHERE username = $1', [leader.username])) as [{ id: number }];
    await hub.db.query(`UPDATE users SET failed_attempts = 3, locked_until = now() + interval '10 minutes' WHERE id = $1`, [id]);
    expect((await leader.api('/auth/me')).status).toBe(200);

    const res = await admin.post(`/users/${id}/reset-password`, {});
    expect(res.status).toBe(200);
    const { oneTimePassword } = await json<{ oneTimePassword: string }>(res);
    expect((await leader.api('/auth/me')).status).toBe(401);
    const again = await login(leader.username, oneTimePassword);
    expect(again.status).toBe(200);
    expect((await json<LoginResponse>(again)).mustChangePassword).toBe(true);
  });

  it('disabling signs the person out and refuses new sign-ins; enabling lets them back in', async () => {
    const officer = await hub.signIn('duty_officer');
    const listed = (await json<{ users: UserView[] }>(await admin.api('/users'))).users;
    const target = listed.find((u) => u.username === officer.username)!;

    const disabled = await admin.post(`/users/${target.id}/disable`, {});
    expect(disabled.status).toBe(200);
    expect((await json<{ user: UserView }>(disabled)).user.disabledAt).not.toBeNull();
    expect((await officer.api('/auth/me')).status).toBe(401);
    const refused = await login(officer.username, 'Field-work-2026');
    expect((await errorOf(refused)).error).toBe('account_disabled');

    expect((await admin.post(`/users/${target.id}/enable`, {})).status).toBe(200);
    expect((await login(officer.username, 'Field-work-2026')).status).toBe(200);
  });

  it('refuses to let an administrator disable their own account', async () => {
    const users = (await json<{ users: UserView[] }>(await admin.api('/users'))).users;
    const self = users.find((u) => u.username === admin.username)!;
    const res = await admin.post(`/users/${self.id}/disable`, {});
    expect(res.status).toBe(409);
    expect((await admin.api('/auth/me')).status).toBe(200);
  });

  it('answers 404 for an account that does not exist and 400 for an id that is not one', async () => {
    expect((await admin.post('/users/987654/reset-password', {})).status).toBe(404);
    expect((await admin.post('/users/abc/enable', {})).status).toBe(400);
  });

  it('lists accounts without any password or hash', async () => {
    const res = await admin.api('/users');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('duty.wang');
    expect(text).not.toMatch(/argon2|password_?hash|passwordHash/i);
  });

  it('lets nobody but an administrator manage accounts', async () => {
    const leader = await hub.signIn('leader');
    expect((await leader.api('/users')).status).toBe(403);
    expect((await leader.post('/users', { username: 'sneaky', displayName: 'x', role: 'admin' })).status).toBe(403);
    expect((await hub.anonymous.api('/users')).status).toBe(401);
  });
});

describe(`display tokens and API keys (${backendName})`, () => {
  it('shows a display token once; the wall works with it until it is revoked, which also closes its socket', async () => {
    const res = await admin.post('/display-tokens', { name: '大厅主屏', expiresInDays: 365 });
    expect(res.status).toBe(201);
    const created = await json<DisplayTokenView & { token: string }>(res);
    expect(created.token).toMatch(/^cwd_/);
    const wall = hub.client(created.token);
    expect((await wall.api('/stats')).status).toBe(200);
    const { socket } = await wall.connect();
    const closed = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));

    const listed = await (await admin.api('/display-tokens')).text();
    expect(listed).toContain('大厅主屏');
    expect(listed).not.toContain(created.token);

    expect((await admin.post(`/display-tokens/${created.id}/revoke`, {})).status).toBe(200);
    await closed;
    expect((await wall.api('/stats')).status).toBe(401);
  });

  it('gives an API key only the scopes it names', async () => {
    const res = await admin.post('/api-keys', { name: '水利局水位', scopes: ['readings'] });
    expect(res.status).toBe(201);
    const created = await json<ApiKeyView & { key: string }>(res);
    expect(created).toMatchObject({ name: '水利局水位', scopes: ['readings'] });
    expect(created.key).toMatch(/^cwk_/);
    const integration = hub.client(created.key);
    expect((await integration.post('/events', {})).status).toBe(403);
    expect((await admin.api('/api-keys').then((r) => r.text()))).not.toContain(created.key);

    expect((await admin.post(`/api-keys/${created.id}/revoke`, {})).status).toBe(200);
    expect((await integration.post('/readings', { readings: [] })).status).toBe(401);
  });

  it.each([
    ['no scopes', [], 'scopes'],
    ['an unknown scope', ['admin'], 'scopes.0'],
  ])('answers 400 for an API key with %s', async (_case, scopes, path) => {
    const res = await admin.post('/api-keys', { name: 'x', scopes });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).issues?.map((i) => i.path)).toContain(path);
  });

  it('answers 404 when revoking what does not exist', async () => {
    expect((await admin.post('/display-tokens/424242/revoke', {})).status).toBe(404);
    expect((await admin.post('/api-keys/424242/revoke', {})).status).toBe(404);
  });
});

describe(`points rules (${backendName})`, () => {
  it('awards points under a rule only after it was proposed, declared and approved', async () => {
    const points = await hub.integrationClient(['points']);
    const workerCode = [...hub.township.workers.keys()][0]!;
    const award = () => points.post('/points', { ruleCode: 'clean_river', workerCode, ts: new Date().toISOString() });

    const proposed = await admin.post('/rules', { code: 'clean_river', name: '清理河道', points: 3, appliesTo: 'worker' });
    expect(proposed.status).toBe(201);
    expect((await json<{ rule: RuleView }>(proposed)).rule).toMatchObject({ status: 'proposed', proposedBy: `user:${admin.username}` });
    expect((await award()).status).toBe(400);

    expect((await json<{ rule: RuleView }>(await admin.post('/rules/clean_river/declare', {}))).rule.status).toBe('declared');
    expect((await award()).status).toBe(400);
    const ownApproval = await admin.post('/rules/clean_river/approve', {});
    expect(ownApproval.status).toBe(409);
    expect((await errorOf(ownApproval)).message).toContain('another administrator');
    const reviewer = await hub.signIn('admin');
    const approved = (await json<{ rule: RuleView }>(await reviewer.post('/rules/clean_river/approve', {}))).rule;
    expect(approved).toMatchObject({ status: 'approved', approvedBy: `user:${reviewer.username}` });
    expect((await award()).status).toBe(201);
  });

  it('answers 409 to approving a rule that was not declared', async () => {
    await admin.post('/rules', { code: 'plant_trees', name: '植树', points: 2, appliesTo: 'resident' });
    const res = await admin.post('/rules/plant_trees/approve', {});
    expect(res.status).toBe(409);
    expect((await errorOf(res)).message).toContain('"proposed"');
  });

  it('answers 409 for a code in use, 400 for points out of range, 404 for an unknown rule', async () => {
    expect((await admin.post('/rules', { code: 'report_event', name: '重复', points: 1, appliesTo: 'worker' })).status).toBe(409);
    const tooMany = await admin.post('/rules', { code: 'jackpot', name: '大奖', points: 101, appliesTo: 'worker' });
    expect((await errorOf(tooMany)).issues?.map((i) => i.path)).toEqual(['points']);
    expect((await admin.post('/rules/no_such_rule/declare', {})).status).toBe(404);
  });

  it('retires a rule, which then awards nothing', async () => {
    expect((await json<{ rule: RuleView }>(await admin.post('/rules/clean_river/retire', {}))).rule.status).toBe('retired');
    const rules = (await json<{ rules: RuleView[] }>(await admin.api('/rules'))).rules;
    expect(rules.find((r) => r.code === 'clean_river')?.status).toBe('retired');
  });
});

describe(`devices (${backendName})`, () => {
  const code = 'DEV-ADMIN-001';
  const reading = () => ({ readings: [{ deviceCode: code, ts: new Date().toISOString(), value: 1 }] });

  it('registers a device in the grid at its position; its readings are accepted at once', async () => {
    const readings = await hub.integrationClient(['readings']);
    expect((await errorOf(await readings.post('/readings', reading()))).error).toBe('unknown_device');

    const [place] = await hub.db.query<{ code: string; lon: number; lat: number }>(`SELECT code, lon, lat FROM places WHERE kind = 'reservoir' ORDER BY code LIMIT 1`);
    const res = await admin.post('/devices', {
      code, name: '新建水位计', type: 'water_level', lon: place!.lon, lat: place!.lat, unit: 'm',
      normalMin: 3, normalMax: 6, warnAbove: 7.5, criticalAbove: 8.5, placeCode: place!.code,
    });
    expect(res.status).toBe(201);
    const { device } = await json<{ device: DeviceView }>(res);
    expect(device.gridCode).toBe(hub.township.locateGrid(place!.lon, place!.lat)!.code);
    expect((await readings.post('/readings', reading())).status).toBe(201);
    const listed = (await json<{ devices: DeviceView[] }>(await admin.api('/devices'))).devices.find((d) => d.code === code);
    expect(listed).toMatchObject({ active: true, lastValue: 1, thresholds: { criticalAbove: 8.5 } });
  });

  it('refuses a device outside the township, thresholds out of order, and a code in use', async () => {
    const base = { code: 'DEV-ADMIN-002', name: '烟感', type: 'smoke', lon: 116.39, lat: 39.91, unit: '', normalMin: 0, normalMax: 1, warnAbove: 1, criticalAbove: 2 };
    expect((await errorOf(await admin.post('/devices', base))).error).toBe('outside_township');
    const inverted = await admin.post('/devices', { ...base, warnAbove: 5, criticalAbove: 4 });
    expect((await errorOf(inverted)).issues?.map((i) => i.path)).toEqual(['criticalAbove']);
    const [place] = await hub.db.query<{ lon: number; lat: number }>('SELECT lon, lat FROM places ORDER BY code LIMIT 1');
    expect((await admin.post('/devices', { ...base, ...place, code })).status).toBe(409);
  });

  it('refuses readings of a device once it is deactivated', async () => {
    const readings = await hub.integrationClient(['readings']);
    const res = await admin.post(`/devices/${code}/deactivate`, {});
    expect(res.status).toBe(200);
    expect((await json<{ device: DeviceView }>(res)).device.active).toBe(false);
    expect((await errorOf(await readings.post('/readings', reading()))).error).toBe('unknown_device');
    expect((await admin.post('/devices/DEV-NOPE/deactivate', {})).status).toBe(404);
  });
});

describe(`the audit log (${backendName})`, () => {
  it('holds a row for each administrative change, naming actor, target and address', async () => {
    const [created] = await lastAudit('target=user:duty.wang&action=user.created');
    expect(created).toMatchObject({ actor: `user:${admin.username}`, action: 'user.created', target: 'user:duty.wang' });
    expect(created!.ip).toBeTruthy();
    const ruleSteps = await lastAudit('target=rule:clean_river');
    expect(ruleSteps.map((e) => e.action)).toEqual(['rule.retired', 'rule.approved', 'rule.declared', 'rule.proposed']);
  });

  it('filters by prefix and time, newest first, in pages', async () => {
    const first = await json<AuditPage>(await admin.api('/audit?action=rule.&limit=2'));
    expect(first.entries).toHaveLength(2);
    expect(first.entries[0]!.id).toBeGreaterThan(first.entries[1]!.id);
    expect(first.entries.every((e) => e.action.startsWith('rule.'))).toBe(true);
    const second = await json<AuditPage>(await admin.api(`/audit?action=rule.&limit=2&before=${first.nextBefore}`));
    expect(second.entries.every((e) => e.id < first.nextBefore!)).toBe(true);

    const future = encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString());
    expect(await lastAudit(`from=${future}`)).toEqual([]);
  });

  it.each([
    ['a limit over 1000', 'limit=5000', 'limit'],
    ['a time without zone', 'from=2026-11-21T08:00:00', 'from'],
    ['an unknown filter', 'who=admin', '(body)'],
  ])('answers 400 for %s', async (_case, query, path) => {
    const res = await admin.api(`/audit?${query}`);
    expect(res.status).toBe(400);
    expect((await errorOf(res)).issues?.map((i) => i.path)).toContain(path);
  });

  it('exports CSV that Excel opens in Chinese, with formulas neutralised, and audits the export', async () => {
    await audit(hub.db, { actor: 'integration:test', action: 'probe.csv', target: '=HYPERLINK("http://evil.example/","点我")', detail: { note: '值班, "夜班"' } });
    const res = await admin.api('/audit/export.csv?action=probe.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,at,actor,action,target,detail,ip');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`,"'=HYPERLINK(""http://evil.example/"",""点我"")",`);
    expect(lines[1]).toContain('"{""note"":""值班, \\""夜班\\""""}"');

    const [exported] = await lastAudit('action=audit.exported');
    expect(exported).toMatchObject({ actor: `user:${admin.username}`, detail: { rows: 1 } });
  });

  it('keeps the audit log append-only: rows cannot be updated or deleted', async () => {
    await expect(hub.db.query(`UPDATE audit_log SET actor = 'nobody' WHERE action = 'user.created'`)).rejects.toThrow(/append-only/);
    await expect(hub.db.query(`DELETE FROM audit_log WHERE action = 'probe.csv'`)).rejects.toThrow(/append-only/);
  });

  it('lets nobody but an administrator read or export it', async () => {
    const leader = await hub.signIn('leader');
    expect((await leader.api('/audit')).status).toBe(403);
    expect((await leader.api('/audit/export.csv')).status).toBe(403);
  });
});
