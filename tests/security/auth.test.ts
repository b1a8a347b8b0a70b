// Sign-in, lockout, password change, sign-out and revocation end to end, against a real hub: what a
// person, a wall screen or an integration can still do after each step, and what the audit log kept.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginResponse } from '../../contract/api.ts';
import { disableDormantAccounts } from '../../api/auth/accounts.ts';
import { hashToken } from '../../api/auth/tokens.ts';
import { TEST_ADMIN_PASSWORD, testConfig } from '../../api/config.ts';
import type { DisplayTokenView } from '../../api/domain/admin/credentials.ts';
import type { UserView } from '../../api/domain/admin/users.ts';
import { startHub } from '../../api/hub.ts';
import { backendName, errorOf, isolatedDatabase, json, startTestHub, TEST_USER_PASSWORD, type Client, type SignedIn, type TestHub, type WallSocket } from '../support/hub.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DAY_MS = 86_400_000;

let hub: TestHub;
let admin: Client;

beforeAll(async () => {
  hub = await startTestHub();
  const res = await hub.login('admin', TEST_ADMIN_PASSWORD);
  if (res.status !== 200) throw new Error(`admin sign-in failed: ${res.status} ${await res.text()}`);
  admin = hub.client(((await res.json()) as LoginResponse).token);
});
afterAll(() => hub?.stop());

const login = (username: string, password: string, on: TestHub = hub) => on.login(username, password);
const userRow = async (username: string) =>
  (await hub.db.query<{ id: number; failed_attempts: number; locked_until: Date | null; disabled_at: Date | null }>(
    'SELECT id, failed_attempts, locked_until, disabled_at FROM users WHERE username = $1', [username],
  ))[0]!;
const auditActions = async (actor: string) =>
  (await hub.db.query<{ action: string; detail: Record<string, unknown> }>('SELECT action, detail FROM audit_log WHERE actor = $1 ORDER BY id', [actor]));
/** Resolves when the server closes the socket. */
const closed = (socket: WallSocket) => new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
/** The message of the connect_error a socket with this token gets. */
const connectError = (client: Client) => client.connect().then(() => 'connected', (error: Error) => error.message);
const createUser = async (username: string, role = 'duty_officer') => {
  const res = await admin.post('/users', { username, displayName: username, role });
  expect(res.status).toBe(201);
  return json<{ user: UserView; oneTimePassword: string }>(res);
};

describe(`sign-in (${backendName})`, () => {
  it('returns a token that opens the guarded routes of the role, and /auth/me describes the person behind it', async () => {
    const officer = await hub.signIn('duty_officer');
    const res = await login(officer.username, TEST_USER_PASSWORD);
    expect(res.status).toBe(200);
    const session = await json<LoginResponse>(res);
    expect(session.token).toMatch(/^cws_/);
    expect(session.mustChangePassword).toBe(false);
    expect(session.user).toMatchObject({ username: officer.username, role: 'duty_officer', townshipCode: hub.township.code });
    const expiresIn = Date.parse(session.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(11.9 * 3_600_000);
    expect(expiresIn).toBeLessThanOrEqual(12 * 3_600_000);

    const person = hub.client(session.token);
    expect((await person.api('/stats')).status).toBe(200);
    const me = await json<Record<string, unknown>>(await person.api('/auth/me'));
    expect(me).toMatchObject({ kind: 'user', role: 'duty_officer', username: officer.username, mustChangePassword: false, scope: { townshipCode: hub.township.code } });
    expect(me.expiresAt).toBe(session.expiresAt);
    expect(JSON.stringify(me)).not.toMatch(/hash|password_/i);
  });

  it('answers a wrong password and an unknown username alike: 401 with the same message', async () => {
    const officer = await hub.signIn('duty_officer');
    const wrong = await login(officer.username, 'Not-the-password-1');
    const unknown = await login(`nobody_${randomBytes(3).toString('hex')}`, 'Not-the-password-1');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [a, b] = [await errorOf(wrong), await errorOf(unknown)];
    expect(a).toEqual(b);
    expect(a.error).toBe('unauthorized');
    expect(a.message).not.toMatch(/exist|unknown|no such/i);
  });

  it('refuses a request without a token, with a malformed one and with an unknown one: 401', async () => {
    expect((await hub.anonymous.api('/stats')).status).toBe(401);
    for (const token of ['garbage', 'cws_', `cws_${randomBytes(32).toString('base64url')}`, `cwd_${randomBytes(32).toString('base64url')}`]) {
      const res = await hub.client(token).api('/stats');
      expect(res.status, token).toBe(401);
      expect((await errorOf(res)).error).toBe('unauthorized');
    }
    expect((await hub.anonymous.api('/stats', { headers: { 'x-api-key': `cwk_${randomBytes(32).toString('base64url')}` } })).status).toBe(401);
  });
});

describe(`account lockout (${backendName})`, () => {
  it('locks the account after five wrong passwords: even the right one answers 423 until the lock ends', async () => {
    const officer = await hub.signIn('duty_officer');
    for (let i = 1; i <= 5; i++) expect((await login(officer.username, `Wrong-password-${i}`)).status).toBe(401);

    const locked = await login(officer.username, TEST_USER_PASSWORD);
    expect(locked.status).toBe(423);
    const body = await errorOf(locked);
    expect(body.error).toBe('account_locked');
    const row = await userRow(officer.username);
    expect(row.locked_until!.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    expect(row.locked_until!.getTime()).toBeLessThanOrEqual(Date.now() + 15 * 60_000);

    const actions = await auditActions(`user:${officer.username}`);
    expect(actions.map((a) => a.action)).toEqual([
      'auth.login', 'auth.login_failed', 'auth.login_failed', 'auth.login_failed', 'auth.login_failed', 'auth.locked', 'auth.login_refused',
    ]);
    expect(actions.filter((a) => a.action === 'auth.login_failed').map((a) => a.detail.failures)).toEqual([1, 2, 3, 4]);
    expect(actions.find((a) => a.action === 'auth.locked')!.detail).toEqual({ failures: 5 });
  });

  it('lets the right password in once the lock has passed, and starts counting failures from zero again', async () => {
    const officer = await hub.signIn('duty_officer');
    for (let i = 1; i <= 5; i++) await login(officer.username, `Wrong-password-${i}`);
    expect((await login(officer.username, TEST_USER_PASSWORD)).status).toBe(423);

    await hub.db.query(`UPDATE users SET locked_until = now() - interval '1 second' WHERE username = $1`, [officer.username]);
    const res = await login(officer.username, TEST_USER_PASSWORD);
    expect(res.status).toBe(200);
    expect(await userRow(officer.username)).toMatchObject({ failed_attempts: 0, locked_until: null });

    // Four more failures are not a lock: the counter started again from zero.
    for (let i = 1; i <= 4; i++) expect((await login(officer.username, `Wrong-again-${i}`)).status).toBe(401);
    expect((await userRow(officer.username)).failed_attempts).toBe(4);
    expect((await login(officer.username, TEST_USER_PASSWORD)).status).toBe(200);
    expect((await userRow(officer.username)).failed_attempts).toBe(0);
  });

  it('locks the account when the wrong passwords arrive all at once', async () => {
    // Each attempt reads failed_attempts, spends ~30 ms in Argon2, then writes its own count + 1:
    // concurrent attempts overwrite each other and the count never reaches five.
    const officer = await hub.signIn('duty_officer');
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => login(officer.username, `Parallel-wrong-${i}`)));
    expect(answers.map((r) => r.status).every((s) => s === 401 || s === 423)).toBe(true);
    const after = await userRow(officer.username);
    const res = await login(officer.username, TEST_USER_PASSWORD);
    expect(res.status, `after 10 concurrent failures: failed_attempts ${after.failed_attempts}, locked_until ${String(after.locked_until)}`).toBe(423);
  });
});

describe(`initial passwords (${backendName})`, () => {
  it('makes an account with a one-time password change it before anything else, and only to a good one', async () => {
    const { user, oneTimePassword } = await createUser('duty.li');
    expect(user.mustChangePassword).toBe(true);

    const first = await login('duty.li', oneTimePassword);
    expect(first.status).toBe(200);
    const session = await json<LoginResponse>(first);
    expect(session.mustChangePassword).toBe(true);
    const person = hub.client(session.token);
    expect(await json<{ mustChangePassword: boolean }>(await person.api('/auth/me'))).toMatchObject({ mustChangePassword: true });

    for (const [method, path] of [['GET', '/stats'], ['GET', '/events'], ['GET', '/township'], ['GET', '/alarms'], ['GET', '/mode'], ['GET', '/people'], ['POST', '/events']] as const) {
      const res = method === 'GET' ? await person.api(path) : await person.post(path, {});
      expect(res.status, `${method} ${path}`).toBe(403);
      expect((await errorOf(res)).error, `${method} ${path}`).toBe('password_change_required');
    }
    expect(await connectError(person)).toMatch(/^forbidden/);

    const weak: [string, string][] = [
      ['too short', 'Ab3defg'],
      ['without a digit', 'Abcdefghijklmn'],
      ['without a letter', '12345678901234'],
      ['containing the username', 'Xduty.Li2026'],
      ['the same as the current one', oneTimePassword],
    ];
    for (const [why, newPassword] of weak) {
      const res = await person.post('/auth/password', { currentPassword: oneTimePassword, newPassword });
      expect(res.status, why).toBe(400);
      const body = await errorOf(res);
      expect(body.error, why).toBe('validation');
      expect(body.issues?.map((i) => i.path), why).toEqual(['newPassword']);
    }
    const wrongCurrent = await person.post('/auth/password', { currentPassword: 'Not-the-current-1', newPassword: 'Duty-room-2027' });
    expect((await errorOf(wrongCurrent)).issues?.map((i) => i.path)).toEqual(['currentPassword']);
    expect((await person.api('/stats')).status).toBe(403);

    expect((await person.post('/auth/password', { currentPassword: oneTimePassword, newPassword: 'Duty-room-2027' })).status).toBe(204);
    expect((await person.api('/stats')).status).toBe(200);
    expect((await person.api('/events')).status).toBe(200);
    expect((await login('duty.li', oneTimePassword)).status).toBe(401);
    const next = await login('duty.li', 'Duty-room-2027');
    expect(next.status).toBe(200);
    expect((await json<LoginResponse>(next)).mustChangePassword).toBe(false);
    expect((await auditActions('user:duty.li')).map((a) => a.action)).toContain('auth.password_changed');
  });
});

describe(`sign-out and revocation (${backendName})`, () => {
  it('signing out revokes the token at once: REST answers 401 and its open socket is closed', async () => {
    const officer = await hub.signIn('duty_officer');
    const { socket } = await officer.connect();
    const disconnected = closed(socket);
    expect((await officer.post('/auth/logout', {})).status).toBe(204);
    expect(await disconnected).toBe('io server disconnect');
    const res = await officer.api('/stats');
    expect(res.status).toBe(401);
    expect((await errorOf(res)).message).toMatch(/unknown, expired or revoked/);
    expect(await connectError(officer)).toMatch(/^unauthorized/);
    expect((await auditActions(`user:${officer.username}`)).map((a) => a.action)).toContain('auth.logout');
  });

  it('signing out ends only that sign-in: another session of the same person keeps working', async () => {
    const officer = await hub.signIn('duty_officer');
    const other = hub.client((await json<LoginResponse>(await login(officer.username, TEST_USER_PASSWORD))).token);
    expect((await officer.post('/auth/logout', {})).status).toBe(204);
    expect((await other.api('/stats')).status).toBe(200);
  });

  it('refuses a socket with a bogus token (unauthorized) and one with an integration key (forbidden)', async () => {
    expect(await connectError(hub.client('bogus'))).toMatch(/^unauthorized/);
    expect(await connectError(hub.client(`cws_${randomBytes(32).toString('base64url')}`))).toMatch(/^unauthorized/);
    expect(await connectError(await hub.integrationClient())).toMatch(/^forbidden/);
  });

  it('revoking a display token closes the wall socket using it and refuses its REST calls', async () => {
    const res = await admin.post('/display-tokens', { name: '安全测试屏', expiresInDays: 30 });
    expect(res.status).toBe(201);
    const created = await json<DisplayTokenView & { token: string }>(res);
    const wall = hub.client(created.token);
    expect((await wall.api('/stats')).status).toBe(200);
    const { socket, snapshot } = await wall.connect();
    expect(snapshot).toBeTruthy();
    const disconnected = closed(socket);

    expect((await admin.post(`/display-tokens/${created.id}/revoke`, {})).status).toBe(200);
    expect(await disconnected).toBe('io server disconnect');
    expect((await wall.api('/stats')).status).toBe(401);
    expect(await connectError(wall)).toMatch(/^unauthorized/);
  });

  it('refuses a session past its expiry', async () => {
    const officer = await hub.signIn('duty_officer');
    expect((await officer.api('/stats')).status).toBe(200);
    await hub.db.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [hashToken(officer.token)]);
    expect((await officer.api('/stats')).status).toBe(401);
    expect((await officer.api('/auth/me')).status).toBe(401);
    expect(await connectError(officer)).toMatch(/^unauthorized/);
  });
});

describe(`dormant accounts (${backendName})`, () => {
  let dormant: SignedIn;
  let recent: SignedIn;
  const ago = (days: number) => new Date(Date.now() - days * DAY_MS);

  it('disables an account unused for two years, ends its sessions and audits it; one used a year ago stays', async () => {
    dormant = await hub.signIn('grid_worker');
    recent = await hub.signIn('leader');
    await hub.db.query('UPDATE users SET last_login_at = $2, created_at = $2 WHERE username = $1', [dormant.username, ago(2 * 365 + 1)]);
    await hub.db.query('UPDATE users SET last_login_at = $2, created_at = $3 WHERE username = $1', [recent.username, ago(365), ago(3 * 365)]);

    const disabled = (await disableDormantAccounts(hub.db, new Date())).map((u) => u.username);
    expect(disabled).toContain(dormant.username);
    expect(disabled).not.toContain(recent.username);
    expect((await userRow(dormant.username)).disabled_at).not.toBeNull();
    expect((await userRow(recent.username)).disabled_at).toBeNull();

    expect((await dormant.api('/stats')).status).toBe(401);
    const [{ open }] = (await hub.db.query<{ open: number }>(
      'SELECT count(*) AS open FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = $1 AND s.revoked_at IS NULL', [dormant.username],
    )) as [{ open: number }];
    expect(open).toBe(0);
    expect((await recent.api('/stats')).status).toBe(200);

    const refused = await login(dormant.username, TEST_USER_PASSWORD);
    expect(refused.status).toBe(403);
    expect((await errorOf(refused)).error).toBe('account_disabled');
    const [row] = await hub.db.query<{ actor: string; detail: { reason: string } }>(
      `SELECT actor, detail FROM audit_log WHERE action = 'user.disabled' AND target = $1`, [`user:${dormant.username}`],
    );
    expect(row).toMatchObject({ actor: 'system' });
    expect(row!.detail.reason).toMatch(/730 days/);
  });

  it('keeps an account enabled again by an administrator enabled when the job runs next', async () => {
    const { id } = await userRow(dormant.username);
    const res = await admin.post(`/users/${id}/enable`, {});
    expect(res.status).toBe(200);
    expect((await json<{ user: UserView }>(res)).user.disabledAt).toBeNull();

    expect((await disableDormantAccounts(hub.db, new Date())).map((u) => u.username)).not.toContain(dormant.username);
    expect((await userRow(dormant.username)).disabled_at).toBeNull();
    expect((await login(dormant.username, TEST_USER_PASSWORD)).status).toBe(200);
  });
});

describe(`the first administrator (${backendName})`, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cw-first-admin-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  let oneTimePassword: string | undefined;

  it('is created with a one-time password when ADMIN_PASSWORD is unset, and must change it at first sign-in', { timeout: 120_000 }, async () => {
    // On PGlite the folder is kept for the restart below; on PostgreSQL the hub gets a schema of its own.
    const first = await startTestHub({ adminPassword: undefined, ...(backendName === 'pglite' ? { dataDir } : {}) });
    try {
      expect(first.firstAdmin.created).toBe(true);
      oneTimePassword = first.firstAdmin.oneTimePassword;
      expect(oneTimePassword).toMatch(/^[A-Za-z0-9]{16}$/);
      const res = await login('admin', oneTimePassword!, first);
      expect(res.status).toBe(200);
      const session = await json<LoginResponse>(res);
      expect(session.mustChangePassword).toBe(true);
      expect((await first.client(session.token).api('/users')).status).toBe(403);
      expect((await login('admin', TEST_ADMIN_PASSWORD, first)).status).toBe(401);
    } finally {
      await first.stop();
    }
  });

  it.runIf(backendName === 'pglite')('is not created again, nor a new password printed, on the next start of the same database', { timeout: 120_000 }, async () => {
    expect(oneTimePassword).toBeDefined();
    const again = await startTestHub({ adminPassword: undefined, dataDir });
    try {
      expect(again.firstAdmin).toEqual({ created: false });
      const [{ admins }] = (await again.db.query<{ admins: number }>(`SELECT count(*) AS admins FROM users WHERE role = 'admin'`)) as [{ admins: number }];
      expect(admins).toBe(1);
      expect((await login('admin', oneTimePassword!, again)).status).toBe(200);
    } finally {
      await again.stop();
    }
  });

  it('refuses to start with an ADMIN_PASSWORD that breaks the password rules, naming ADMIN_PASSWORD', { timeout: 120_000 }, async () => {
    const isolated = await isolatedDatabase();
    try {
      await expect(startHub(testConfig({ adminPassword: 'admin12345', databaseUrl: isolated?.url }))).rejects.toThrow(/ADMIN_PASSWORD must not contain the username/);
    } finally {
      await isolated?.drop();
    }
  });
});

describe('`npm run hub` on an empty data folder', () => {
  interface Run { stdout: string; stderr: string; url: string; exit: number | string | null; signInStatus: number; mustChange: boolean | undefined }
  let run: Run;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-main-'));
    // Loaded before the hub: notes how many SIGTERM handlers exist at the moment it announces HUB_READY.
    const probe = join(dir, 'ready-probe.mjs');
    writeFileSync(probe, [
      'const write = process.stdout.write.bind(process.stdout);',
      'process.stdout.write = (chunk, ...rest) => {',
      "  if (String(chunk).includes('HUB_READY')) process.stderr.write(`PROBE sigterm-listeners=${process.listenerCount('SIGTERM')}\\n`);",
      '  return write(chunk, ...rest);',
      '};',
    ].join('\n'));
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'silent' };
    delete env.ADMIN_PASSWORD;
    delete env.DATABASE_URL; // its own PGlite folder, whatever the suite runs on
    const child = spawn(process.execPath, ['--import', 'tsx', '--import', pathToFileURL(probe).href, 'api/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        // A first start imports the township into a fresh PGlite folder: generous on a loaded 2-core CI machine.
        const timer = setTimeout(() => reject(new Error(`hub not ready within 90 s; stdout: ${stdout} stderr: ${stderr}`)), 90_000);
        child.stdout.on('data', () => {
          const ready = /HUB_READY (\S+)\n/.exec(stdout);
          if (ready) {
            clearTimeout(timer);
            resolve(ready[1]!);
          }
        });
        void exited.then((code) => reject(new Error(`hub exited with ${code} before it was ready: ${stderr}`)));
      });
      const oneTimePassword = /one-time password ([A-Za-z0-9]+)/.exec(stdout)?.[1] ?? '';
      const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: oneTimePassword }) });
      const body = (await res.json()) as Partial<LoginResponse>;
      // The hub has served a request, so it is past start-up: SIGTERM now must stop it cleanly.
      child.kill('SIGTERM');
      const exit = await Promise.race([exited, new Promise<string>((resolve) => setTimeout(() => resolve('no exit within 20 s'), 20_000))]);
      run = { stdout, stderr, url, exit, signInStatus: res.status, mustChange: body.mustChangePassword };
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);

  it('prints the one-time password of the new administrator exactly once, and it signs in with a change required', () => {
    expect(run.stdout.split('one-time password').length - 1).toBe(1);
    expect(run.stdout).toMatch(/username "admin", one-time password [A-Za-z0-9]{16}\n/);
    expect(run.signInStatus).toBe(200);
    expect(run.mustChange).toBe(true);
  });

  it('stops cleanly, with exit code 0, on SIGTERM', () => {
    expect(run.exit, run.stderr).toBe(0);
  });

  it('already handles SIGTERM when it announces HUB_READY', () => {
    // A parent that stops the hub right after reading HUB_READY (npm start does read it) must not
    // kill it uncleanly: the handlers have to be installed before the line is written.
    const listeners = Number(/PROBE sigterm-listeners=(\d+)/.exec(run.stderr)?.[1]);
    expect(listeners, run.stderr).toBeGreaterThanOrEqual(1);
  });
});

describe(`rate limits (${backendName})`, () => {
  let limited: TestHub;
  beforeAll(async () => {
    limited = await startTestHub({ limits: { loginPerMinute: 3, ingestPerMinute: 2, clockSkewMs: 300_000 } });
  });
  afterAll(() => limited?.stop());

  it('answers the fourth sign-in within a minute from one address with 429 rate_limited, right password or not', async () => {
    for (let i = 0; i < 3; i++) expect((await login(`fuzz_rate_${i}`, 'Whatever-123', limited)).status).toBe(401);
    const res = await login('admin', TEST_ADMIN_PASSWORD, limited);
    expect(res.status).toBe(429);
    expect((await errorOf(res)).error).toBe('rate_limited');
  });

  it('answers the third write within a minute with one credential with 429; another credential is not held up', async () => {
    const machine = await limited.integrationClient(['readings']);
    const [device] = await limited.db.query<{ code: string }>('SELECT code FROM devices ORDER BY code LIMIT 1');
    const batch = () => ({ readings: [{ deviceCode: device!.code, ts: new Date().toISOString(), value: 0 }] });
    expect((await machine.post('/readings', batch())).status).toBe(201);
    expect((await machine.post('/readings', batch())).status).toBe(201);
    const third = await machine.post('/readings', batch());
    expect(third.status).toBe(429);
    expect((await errorOf(third)).error).toBe('rate_limited');
    const other = await limited.integrationClient(['readings']);
    expect((await other.post('/readings', batch())).status).toBe(201);
  });
});

describe(`security headers (${backendName})`, () => {
  it.each(['/', '/api/v1/health'])('sends a strict Content-Security-Policy, nosniff and no X-Powered-By on %s', async (path) => {
    const res = await fetch(`${hub.url}${path}`);
    await res.arrayBuffer();
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).not.toContain("'unsafe-eval'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('never answers an error with a stack trace', async () => {
    const res = await hub.anonymous.post('/auth/login', '{"username": ');
    expect(res.status).toBe(400);
    expect(await res.text()).not.toMatch(/at .+\.(ts|js):\d+/);
  });
});
