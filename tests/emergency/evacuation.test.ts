// Evacuation dispatch against the real hub: a round assigns every vulnerable person inside the
// hazard area (recounted here from the rows with turf) once, to a worker of their own grid, with a
// shelter outside the area that has room for the household; each grid and each shelter gets an event
// of the room's own with its tasks, pushed like any dispatch; asking again assigns no one twice,
// a widened area adds only the newcomers, two rounds at once split the people between them; the
// plan follows the tasks to done; refused steps and bad input answer 4xx and store nothing.
import * as turf from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskSummary } from '../../contract/closedLoop.ts';
import { SHELTER_TEAM_KINDS, type EvacuationPlan, type EvacuationRound } from '../../contract/evacuation.ts';
import type { HazardUpdate, IncidentSummary } from '../../contract/incidents.ts';
import { backendName, json, nextMessage, startTestHub, type Client, type SignedIn, type TestHub } from '../support/hub.ts';

let hub: TestHub;
let leader: SignedIn;
let duty: SignedIn;
let fieldApp: Client;
let incident: IncidentSummary;
/** The centre of the grid holding the most key people: the first area goes around it. */
let centre: { lon: number; lat: number };

beforeAll(async () => {
  hub = await startTestHub();
  leader = await hub.signIn('leader');
  duty = await hub.signIn('duty_officer');
  fieldApp = await hub.integrationClient(['tasks']);
  incident = await json<IncidentSummary>(await leader.post('/incidents', { title: '衢江洪水转移', kind: 'flood', responseLevel: 'II', reason: '水位超警' }));
  const [densest] = await hub.db.query<{ lon: number; lat: number }>(
    'SELECT avg(lon) AS lon, avg(lat) AS lat FROM key_people GROUP BY grid_code ORDER BY count(*) DESC, grid_code LIMIT 1');
  centre = densest!;
});
afterAll(() => hub?.stop());

const evacuate = (body: object, client: Client = duty, id = incident.id) => client.post(`/incidents/${id}/evacuation`, body);
const plan = (client: Client = duty) => client.api(`/incidents/${incident.id}/evacuation`).then((r) => json<EvacuationPlan>(r));
const setArea = async (radiusM: number) => json<HazardUpdate>(await leader.post(`/incidents/${incident.id}/hazard-areas`,
  { method: 'point_buffer', lon: centre.lon, lat: centre.lat, radiusM, reason: '按实际淹没范围调整' }));
const count = async (sql: string, params: unknown[] = []) => (await hub.db.query<{ n: number }>(sql, params))[0]!.n;

/** The key people inside an area, counted from the rows (not through the hub's index). */
async function insideFromRows(area: HazardUpdate['area']): Promise<string[]> {
  const people = await hub.db.query<{ code: string; lon: number; lat: number }>('SELECT code, lon, lat FROM key_people ORDER BY code');
  const shape = area.geometry as Polygon | MultiPolygon;
  return people.filter((p) => turf.booleanPointInPolygon([p.lon, p.lat], shape)).map((p) => p.code);
}

describe(`evacuation (${backendName})`, () => {
  it('refuses before there is a hazard area, and refuses bad input, other roles, unknown and closed incidents', async () => {
    expect((await evacuate({ reason: '转移' })).status).toBe(409);
    expect((await evacuate({})).status).toBe(400);
    expect((await evacuate({ reason: '转移', dueMinutes: 0 })).status).toBe(400);
    expect((await evacuate({ reason: '转移', dueMinutes: 1e9 })).status).toBe(400);
    expect((await evacuate({ reason: '转移', bus: true })).status).toBe(400);
    expect((await evacuate({ reason: '转移' }, await hub.signIn('grid_worker'))).status).toBe(403);
    expect((await evacuate({ reason: '转移' }, await hub.displayClient())).status).toBe(403);
    expect((await evacuate({ reason: '转移' }, fieldApp)).status).toBe(403);
    expect((await evacuate({ reason: '转移' }, duty, 999_999)).status).toBe(404);
    const closed = await json<IncidentSummary>(await leader.post('/incidents', { title: '已结束', kind: 'other', responseLevel: 'IV', reason: 'x' }));
    await leader.post(`/incidents/${closed.id}/hazard-areas`, { method: 'point_buffer', lon: centre.lon, lat: centre.lat, radiusM: 500, reason: 'x' });
    await leader.post(`/incidents/${closed.id}/close`, { reason: '结束' });
    expect((await evacuate({ reason: '转移' }, duty, closed.id)).status).toBe(409);
    expect(await count('SELECT count(*)::int AS n FROM evacuation_rounds')).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM events WHERE source = 'emergency_command'`)).toBe(0);
  });

  it('assigns everyone inside once, to a worker of their own grid, shelters outside with room for the household, and pushes the tasks', async () => {
    const { area } = await setArea(1500);
    const inside = await insideFromRows(area);
    expect(inside.length).toBeGreaterThan(5);
    const { socket } = await (await hub.displayClient()).connect();
    const pushedTask = nextMessage(socket, 'task:updated', (t: TaskSummary) => t.instructions.startsWith('转移重点人员'));
    const res = await evacuate({ reason: '水位超警，转移重点人员', dueMinutes: 45 });
    expect(res.status).toBe(201);
    const round = await json<EvacuationRound>(res);
    expect(round).toMatchObject({ round: 1, hazardVersion: area.version });
    await pushedTask;

    const rows = await hub.db.query<{ person_code: string; grid_code: string; party_kind: string; party_code: string; shelter_code: string | null; places: number; task_id: number; event_id: number }>(
      'SELECT person_code, grid_code, party_kind, party_code, shelter_code, places, task_id, event_id FROM evacuation_assignments WHERE incident_id = $1', [incident.id]);
    const { totals } = await plan();
    expect(rows.length + totals.unassigned).toBe(inside.length);
    expect(new Set(rows.map((r) => r.person_code))).toEqual(new Set(inside.filter((c) => rows.some((r) => r.person_code === c))));
    expect(round.assigned).toBe(rows.length);
    // Only a grid with neither a worker nor a village committee leaves its people unassigned.
    expect(totals.unassigned).toBe(0);

    const workers = new Map((await hub.db.query<{ code: string; grid_code: string }>('SELECT code, grid_code FROM workers')).map((w) => [w.code, w.grid_code]));
    for (const r of rows.filter((r) => r.party_kind === 'worker')) expect(workers.get(r.party_code), r.person_code).toBe(r.grid_code);
    // Within a grid, no worker brings more than one person over another.
    for (const grid of new Set(rows.map((r) => r.grid_code))) {
      const loads = [...Map.groupBy(rows.filter((r) => r.grid_code === grid), (r) => r.party_code).values()].map((l) => l.length);
      expect(Math.max(...loads) - Math.min(...loads), grid).toBeLessThanOrEqual(1);
    }
    // Shelters: outside the area, and never planned beyond capacity.
    const shelters = new Map((await hub.db.query<{ code: string; capacity: number; lon: number; lat: number }>(`SELECT code, capacity, lon, lat FROM places WHERE kind = 'shelter'`)).map((s) => [s.code, s]));
    const shape = area.geometry as Polygon | MultiPolygon;
    for (const [code, assigned] of Map.groupBy(rows.filter((r) => r.shelter_code), (r) => r.shelter_code!)) {
      const shelter = shelters.get(code)!;
      expect(turf.booleanPointInPolygon([shelter.lon, shelter.lat], shape), code).toBe(false);
      expect(assigned.reduce((s, r) => s + r.places, 0), code).toBeLessThanOrEqual(shelter.capacity);
    }
    // Each grid one event of the room's own, each worker one task on it; each shelter taking people one team.
    const gridEvents = await hub.db.query<{ id: number; grid_code: string; source: string; level: string }>(
      'SELECT DISTINCT e.id, e.grid_code, e.source, e.level FROM events e JOIN evacuation_assignments a ON a.event_id = e.id WHERE a.incident_id = $1', [incident.id]);
    expect(gridEvents.length).toBe(new Set(rows.map((r) => r.grid_code)).size);
    for (const e of gridEvents) expect(e).toMatchObject({ source: 'emergency_command', level: 'major' });
    const teams = await hub.db.query<{ shelter_code: string; kind: string; planned: number }>(
      'SELECT t.shelter_code, f.kind, t.planned FROM evacuation_teams t JOIN response_forces f ON f.code = t.force_code WHERE t.incident_id = $1', [incident.id]);
    const used = new Set(rows.map((r) => r.shelter_code).filter((c): c is string => c !== null));
    expect(new Set(teams.map((t) => t.shelter_code))).toEqual(used);
    for (const t of teams) expect(SHELTER_TEAM_KINDS).toContain(t.kind);
    expect(round.events.length).toBe(gridEvents.length + teams.length);
    expect(round.tasks.length).toBe(new Set(rows.map((r) => r.task_id)).size + teams.length);
    expect(round.events.every((e) => e.status === 'assigned')).toBe(true);
    // The wall's figures still agree with the rows.
    expect((await json<{ mismatches: unknown[] }>(await duty.api('/stats/verify'))).mismatches).toEqual([]);
  });

  it('assigns no one twice: the same area again creates nothing, a wider one adds only the newcomers', async () => {
    const before = await count('SELECT count(*)::int AS n FROM evacuation_assignments WHERE incident_id = $1', [incident.id]);
    const again = await evacuate({ reason: '再次转移' });
    expect(again.status).toBe(200);
    expect(await json<EvacuationRound>(again)).toMatchObject({ round: 1, assigned: 0, events: [], tasks: [] });

    const { area } = await setArea(2500);
    const inside = await insideFromRows(area);
    const wider = await json<EvacuationRound>(await evacuate({ reason: '范围扩大' }));
    expect(wider.round).toBe(2);
    const after = await count('SELECT count(*)::int AS n FROM evacuation_assignments WHERE incident_id = $1', [incident.id]);
    expect(wider.assigned).toBe(after - before);
    expect(after).toBe(inside.length);
    const secondRound = await hub.db.query<{ person_code: string }>(
      'SELECT a.person_code FROM evacuation_assignments a JOIN evacuation_rounds r ON r.id = a.round_id WHERE a.incident_id = $1 AND r.round = 2', [incident.id]);
    expect(secondRound.length).toBe(wider.assigned);
  });

  it('splits the people between two rounds asked at once, none in both', async () => {
    const other = await json<IncidentSummary>(await leader.post('/incidents', { title: '并发转移', kind: 'flood', responseLevel: 'III', reason: '演练' }));
    const { area } = await json<HazardUpdate>(await leader.post(`/incidents/${other.id}/hazard-areas`,
      { method: 'point_buffer', lon: centre.lon, lat: centre.lat, radiusM: 1200, reason: '演练' }));
    const [a, b] = await Promise.all([evacuate({ reason: '甲' }, duty, other.id), evacuate({ reason: '乙' }, leader, other.id)]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    const rows = await count('SELECT count(*)::int AS n FROM evacuation_assignments WHERE incident_id = $1', [other.id]);
    expect(rows).toBe((await insideFromRows(area)).length);
  });

  it('shows names masked to the room and none to the wall, and follows the tasks to done', async () => {
    const room = await plan(duty);
    expect(room.assignments.length).toBeGreaterThan(0);
    expect(room.assignments.every((a) => a.name !== null && a.name.includes('*'))).toBe(true);
    const wall = await plan(await hub.displayClient());
    expect(wall.assignments.every((a) => a.name === null)).toBe(true);
    expect(wall.totals).toEqual(room.totals);

    const task = room.assignments[0]!.taskId!;
    for (const to of ['accepted', 'arrived', 'done']) expect((await fieldApp.post(`/tasks/${task}/transition`, { to, ...(to === 'done' ? { feedback: '已转移' } : {}) })).status).toBe(200);
    const later = await plan(duty);
    const carried = room.assignments.filter((a) => a.taskId === task).length;
    expect(later.totals.done).toBe(room.totals.done + carried);
    expect(later.assignments.filter((a) => a.taskId === task).every((a) => a.taskStatus === 'done')).toBe(true);
  });
});
