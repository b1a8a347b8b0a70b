// Shelters during an incident: arrivals posted by a field app (deduplicated by its id), occupancy as
// their sum, pushed; the next shelter with room from a point, outside the hazard area; a shelter
// filling up raises the "nearly full" warning.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HazardUpdate, IncidentSummary, ShelterState, ShelterUpdate } from '../../contract/incidents.ts';
import { evaluateWarnings } from '../../api/domain/warnings/warnings.ts';
import { distanceM } from '../../api/geo/distance.ts';
import { backendName, json, nextMessage, startTestHub, type Client, type SignedIn, type TestHub } from '../support/hub.ts';

let hub: TestHub;
let leader: SignedIn;
let fieldApp: Client;
let incident: IncidentSummary;
let shelters: { code: string; capacity: number; lon: number; lat: number }[];

beforeAll(async () => {
  hub = await startTestHub();
  leader = await hub.signIn('leader');
  fieldApp = await hub.integrationClient(['tasks']);
  incident = await json<IncidentSummary>(await leader.post('/incidents', { title: '转移安置演练', kind: 'flood', responseLevel: 'III', reason: '演练' }));
  shelters = await hub.db.query(`SELECT code, capacity, lon, lat FROM places WHERE kind = 'shelter' AND capacity > 0 ORDER BY capacity, code`);
});
afterAll(() => hub?.stop());

const arrive = (code: string, body: object, client: Client = fieldApp) => client.post(`/incidents/${incident.id}/shelters/${code}/arrivals`, body);
const states = async (query = '') => json<{ shelters: ShelterState[]; next?: ShelterState & { distanceM: number } }>(await leader.api(`/incidents/${incident.id}/shelters${query}`));

describe(`shelters and arrivals (${backendName})`, () => {
  it('adds arrivals to the occupancy, pushes it, and takes a repeated arrival once', async () => {
    const shelter = shelters[0]!;
    const display = await hub.displayClient();
    const { socket } = await display.connect();
    const pushed = nextMessage(socket, 'shelter:updated', (u: ShelterUpdate) => u.shelter.code === shelter.code);
    const first = await arrive(shelter.code, { people: 3, externalId: 'app-0001' });
    expect(first.status).toBe(201);
    expect(await pushed).toEqual(await json<ShelterUpdate>(first));
    expect((await arrive(shelter.code, { people: 3, externalId: 'app-0001' })).status).toBe(200);
    expect((await arrive(shelter.code, { people: 4, externalId: 'app-0001' })).status).toBe(409);
    expect((await arrive(shelter.code, { people: 2 })).status).toBe(201);
    const state = (await states()).shelters.find((s) => s.code === shelter.code)!;
    expect(state).toMatchObject({ occupancy: 5, capacity: shelter.capacity, free: shelter.capacity - 5 });
    const [sum] = await hub.db.query<{ n: number }>('SELECT sum(people)::int AS n FROM shelter_arrivals WHERE incident_id = $1 AND shelter_code = $2', [incident.id, shelter.code]);
    expect(sum!.n).toBe(state.occupancy);
  });

  it.each([
    ['no people', { people: 0 }, 400],
    ['a fraction of a person', { people: 1.5 }, 400],
    ['a crowd beyond any shelter', { people: 1e6 }, 400],
    ['an unknown field', { people: 1, bus: 3 }, 400],
  ])('refuses %s', async (_case, body, status) => {
    expect((await arrive(shelters[0]!.code, body)).status).toBe(status);
  });

  it('refuses an unknown shelter, a place that is no shelter, a closed incident, and a display token', async () => {
    expect((await arrive('PL-NOPE', { people: 1 })).status).toBe(400);
    const [school] = await hub.db.query<{ code: string }>(`SELECT code FROM places WHERE kind = 'school' LIMIT 1`);
    expect((await arrive(school!.code, { people: 1 })).status).toBe(400);
    expect((await arrive(shelters[0]!.code, { people: 1 }, await hub.displayClient())).status).toBe(403);
    const closed = await json<IncidentSummary>(await leader.post('/incidents', { title: '已结束', kind: 'other', responseLevel: 'IV', reason: 'x' }));
    await leader.post(`/incidents/${closed.id}/close`, { reason: '结束' });
    expect((await fieldApp.post(`/incidents/${closed.id}/shelters/${shelters[0]!.code}/arrivals`, { people: 1 })).status).toBe(409);
  });

  it('suggests the nearest shelter outside the hazard area with room for the people', async () => {
    const from = shelters[shelters.length - 1]!; // the largest: around it goes the hazard area
    const update = await json<HazardUpdate>(await leader.post(`/incidents/${incident.id}/hazard-areas`, { method: 'point_buffer', lon: from.lon, lat: from.lat, radiusM: 800, reason: '演练' }));
    expect(update.impact.shelters.find((s) => s.code === from.code)).toMatchObject({ inside: true, distanceM: 0 });
    const { shelters: all, next } = await states(`?lon=${from.lon}&lat=${from.lat}&people=50`);
    const expected = all.filter((s) => !s.inHazardArea && s.free >= 50)
      .map((s) => ({ code: s.code, d: distanceM(from.lon, from.lat, s.lon, s.lat) })).sort((a, b) => a.d - b.d)[0]!;
    expect(next?.code).toBe(expected.code);
    expect(next?.inHazardArea).toBe(false);
    expect(all.find((s) => s.code === from.code)?.inHazardArea).toBe(true);
  });

  it('raises the "nearly full" warning once a shelter holds 90% of its capacity', async () => {
    const shelter = shelters[1]!;
    await arrive(shelter.code, { people: Math.ceil(shelter.capacity * 0.9) });
    await evaluateWarnings(hub.db, hub.township.code);
    const [warning] = await hub.db.query<{ evidence: { occupancy: number; capacity: number } }>(
      `SELECT evidence FROM warnings WHERE rule_code = 'WR-SHELTER-FULL' AND subject = $1 AND status <> 'resolved'`, [`incident:${incident.id}:shelter:${shelter.code}`]);
    expect(warning!.evidence).toMatchObject({ occupancy: Math.ceil(shelter.capacity * 0.9), capacity: shelter.capacity });
  });
});
