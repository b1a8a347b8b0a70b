// Early warning: each kind of rule raises a warning with its evidence when its condition holds, never
// twice while open; the room acknowledges and resolves it; the hub resolves it once the condition
// has stayed clear for the rule's hold time. Rules are the township's and an administrator's to change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody } from '../../contract/api.ts';
import { WARNING_RULE_KINDS, type Warning, type WarningRule } from '../../contract/warnings.ts';
import { distanceM } from '../../api/geo/distance.ts';
import { evaluateWarnings } from '../../api/domain/warnings/warnings.ts';
import { backendName, json, nextMessage, startTestHub, type Client, type SignedIn, type TestHub } from '../support/hub.ts';

let hub: TestHub;
let machine: Client;
let duty: SignedIn;
let admin: SignedIn;
let display: Client;

type Device = { code: string; type: string; lon: number; lat: number; grid_code: string; normal_max: number; warn_above: number; critical_above: number };
const DEVICE_COLUMNS = 'd.code, d.type, d.lon, d.lat, d.grid_code, d.normal_max, d.warn_above, d.critical_above';
let gauges: Device[];

beforeAll(async () => {
  hub = await startTestHub();
  machine = await hub.integrationClient();
  duty = await hub.signIn('duty_officer');
  admin = await hub.signIn('admin');
  display = await hub.displayClient();
  // River and reservoir gauges with no key person near them, so only the rule under test speaks.
  gauges = await hub.db.query<Device>(
    `SELECT ${DEVICE_COLUMNS} FROM devices d WHERE d.type = 'water_level' AND d.active ORDER BY d.code`);
});
afterAll(() => hub?.stop());

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const send = (readings: { deviceCode: string; ts: string; value: number }[]) => machine.post('/readings', { readings });
const openWarnings = async (ruleCode: string, subject: string) =>
  hub.db.query<{ id: number; status: string }>(`SELECT id, status FROM warnings WHERE rule_code = $1 AND subject = $2 AND status <> 'resolved'`, [ruleCode, subject]);
const rule = async (code: string) => (await json<{ rules: WarningRule[] }>(await duty.api('/warning-rules'))).rules.find((r) => r.code === code)!;

describe(`warning rules (${backendName})`, () => {
  it('start with the township\'s defaults, one of each kind', async () => {
    const { rules } = await json<{ rules: WarningRule[] }>(await admin.api('/warning-rules'));
    expect(new Set(rules.map((r) => r.kind))).toEqual(new Set(WARNING_RULE_KINDS));
  });

  it('are changed by an administrator, audited, with parameters checked against the rule\'s kind', async () => {
    const res = await admin.put('/warning-rules/WR-FIRE-CLUSTER', { params: { count: 4 }, level: 'orange' });
    expect(res.status).toBe(200);
    expect(await json<WarningRule>(res)).toMatchObject({ level: 'orange', params: { category: 'fire', count: 4, withinMinutes: 60 } });
    const [audited] = await hub.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'warning_rule.updated' AND target = 'warning_rule:WR-FIRE-CLUSTER'`);
    expect(audited!.n).toBe(1);

    for (const [body, path] of [
      [{ params: { count: 1 } }, 'params.count'],
      [{ params: { risePerHour: 1 } }, 'params'], // not a parameter of a cluster rule
      [{ level: 'purple' }, 'level'],
      [{}, ''],
    ] as const) {
      const refused = await admin.put('/warning-rules/WR-FIRE-CLUSTER', body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(((await json<ErrorBody>(refused)).issues ?? []).map((i) => i.path).join(' ')).toContain(path);
    }
    expect((await admin.put('/warning-rules/WR-NOPE', { level: 'red' })).status).toBe(404);
    expect((await duty.put('/warning-rules/WR-FIRE-CLUSTER', { level: 'red' })).status).toBe(403);
  });
});

describe(`warnings (${backendName})`, () => {
  it('a threshold rule: raised with its evidence, pushed, never twice while open, acknowledged and resolved, and not straight back', async () => {
    const gauge = gauges[0]!;
    const { socket } = await display.connect();
    const raised = nextMessage(socket, 'warning:new', (w) => w.ruleCode === 'WR-WL-CRITICAL' && w.subject === `device:${gauge.code}`);
    await send([{ deviceCode: gauge.code, ts: minutesAgo(0), value: gauge.critical_above + 0.5 }]);
    const warning = await raised;
    expect(warning).toMatchObject({ status: 'raised', level: 'orange', gridCode: gauge.grid_code, proposedResponseLevel: 'II',
      evidence: { kind: 'threshold', deviceCode: gauge.code, severity: 'critical', value: gauge.critical_above + 0.5, threshold: gauge.critical_above } });

    await send([{ deviceCode: gauge.code, ts: minutesAgo(0), value: gauge.critical_above + 1 }]);
    await evaluateWarnings(hub.db, hub.township.code);
    expect(await openWarnings('WR-WL-CRITICAL', `device:${gauge.code}`)).toHaveLength(1);

    const acknowledged = nextMessage(socket, 'warning:updated', (w) => w.id === warning.id);
    expect((await duty.post(`/warnings/${warning.id}/acknowledge`, {})).status).toBe(200);
    expect(await acknowledged).toMatchObject({ status: 'acknowledged', acknowledgedBy: `user:${duty.username}` });
    expect((await duty.post(`/warnings/${warning.id}/acknowledge`, {})).status).toBe(409);

    expect((await duty.post(`/warnings/${warning.id}/resolve`, {})).status).toBe(400); // a reason is required
    const resolved = nextMessage(socket, 'warning:updated', (w) => w.id === warning.id && w.status === 'resolved');
    expect((await duty.post(`/warnings/${warning.id}/resolve`, { reason: '已安排人员值守' })).status).toBe(200);
    expect(await resolved).toMatchObject({ resolvedBy: `user:${duty.username}`, resolution: '已安排人员值守' });

    // The level still stands over the threshold, but the room has dealt with it: no new warning until it clears.
    await evaluateWarnings(hub.db, hub.township.code);
    expect(await openWarnings('WR-WL-CRITICAL', `device:${gauge.code}`)).toHaveLength(0);
    // Once clear and over again, it warns again.
    await send([{ deviceCode: gauge.code, ts: minutesAgo(0), value: gauge.normal_max - 1 }]);
    await evaluateWarnings(hub.db, hub.township.code);
    await send([{ deviceCode: gauge.code, ts: minutesAgo(0), value: gauge.critical_above + 0.2 }]);
    await evaluateWarnings(hub.db, hub.township.code);
    expect(await openWarnings('WR-WL-CRITICAL', `device:${gauge.code}`)).toHaveLength(1);
  });

  it('is never duplicated by two evaluations at once', async () => {
    const gauge = gauges[1]!;
    await send([{ deviceCode: gauge.code, ts: minutesAgo(0), value: gauge.critical_above + 0.3 }]);
    await Promise.all([evaluateWarnings(hub.db, hub.township.code), evaluateWarnings(hub.db, hub.township.code), evaluateWarnings(hub.db, hub.township.code)]);
    expect(await openWarnings('WR-WL-CRITICAL', `device:${gauge.code}`)).toHaveLength(1);
  });

  it('a rate-of-rise rule: a gauge rising fast above its normal range, not one rising inside it or standing high', async () => {
    const [rising, insideNormal, standing] = [gauges[2]!, gauges[3]!, gauges[4]!];
    const series = (device: Device, start: number, perHour: number) =>
      Array.from({ length: 8 }, (_, i) => ({ deviceCode: device.code, ts: minutesAgo(35 - i * 5), value: Number((start + (perHour * i * 5) / 60).toFixed(3)) }));
    const { socket } = await duty.connect();
    const raised = nextMessage(socket, 'warning:new', (w) => w.ruleCode === 'WR-WL-RISE' && w.subject === `device:${rising.code}`);
    // 1.2 m an hour, from just above normal: well over the default 0.5 m/h.
    await send([...series(rising, rising.normal_max + 0.1, 1.2), ...series(insideNormal, insideNormal.normal_max - 2.5, 1.2), ...series(standing, standing.normal_max + 0.5, 0)]);
    const warning = await raised;
    expect(warning.evidence).toMatchObject({ kind: 'rate_of_rise', deviceCode: rising.code, limitPerHour: 0.5 });
    if (warning.evidence.kind !== 'rate_of_rise') throw new Error('unreachable');
    expect(warning.evidence.risePerHour).toBeCloseTo(1.2, 3);
    expect(warning.evidence.readings).toHaveLength(8);
    await evaluateWarnings(hub.db, hub.township.code);
    expect(await openWarnings('WR-WL-RISE', `device:${insideNormal.code}`)).toHaveLength(0);
    expect(await openWarnings('WR-WL-RISE', `device:${standing.code}`)).toHaveLength(0);
  });

  it('a cluster rule: the third flood report in one grid within two hours', async () => {
    const [grid] = await hub.db.query<{ code: string; lon: number; lat: number }>(
      `SELECT g.code, p.lon, p.lat FROM grids g JOIN places p ON p.grid_code = g.code WHERE p.kind = 'village_committee' ORDER BY g.code DESC LIMIT 1`);
    const { socket } = await duty.connect();
    const raised = nextMessage(socket, 'warning:new', (w) => w.ruleCode === 'WR-FLOOD-CLUSTER' && w.subject === `grid:${grid!.code}:flood`);
    const numbers: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await machine.post('/events', { title: `路面积水${i}`, category: 'flood', source: 'grid_patrol', lon: grid!.lon + i * 0.0003, lat: grid!.lat });
      expect(res.status).toBe(201);
      numbers.push((await json<{ event: { number: string } }>(res)).event.number);
    }
    const warning = await raised;
    expect(warning.evidence).toMatchObject({ kind: 'cluster', gridCode: grid!.code, count: 3, withinMinutes: 120 });
    if (warning.evidence.kind !== 'cluster') throw new Error('unreachable');
    expect(warning.evidence.events.map((e) => e.number)).toEqual(numbers);
  });

  it('an overdue rule: an open significant event past its deadline', async () => {
    const [place] = await hub.db.query<{ lon: number; lat: number }>(`SELECT lon, lat FROM places WHERE kind = 'school' ORDER BY code LIMIT 1`);
    const res = await machine.post('/events', { title: '校门口塌陷', category: 'infrastructure', level: 'significant', source: 'grid_patrol', lon: place!.lon, lat: place!.lat });
    const { event } = await json<{ event: { id: number } }>(res);
    await hub.db.query(`UPDATE events SET deadline_at = now() - interval '1 minute', nearing_at = now() - interval '2 minutes' WHERE id = $1`, [event.id]);
    await evaluateWarnings(hub.db, hub.township.code);
    const [warning] = await openWarnings('WR-OVERDUE', `event:${event.id}`);
    expect(warning).toBeDefined();
  });

  it('a vulnerable-people rule: the key people of the chosen groups within its radius of a critical alarm, counted exactly', async () => {
    const rules = await rule('WR-VULNERABLE');
    const radius = rules.params.radiusM as number;
    const groups = rules.params.groups as string[];
    const people = await hub.db.query<{ code: string; groups: string[]; lon: number; lat: number }>(`SELECT code, groups, lon, lat FROM key_people`);
    const candidates = await hub.db.query<Device>(`SELECT ${DEVICE_COLUMNS} FROM devices d WHERE d.type = 'gas' AND d.active ORDER BY d.code`);
    const near = (d: Device) => people.filter((p) => p.groups.some((g) => groups.includes(g)) && distanceM(d.lon, d.lat, p.lon, p.lat) <= radius);
    const device = candidates.find((d) => near(d).length >= 2)!;
    expect(device).toBeDefined();
    const { socket } = await duty.connect();
    const raised = nextMessage(socket, 'warning:new', (w) => w.ruleCode === 'WR-VULNERABLE' && w.evidence.kind === 'vulnerable_near_alarm' && w.evidence.deviceCode === device.code);
    await send([{ deviceCode: device.code, ts: minutesAgo(0), value: device.critical_above + 1 }]);
    const warning = await raised;
    if (warning.evidence.kind !== 'vulnerable_near_alarm') throw new Error('unreachable');
    const expected = near(device);
    expect(warning.evidence.total).toBe(expected.length);
    expect(warning.evidence.people).toEqual(expected.map((p) => p.code).sort().slice(0, 50));
    // Codes only: no name travels with a warning.
    expect(JSON.stringify(warning)).not.toMatch(/"name"/);
  });

  it('is resolved by the hub once its condition has stayed clear for the rule\'s hold time', async () => {
    expect((await admin.put('/warning-rules/WR-GEO-CRITICAL', { holdMinutes: 0 })).status).toBe(200);
    const [sensor] = await hub.db.query<Device>(`SELECT ${DEVICE_COLUMNS} FROM devices d WHERE d.type = 'geo_hazard' AND d.active ORDER BY d.code LIMIT 1`);
    const { socket } = await duty.connect();
    const raised = nextMessage(socket, 'warning:new', (w) => w.ruleCode === 'WR-GEO-CRITICAL' && w.subject === `device:${sensor!.code}`);
    await send([{ deviceCode: sensor!.code, ts: minutesAgo(0), value: sensor!.critical_above + 1 }]);
    const warning = await raised;
    const resolved = nextMessage(socket, 'warning:updated', (w: Warning) => w.id === warning.id && w.status === 'resolved', 20_000);
    // The hub's own rounds: the one after the reading marks it clear, the next resolves it (clear for 0 minutes).
    await send([{ deviceCode: sensor!.code, ts: minutesAgo(0), value: sensor!.normal_max - 0.1 }]);
    expect(await resolved).toMatchObject({ resolvedBy: 'hub' });
  });

  it('lists open warnings for the wall and answers one by id; 404 for an unknown one', async () => {
    const { warnings } = await json<{ warnings: Warning[] }>(await display.api('/warnings?open=true'));
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.every((w) => w.status !== 'resolved')).toBe(true);
    expect((await display.api(`/warnings/${warnings[0]!.id}`)).status).toBe(200);
    expect((await display.api('/warnings/999999')).status).toBe(404);
    expect((await display.api('/warnings/abc')).status).toBe(400);
  });
});
