// Hazard areas: drawn, around a point, along the river or from a gauge's water level; each a new
// version, clipped to the township; hostile shapes refused with a reason and nothing stored.
import { readFileSync } from 'node:fs';
import * as turf from '@turf/turf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HazardArea, HazardUpdate, ImpactFigures, IncidentSummary } from '../../contract/incidents.ts';
import { backendName, errorOf, json, startTestHub, type SignedIn, type TestHub } from '../support/hub.ts';

let hub: TestHub;
let leader: SignedIn;
let duty: SignedIn;
let worker: SignedIn;
let incident: IncidentSummary;
let centre: [number, number];
let bbox: [number, number, number, number];

beforeAll(async () => {
  hub = await startTestHub();
  leader = await hub.signIn('leader');
  duty = await hub.signIn('duty_officer');
  worker = await hub.signIn('grid_worker');
  incident = await json<IncidentSummary>(await leader.post('/incidents', { title: '衢江洪水', kind: 'flood', responseLevel: 'III', reason: '演练' }));
  const [place] = await hub.db.query<{ lon: number; lat: number }>(`SELECT lon, lat FROM places WHERE kind = 'school' ORDER BY code LIMIT 1`);
  centre = [place!.lon, place!.lat];
  bbox = hub.township.bbox;
});
afterAll(() => hub?.stop());

const add = (body: object, client = duty) => client.post(`/incidents/${incident.id}/hazard-areas`, { reason: '测试', ...body });
const versions = async () => (await json<{ areas: HazardArea[] }>(await duty.api(`/incidents/${incident.id}/hazard-areas`))).areas;
const square = (lon: number, lat: number, d: number) => ({ type: 'Polygon', coordinates: [[[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d], [lon - d, lat - d]]] });

describe(`hazard areas (${backendName})`, () => {
  it('keeps every version: a point buffer, a drawn polygon, a river stretch, each the next version, clipped to the township', async () => {
    const first = await add({ method: 'point_buffer', lon: centre[0], lat: centre[1], radiusM: 500 });
    expect(first.status, await first.clone().text()).toBe(201);
    const circle = (await json<HazardUpdate>(first)).area;
    expect(circle).toMatchObject({ version: 1, method: 'point_buffer', params: { lon: centre[0], lat: centre[1], radiusM: 500 }, createdBy: `user:${duty.username}` });
    expect(circle.areaM2).toBeGreaterThan(0.95 * Math.PI * 500 ** 2);
    expect(circle.areaM2).toBeLessThan(1.01 * Math.PI * 500 ** 2);

    const drawn = (await json<HazardUpdate>(await add({ method: 'polygon', geometry: square(centre[0], centre[1], 0.01) }, leader))).area;
    expect(drawn.version).toBe(2);
    const river = (await json<HazardUpdate>(await add({ method: 'river_buffer', fromKm: 2, toKm: 8, widthM: 300 }))).area;
    expect(river.version).toBe(3);
    // ~6 km of river, 300 m each side: a little under 3.6 km² once the ends and the township edge are cut.
    expect(river.areaM2 / 1e6).toBeGreaterThan(1.5);
    expect(river.areaM2 / 1e6).toBeLessThan(4.2);

    // A polygon half outside the township is clipped to it.
    const edge = (await json<HazardUpdate>(await add({ method: 'polygon', geometry: square(bbox[0], (bbox[1] + bbox[3]) / 2, 0.02) }))).area;
    expect(edge.areaM2).toBeLessThan(turf.area(square(bbox[0], (bbox[1] + bbox[3]) / 2, 0.02) as never));
    const all = await versions();
    expect(all.map((a) => a.version)).toEqual([1, 2, 3, 4]);
    expect(((await json<{ incident: IncidentSummary }>(await duty.api(`/incidents/${incident.id}`))).incident.hazardVersion)).toBe(4);
  });

  it.each([
    ['a buffer of 0 m', { method: 'point_buffer', lon: 119.1, lat: 29.05, radiusM: 0 }, 'radiusM'],
    ['a buffer of 1e9 m', { method: 'point_buffer', lon: 119.1, lat: 29.05, radiusM: 1e9 }, 'radiusM'],
    ['a self-intersecting polygon', { method: 'polygon', geometry: { type: 'Polygon', coordinates: [[[119.1, 29.0], [119.2, 29.1], [119.2, 29.0], [119.1, 29.1], [119.1, 29.0]]] } }, 'geometry'],
    ['an open ring', { method: 'polygon', geometry: { type: 'Polygon', coordinates: [[[119.1, 29.0], [119.2, 29.0], [119.2, 29.1], [119.1, 29.1]]] } }, 'geometry.coordinates.0'],
    ['a polygon ten times the township', { method: 'polygon', geometry: square(119.15, 29.05, 0.6) }, 'geometry'],
    ['a polygon far from the township', { method: 'polygon', geometry: square(121.5, 31.2, 0.01) }, 'geometry'],
    ['a river stretch going upstream', { method: 'river_buffer', fromKm: 8, toKm: 2, widthM: 200 }, 'toKm'],
    ['a river stretch beyond its end', { method: 'river_buffer', fromKm: 900, toKm: 950, widthM: 200 }, 'fromKm'],
    ['NaN coordinates', { method: 'point_buffer', lon: 'NaN', lat: 29.05, radiusM: 100 }, 'lon'],
    ['an unknown method', { method: 'guess' }, 'method'],
    ['no reason', { method: 'point_buffer', lon: 119.1, lat: 29.05, radiusM: 100, reason: '' }, 'reason'],
    ['a gauge that is not one', { method: 'water_level', deviceCode: 'DEV-NOPE', levelM: 8 }, 'deviceCode'],
  ])('refuses %s with a reason, storing nothing', async (_case, body, path) => {
    const before = (await versions()).length;
    const res = await add(body);
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.message.length).toBeGreaterThan(10);
    expect((error.issues ?? []).map((i) => i.path).join(' ')).toContain(path);
    expect((await versions()).length).toBe(before);
  });

  it('refuses a grid worker, and any version for an unknown or closed incident', async () => {
    expect((await add({ method: 'point_buffer', lon: centre[0], lat: centre[1], radiusM: 300 }, worker)).status).toBe(403);
    expect((await duty.post('/incidents/999999/hazard-areas', { method: 'point_buffer', lon: centre[0], lat: centre[1], radiusM: 300, reason: 'x' })).status).toBe(404);
    const closed = await json<IncidentSummary>(await leader.post('/incidents', { title: '已结束', kind: 'other', responseLevel: 'IV', reason: 'x' }));
    expect((await leader.post(`/incidents/${closed.id}/close`, { reason: '结束' })).status).toBe(200);
    expect((await duty.post(`/incidents/${closed.id}/hazard-areas`, { method: 'point_buffer', lon: centre[0], lat: centre[1], radiusM: 300, reason: 'x' })).status).toBe(409);
  });

  it('counts the impact exactly as a recomputation from the rows, pushes it with the version, and lists people masked for the console only', async () => {
    const display = await hub.displayClient();
    const { socket } = await display.connect();
    const pushed = new Promise<HazardUpdate>((resolve) => socket.on('hazard:updated', resolve));
    const res = await add({ method: 'polygon', geometry: square(centre[0], centre[1], 0.02) });
    const update = await json<HazardUpdate>(res);
    expect(await pushed).toEqual(update);

    // The same figures from the rows, with turf's point-in-polygon test over every household, person and place.
    const inside = (lon: number, lat: number) => turf.booleanPointInPolygon([lon, lat], update.area.geometry as never);
    const households = (await hub.db.query<{ lon: number; lat: number; residents: number }>('SELECT lon, lat, residents FROM households')).filter((h) => inside(h.lon, h.lat));
    const people = (await hub.db.query<{ code: string; lon: number; lat: number; groups: string[] }>('SELECT code, lon, lat, groups FROM key_people')).filter((p) => inside(p.lon, p.lat));
    const places = (await hub.db.query<{ kind: string; lon: number; lat: number }>('SELECT kind, lon, lat FROM places')).filter((p) => inside(p.lon, p.lat));
    expect(households.length).toBeGreaterThan(0);
    const impact: ImpactFigures = update.impact;
    expect(impact.households).toBe(households.length);
    expect(impact.residents).toBe(households.reduce((sum, h) => sum + h.residents, 0));
    expect(impact.vulnerablePeople).toBe(people.length);
    for (const group of ['elderly_alone', 'disabled', 'left_behind_child'] as const) {
      expect(impact.vulnerable[group]).toBe(people.filter((p) => p.groups.includes(group)).length);
    }
    const kinds: Record<string, number> = {};
    for (const place of places) kinds[place.kind] = (kinds[place.kind] ?? 0) + 1;
    expect(impact.placesByKind).toEqual(kinds);
    expect(impact.shelters.every((s, i, all) => i === 0 || all[i - 1]!.distanceM <= s.distanceM)).toBe(true);

    // GET answers the same count now; the console's people list is masked; a display token gets counts only.
    const again = await json<{ impact: ImpactFigures; people: { code: string; name: string; masked: boolean }[] }>(await duty.api(`/incidents/${incident.id}/impact?people=true`));
    expect(again.impact).toEqual(impact);
    expect(again.people.map((p) => p.code).sort()).toEqual(people.map((p) => p.code).sort());
    expect(again.people.every((p) => p.masked && p.name.includes('*'))).toBe(true);
    expect((await display.api(`/incidents/${incident.id}/impact?people=true`)).status).toBe(403);
    expect((await display.api(`/incidents/${incident.id}/impact`)).status).toBe(200);
  });

  it('follows a river gauge\'s water level: a higher level floods a larger area that holds the lower one, and the latest reading is used when none is given', async () => {
    const { gauges } = JSON.parse(readFileSync('gis-data/huzhen/elevation.json', 'utf8')) as { gauges: { deviceCodes: string[]; criticalAbove: number; datumM: number }[] };
    const gauge = gauges[0]!;
    const device = gauge.deviceCodes[0]!;
    const low = (await json<HazardUpdate>(await add({ method: 'water_level', deviceCode: device, levelM: gauge.criticalAbove + 0.5 }))).area;
    const high = (await json<HazardUpdate>(await add({ method: 'water_level', deviceCode: device, levelM: gauge.criticalAbove + 2.5 }))).area;
    expect(low.params).toMatchObject({ deviceCode: device, levelM: gauge.criticalAbove + 0.5, datumM: gauge.datumM });
    expect(high.areaM2).toBeGreaterThan(low.areaM2);
    // The lower water's land is inside the higher water's (both clipped to the township the same way).
    const overlap = turf.intersect(turf.featureCollection([turf.feature(low.geometry as never), turf.feature(high.geometry as never)]) as never);
    expect(turf.area(overlap!)).toBeCloseTo(low.areaM2, -3);

    const machine = await hub.integrationClient();
    await machine.post('/readings', { readings: [{ deviceCode: device, ts: new Date().toISOString(), value: gauge.criticalAbove + 1.5 }] });
    const latest = (await json<HazardUpdate>(await add({ method: 'water_level', deviceCode: device }))).area;
    expect(latest.params).toMatchObject({ levelM: gauge.criticalAbove + 1.5 });
    expect(latest.areaM2).toBeGreaterThan(low.areaM2);
    expect(latest.areaM2).toBeLessThan(high.areaM2);
  });
});
