// The flood scenario from start to finish against the real hub at accelerated time (a night in under
// a minute or two), with its key moments checked against the database and against what connected
// screens heard: the gauges' alarms, the rate-of-rise warning the incident was opened from, the
// switch to emergency and back seen by every screen, hazard areas that follow the gauge and one drawn
// by hand, impact figures equal to a recount of the rows, evacuation tasks dispatched and all done,
// shelters that recorded the arrivals, and the room back in peacetime. The command refuses bad
// flags and stops with exit 1 when the hub refuses a step.
import { spawn } from 'node:child_process';
import * as turf from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModeState } from '../../contract/api.ts';
import type { HazardUpdate, IncidentTimeline } from '../../contract/incidents.ts';
import { runFloodScenario, type FloodSummary } from '../../mock/scenarios/flood.ts';
import { backendName, json, startTestHub, TEST_USER_PASSWORD, type TestHub, type WallSocket } from '../support/hub.ts';

const SCREENS = 8;
let hub: TestHub;
let summary: FloodSummary;
const lines: string[] = [];
const heard: { modes: ModeState[]; hazards: HazardUpdate[] }[] = [];

beforeAll(async () => {
  hub = await startTestHub();
  const leader = await hub.signIn('leader');
  const { token: apiKey } = await hub.integrationClient(['readings', 'tasks']);
  const display = await hub.displayClient();
  const sockets: WallSocket[] = [];
  for (let i = 0; i < SCREENS; i += 1) {
    const screen = { modes: [] as ModeState[], hazards: [] as HazardUpdate[] };
    heard.push(screen);
    const { socket } = await display.connect();
    socket.on('mode:changed', (state) => screen.modes.push(state));
    socket.on('hazard:updated', (update) => screen.hazards.push(update));
    sockets.push(socket);
  }
  // 2,000×: five simulated minutes between readings are 150 ms, the night half a minute to a minute.
  // Not faster: the hub's work already sets the pace on PGlite, and the idle time between readings
  // leaves a CPU to the test files running beside it (the browser tests' screens must update in seconds).
  summary = await runFloodScenario({ hubUrl: hub.url, apiKey, leader: { username: leader.username, password: TEST_USER_PASSWORD }, speed: 2_000, log: (line) => lines.push(line) });
  await new Promise((resolve) => setTimeout(resolve, 500)); // the last pushes on their way
  for (const socket of sockets) socket.disconnect();
}, 400_000);
afterAll(() => hub?.stop());

const rows = <T extends object>(sql: string, params: unknown[] = []) => hub.db.query<T>(sql, params);

describe(`the flood scenario (${backendName})`, () => {
  it('raised the gauges\' alarms and the rate-of-rise warning the incident was opened from', async () => {
    const alarms = await rows<{ id: number; severity: string; status: string }>(
      `SELECT a.id, a.severity, a.status FROM alarms a JOIN devices d ON d.code = a.device_code WHERE d.code = 'DEV-WL-011' ORDER BY a.id`);
    expect(alarms.map((a) => a.severity)).toEqual(expect.arrayContaining(['warning', 'critical']));
    expect(alarms.every((a) => a.status === 'cleared')).toBe(true);
    expect(summary.alarmsRaised).toBe((await rows<{ n: number }>(`SELECT count(*)::int AS n FROM alarms a JOIN devices d ON d.code = a.device_code WHERE d.place_code LIKE 'PL-RG-%'`))[0]!.n);
    const [warning] = await rows<{ kind: string; subject: string; status: string; incident_id: number }>('SELECT kind, subject, status, incident_id FROM warnings WHERE id = $1', [summary.warningId]);
    expect(warning).toEqual({ kind: 'rate_of_rise', subject: 'device:DEV-WL-011', status: 'resolved', incident_id: summary.incident.id });
    const [incident] = await rows<{ from_kind: string; from_id: number; status: string }>('SELECT from_kind, from_id, status FROM incidents WHERE id = $1', [summary.incident.id]);
    expect(incident).toEqual({ from_kind: 'warning', from_id: summary.warningId, status: 'closed' });
    expect(lines.some((l) => l.includes('预警'))).toBe(true);
  });

  it('switched every connected screen to emergency for the incident and back to peacetime, recorded', async () => {
    const switches = await rows<{ mode: string; incident_id: number | null }>('SELECT mode, incident_id FROM mode_switches ORDER BY id');
    expect(switches).toEqual([{ mode: 'emergency', incident_id: summary.incident.id }, { mode: 'peacetime', incident_id: null }]);
    for (const screen of heard) {
      expect(screen.modes.map((m) => m.mode)).toEqual(['emergency', 'peacetime']);
      expect(screen.modes[0]!.incident?.id).toBe(summary.incident.id);
    }
    const duty = await hub.signIn('duty_officer');
    expect((await json<ModeState>(await duty.api('/mode'))).mode).toBe('peacetime');
  });

  it('let the hazard area follow the gauge as it rose, then took one drawn by hand, each pushed with impact figures equal to a recount of the rows', async () => {
    const areas = await rows<{ version: number; method: string; params: { levelM?: number }; area_m2: number }>(
      'SELECT version, method, params, area_m2 FROM hazard_areas WHERE incident_id = $1 ORDER BY version', [summary.incident.id]);
    expect(areas.length).toBe(summary.hazardVersions);
    const filled = areas.filter((a) => a.method === 'water_level');
    expect(filled.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < filled.length; i += 1) {
      expect(filled[i]!.params.levelM!).toBeGreaterThan(filled[i - 1]!.params.levelM!);
      expect(filled[i]!.area_m2).toBeGreaterThanOrEqual(filled[i - 1]!.area_m2);
    }
    expect(areas.filter((a) => a.method === 'polygon').map((a) => a.version)).toEqual([summary.widenedVersion]);
    expect(areas.at(-1)!.area_m2).toBeGreaterThan(filled.at(-1)!.area_m2);

    const households = await rows<{ lon: number; lat: number; residents: number }>('SELECT lon, lat, residents FROM households');
    const people = await rows<{ lon: number; lat: number }>('SELECT lon, lat FROM key_people');
    for (const screen of heard) expect(screen.hazards.map((h) => h.area.version)).toEqual(areas.map((a) => a.version));
    for (const update of heard[0]!.hazards) {
      const shape = update.area.geometry as Polygon | MultiPolygon;
      const inside = households.filter((h) => turf.booleanPointInPolygon([h.lon, h.lat], shape));
      expect(update.impact.households, `version ${update.area.version}`).toBe(inside.length);
      expect(update.impact.residents, `version ${update.area.version}`).toBe(inside.reduce((s, h) => s + h.residents, 0));
      expect(update.impact.vulnerablePeople, `version ${update.area.version}`).toBe(people.filter((p) => turf.booleanPointInPolygon([p.lon, p.lat], shape)).length);
    }
    expect(summary.maxResidentsInside).toBeGreaterThan(0);
  });

  it('dispatched evacuation for everyone inside, every task done, and the shelters recorded the arrivals', async () => {
    const tasks = await rows<{ status: string }>(
      `SELECT t.status FROM tasks t JOIN events e ON e.id = t.event_id WHERE e.source = 'emergency_command'`);
    expect(tasks.length).toBe(summary.evacuation.tasks);
    expect(tasks.length).toBeGreaterThan(0);
    expect(tasks.every((t) => t.status === 'done')).toBe(true);
    const [assigned] = await rows<{ n: number; places: number }>('SELECT count(*)::int AS n, coalesce(sum(places), 0)::int AS places FROM evacuation_assignments WHERE incident_id = $1', [summary.incident.id]);
    expect(assigned!.n).toBe(summary.evacuation.people);
    expect(summary.evacuation.unassigned).toBe(0);
    expect(summary.evacuation.rounds).toBeGreaterThanOrEqual(2);
    const [arrived] = await rows<{ n: number; shelters: number }>('SELECT coalesce(sum(people), 0)::int AS n, count(DISTINCT shelter_code)::int AS shelters FROM shelter_arrivals WHERE incident_id = $1', [summary.incident.id]);
    expect(arrived).toEqual({ n: summary.sheltered, shelters: summary.shelters });
    // Everyone planned for a shelter arrived there.
    const [planned] = await rows<{ places: number }>('SELECT coalesce(sum(places), 0)::int AS places FROM evacuation_assignments WHERE incident_id = $1 AND shelter_code IS NOT NULL', [summary.incident.id]);
    expect(arrived!.n).toBe(planned!.places);
  });

  it('left every figure on the wall equal to the rows, and no warning open', async () => {
    const duty = await hub.signIn('duty_officer');
    expect((await json<{ mismatches: unknown[] }>(await duty.api('/stats/verify'))).mismatches).toEqual([]);
    const open = await rows<{ n: number }>(`SELECT count(*)::int AS n FROM warnings WHERE status <> 'resolved'`);
    expect(open[0]!.n).toBe(0);
  });

  it('can be replayed: the incident\'s timeline holds every kind of its facts, in order, the hand-drawn area among them', async () => {
    const duty = await hub.signIn('duty_officer');
    const timeline = await json<IncidentTimeline>(await duty.api(`/incidents/${summary.incident.id}/timeline`));
    const kinds = new Set(timeline.items.map((i) => i.kind));
    for (const kind of ['reading', 'alarm', 'warning', 'incident', 'mode', 'hazard', 'task', 'arrival'] as const) expect(kinds, kind).toContain(kind);
    const times = timeline.items.map((i) => Date.parse(i.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(timeline.items.filter((i) => i.kind === 'hazard').map((i) => (i as { method: string }).method).at(-1)).toBe('polygon');
    expect(timeline.items.filter((i) => i.kind === 'arrival').reduce((s, i) => s + (i as { people: number }).people, 0)).toBe(summary.sheltered);
  });

  it('as a command: refuses a bad speed, and stops with exit 1 when the hub refuses a step', async () => {
    const run = (args: string[], env: Record<string, string>) => new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'mock/main.ts', ...args], { env: { ...process.env, ...env, DATA_DIR: '/nonexistent' } });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      child.on('close', (code) => resolve({ code, out }));
    });
    const leader = await hub.signIn('leader');
    const env = { FLOOD_LEADER_USER: leader.username, FLOOD_LEADER_PASSWORD: TEST_USER_PASSWORD };
    const badSpeed = await run(['--scenario', 'flood', '--hub', hub.url, '--speed', '0', '--key', 'x'], env);
    expect(badSpeed.code).toBe(1);
    expect(badSpeed.out).toContain('--speed');
    // A key without the readings scope: the gauges' first readings are refused.
    const { token } = await hub.integrationClient(['tasks']);
    const refused = await run(['--scenario', 'flood', '--hub', hub.url, '--speed', '6000', '--key', token], env);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/refused "gauge readings" \(403\)/);
    const unknown = await run(['--scenario', 'tsunami'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.out).toContain('unknown scenario');
  }, 60_000);
});
