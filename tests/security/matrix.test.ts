// The role × action table of docs/security.md, checked cell by cell against a running hub: every
// allowed pair succeeds, every other pair is refused with 403, and no credential at all gets 401.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventAccepted } from '../../contract/api.ts';
import { ACTIONS, can, PERMISSIONS, type Action } from '../../api/auth/permissions.ts';
import type { IntegrationScope, Principal } from '../../api/auth/principal.ts';
import { backendName, startTestHub, type Client, type SignedIn, type TestHub } from '../support/hub.ts';

const COLUMNS = ['leader', 'duty_officer', 'grid_leader', 'grid_worker', 'display', 'admin', 'key:events', 'key:readings', 'key:patrol', 'key:points', 'key:tasks', 'key:county'] as const;
type Column = (typeof COLUMNS)[number];

/** The documented table: action → column → allowed. */
function documentedMatrix(): Map<string, Map<string, boolean>> {
  const lines = readFileSync('docs/security.md', 'utf8').split('\n');
  const headerAt = lines.findIndex((line) => line.startsWith('| action |'));
  if (headerAt < 0) throw new Error('docs/security.md has no "| action |" table');
  const header = lines[headerAt]!.split('|').map((c) => c.trim()).filter(Boolean).slice(1);
  const matrix = new Map<string, Map<string, boolean>>();
  for (const line of lines.slice(headerAt + 2)) {
    if (!line.startsWith('|')) break;
    const [action, ...cells] = line.split('|').map((c) => c.trim()).filter(Boolean);
    matrix.set(action!, new Map(header.map((column, i) => [column, cells[i] === 'yes'])));
  }
  return matrix;
}

/** The table in docs/security.md, read once. */
const DOCUMENTED = documentedMatrix();

/** A principal of the column's kind, enough for the permission table (scope does not matter there). */
function principalFor(column: Column): Principal {
  const scope = { townshipCode: '330825101' };
  if (column.startsWith('key:')) return { kind: 'integration', id: 1, name: column, scopes: [column.slice(4) as IntegrationScope], scope };
  if (column === 'display') return { kind: 'display', id: 1, role: 'display', name: 'wall', scope, expiresAt: null };
  return { kind: 'user', id: 1, username: column, role: column as Exclude<Column, 'display' | `key:${string}`>, scope, workerCode: null,
    sessionId: 1, expiresAt: new Date(Date.now() + 3_600_000), mustChangePassword: false };
}

let hub: TestHub;
let duty: SignedIn;
let machine: Client;
const clients = new Map<Column, Client>();
let place: { lon: number; lat: number; grid_code: string };
let device: { code: string; critical_above: number; normal_min: number };
let personCode: string;
let someWorker: string;
let clock = Date.now() - 3_600_000;
const nextTs = () => new Date((clock += 1000)).toISOString();

async function newEvent(steps: string[]): Promise<number> {
  const res = await duty.post('/events', { title: '矩阵测试事件', category: 'environment', source: 'grid_patrol', lon: place.lon, lat: place.lat });
  const { event } = (await res.json()) as EventAccepted;
  for (const to of steps) {
    const step = await duty.post(`/events/${event.id}/transition`, { to });
    if (step.status !== 200) throw new Error(`setup step to ${to} answered ${step.status}`);
  }
  return event.id;
}

async function newActiveAlarm(): Promise<number> {
  await machine.post('/readings', { readings: [{ deviceCode: device.code, ts: nextTs(), value: device.normal_min }] }); // clears open alarms
  await machine.post('/readings', { readings: [{ deviceCode: device.code, ts: nextTs(), value: device.critical_above + 1 }] });
  const [alarm] = await hub.db.query<{ id: number }>(`SELECT id FROM alarms WHERE device_code = $1 AND status = 'active' ORDER BY id DESC LIMIT 1`, [device.code]);
  return alarm!.id;
}

let warningSerial = 0;
/** A raised warning to act on. Written directly: the probe is the request, not how the warning came (a rule whose hold outlasts the test, so the hub does not resolve it meanwhile). */
async function newWarning(): Promise<number> {
  const [warning] = await hub.db.query<{ id: number }>(
    `INSERT INTO warnings (township_code, rule_code, kind, level, subject, title, evidence)
     VALUES ($1, 'WR-FLOOD-CLUSTER', 'cluster', 'yellow', $2, '矩阵测试预警', '{"kind": "cluster"}') RETURNING id`,
    [hub.township.code, `matrix:${++warningSerial}`]);
  return warning!.id;
}

let incidentId: number | undefined;
let shelterCode: string;
/** One open incident for the hazard-area probes (opened directly: the probe is the hazard area). */
async function openIncident(): Promise<number> {
  incidentId ??= (await hub.db.query<{ id: number }>(
    `INSERT INTO incidents (township_code, number, title, kind, response_level, opened_by) VALUES ($1, 'MATRIX-1', '矩阵测试', 'other', 'IV', 'test') RETURNING id`,
    [hub.township.code]))[0]!.id;
  return incidentId;
}

const workerOf = (c: Client) => (c as Partial<SignedIn>).workerCode ?? someWorker;

/** An open task the caller may answer if its role may: its own when it is a grid worker or leader, else a department's. */
async function newTask(c: Client): Promise<number> {
  const own = (c as Partial<SignedIn>).workerCode;
  const party = own ? { kind: 'worker', code: own } : { kind: 'department', code: 'DEP-POLICE' };
  const res = await duty.post(`/events/${await newEvent([])}/dispatch`, { tasks: [{ party, dueMinutes: 30 }] });
  if (res.status !== 201) throw new Error(`setup dispatch answered ${res.status} ${await res.text()}`);
  return ((await res.json()) as { tasks: { id: number }[] }).tasks[0]!.id;
}

/** An event with a second report linked to it. */
async function linkedReport(): Promise<[number, number]> {
  const id = await newEvent([]);
  const res = await duty.post('/events', { title: '矩阵测试重复', category: 'environment', source: 'hotline_12345', lon: place.lon, lat: place.lat, duplicateOf: id });
  const body = (await res.json()) as EventAccepted;
  return [id, body.linked!.reportId];
}

let departmentSerial = 0;

/** One representative request per action, made fresh for each caller (state-changing ones get their own record). */
const PROBES: Record<Action, (c: Client) => Promise<Response>> = {
  'map.read': (c) => c.api('/layers/villages'),
  'stats.read': (c) => c.api('/stats'),
  'stats.verify': (c) => c.api('/stats/verify'),
  'events.read': (c) => c.api('/events'),
  'events.report': (c) => c.post('/events', { title: '矩阵测试上报', category: 'traffic', source: 'grid_patrol', lon: place.lon, lat: place.lat }),
  'events.assign': async (c) => c.post(`/events/${await newEvent([])}/transition`, { to: 'assigned' }),
  'events.handle': async (c) => c.post(`/events/${await newEvent(['assigned'])}/transition`, { to: 'handling' }),
  'events.verify': async (c) => c.post(`/events/${await newEvent(['assigned', 'handling', 'feedback'])}/transition`, { to: 'verifying' }),
  'events.close': async (c) => c.post(`/events/${await newEvent(['assigned', 'handling', 'feedback', 'verifying'])}/transition`, { to: 'closed' }),
  'events.export': (c) => c.api('/events/export.csv'),
  'alarms.read': (c) => c.api('/alarms'),
  'alarms.acknowledge': async (c) => c.post(`/alarms/${await newActiveAlarm()}/acknowledge`, {}),
  'mode.read': (c) => c.api('/mode'),
  'mode.switch': (c) => c.post('/mode', { mode: 'peacetime', reason: '矩阵测试' }),
  'people.read': (c) => c.api('/people'),
  'people.unmask': (c) => c.api(`/people/${personCode}?unmask=true&reason=matrix-test`),
  'catalogue.read': (c) => c.api('/catalogue'),
  'catalogue.manage': (c) => c.post('/catalogue/departments', { code: `DEP-MATRIX-${++departmentSerial}`, name: '矩阵测试部门', kind: 'civil',
    contactName: '测试', phone: '13800138000', lon: place.lon, lat: place.lat }),
  'events.dispatch': async (c) => c.api(`/events/${await newEvent([])}/recommendations`),
  'events.supervise': async (c) => c.post(`/events/${await newEvent([])}/supervise`, { text: '矩阵测试督办' }),
  'events.escalate': async (c) => c.post(`/events/${await newEvent([])}/escalate`, { reason: '矩阵测试上报' }),
  'events.unlink': async (c) => {
    const [event, report] = await linkedReport();
    return c.post(`/events/${event}/reports/${report}/unlink`, {});
  },
  'tasks.read': (c) => c.api('/tasks'),
  'tasks.answer': async (c) => c.post(`/tasks/${await newTask(c)}/transition`, { to: 'accepted' }),
  'escalations.read': (c) => c.api('/escalations'),
  'alarms.to_event': async (c) => c.post(`/alarms/${await newActiveAlarm()}/event`, {}),
  'readings.ingest': (c) => c.post('/readings', { readings: [{ deviceCode: device.code, ts: nextTs(), value: device.normal_min }] }),
  'patrol.report': (c) => c.post('/patrol-positions', { positions: [{ workerCode: workerOf(c), ts: nextTs(), lon: place.lon, lat: place.lat }] }),
  'points.record': (c) => c.post('/points', { ruleCode: 'report_event', workerCode: someWorker, ts: nextTs() }),
  'users.manage': (c) => c.api('/users'),
  'rules.manage': (c) => c.api('/rules'),
  'devices.manage': (c) => c.api('/devices'),
  'keys.manage': (c) => c.api('/api-keys'),
  'audit.read': (c) => c.api('/audit'),
  'warnings.read': (c) => c.api('/warnings'),
  'warnings.handle': async (c) => c.post(`/warnings/${await newWarning()}/acknowledge`, {}),
  'warning_rules.read': (c) => c.api('/warning-rules'),
  'warning_rules.manage': (c) => c.put('/warning-rules/WR-FIRE-CLUSTER', { holdMinutes: 60 }),
  'incidents.read': (c) => c.api('/incidents'),
  'incidents.manage': (c) => c.post('/incidents', { title: '矩阵测试突发事件', kind: 'other', responseLevel: 'IV', reason: '矩阵测试' }),
  'shelters.report': async (c) => c.post(`/incidents/${await openIncident()}/shelters/${shelterCode}/arrivals`, { people: 2 }),
  'hazards.edit': async (c) => c.post(`/incidents/${await openIncident()}/hazard-areas`, { method: 'point_buffer', lon: place.lon, lat: place.lat, radiusM: 300, reason: '矩阵测试' }),
};

beforeAll(async () => {
  hub = await startTestHub();
  // A grid with a village committee, key people and a water-level-like device, so every probe has its record.
  [place] = (await hub.db.query<typeof place>(
    `SELECT p.lon, p.lat, p.grid_code FROM places p
     WHERE p.kind = 'village_committee' AND EXISTS (SELECT 1 FROM key_people k WHERE k.grid_code = p.grid_code)
       AND EXISTS (SELECT 1 FROM workers w WHERE w.grid_code = p.grid_code AND w.role = 'grid_worker')
     ORDER BY p.code LIMIT 1`,
  )) as [typeof place];
  [{ code: shelterCode }] = (await hub.db.query<{ code: string }>(`SELECT code FROM places WHERE kind = 'shelter' ORDER BY code LIMIT 1`)) as [{ code: string }];
  [device] = (await hub.db.query<typeof device>(`SELECT code, critical_above, normal_min FROM devices WHERE type = 'water_level' ORDER BY code LIMIT 1`)) as [typeof device];
  personCode = (await hub.db.query<{ code: string }>('SELECT code FROM key_people WHERE grid_code = $1 ORDER BY code LIMIT 1', [place.grid_code]))[0]!.code;
  someWorker = (await hub.db.query<{ code: string }>(`SELECT code FROM workers WHERE grid_code = $1 ORDER BY code LIMIT 1`, [place.grid_code]))[0]!.code;

  duty = await hub.signIn('duty_officer');
  machine = await hub.integrationClient();
  clients.set('leader', await hub.signIn('leader'));
  clients.set('duty_officer', await hub.signIn('duty_officer'));
  clients.set('grid_leader', await hub.signIn('grid_leader', { gridCode: place.grid_code }));
  clients.set('grid_worker', await hub.signIn('grid_worker', { gridCode: place.grid_code }));
  clients.set('display', await hub.displayClient());
  clients.set('admin', await hub.signIn('admin'));
  for (const scope of ['events', 'readings', 'patrol', 'points', 'tasks', 'county'] as const) clients.set(`key:${scope}`, await hub.integrationClient([scope]));
}, 120_000);
afterAll(() => hub?.stop());

describe('the documented role × action table', () => {
  it('lists every action the hub knows, and says exactly what the permission table says', () => {
    const documented = DOCUMENTED;
    expect([...documented.keys()].sort()).toEqual([...ACTIONS].sort());
    for (const action of ACTIONS) {
      for (const column of COLUMNS) {
        expect({ action, column, allowed: documented.get(action)?.get(column) }).toEqual({ action, column, allowed: can(principalFor(column), action) });
      }
    }
  });

  it('grants every action to someone', () => {
    for (const action of ACTIONS) expect(PERMISSIONS[action].length).toBeGreaterThan(0);
  });
});

describe(`every role × action against the hub (${backendName})`, () => {
  it.each(ACTIONS)('%s: allowed callers succeed, all others get 403, no credential gets 401', async (action) => {
    const documented = DOCUMENTED.get(action)!;
    const outcomes: string[] = [];
    for (const column of COLUMNS) {
      const res = await PROBES[action](clients.get(column)!);
      const allowed = documented.get(column);
      const ok = allowed ? res.status >= 200 && res.status < 300 : res.status === 403;
      if (!ok) outcomes.push(`${column}: expected ${allowed ? '2xx' : '403'}, got ${res.status} ${await res.text()}`);
    }
    const anonymous = await PROBES[action](hub.anonymous);
    if (anonymous.status !== 401) outcomes.push(`no credential: expected 401, got ${anonymous.status}`);
    expect(outcomes).toEqual([]);
  });
});
