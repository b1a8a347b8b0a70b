import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventAccepted, ErrorBody, StatsSnapshot } from '../../contract/api.ts';
import { wgs84ToGcj02 } from '../../api/geo/datum.ts';
import { backendName, nextMessage, startTestHub, type SignedIn, type TestHub } from '../support/hub.ts';

let hub: TestHub;
let duty: SignedIn;
let inside: { lon: number; lat: number; grid_code: string };

beforeAll(async () => {
  hub = await startTestHub();
  duty = await hub.signIn('duty_officer');
  [inside] = (await hub.db.query<{ lon: number; lat: number; grid_code: string }>(
    `SELECT lon, lat, grid_code FROM places WHERE kind = 'village_committee' ORDER BY code LIMIT 1`,
  )) as [typeof inside];
});
afterAll(() => hub?.stop());

const report = (overrides: Record<string, unknown> = {}) => ({
  title: '新光村垃圾堆放未及时清运',
  category: 'environment',
  source: 'grid_patrol',
  lon: inside.lon,
  lat: inside.lat,
  ...overrides,
});

const countEvents = async () => (await hub.db.query<{ n: number }>('SELECT count(*) AS n FROM events'))[0]!.n;

describe(`POST /api/v1/events (${backendName})`, () => {
  it('stores an event before answering, numbered, placed in its grid, with its first log line', async () => {
    const res = await duty.post('/events', report({ reporterName: '徐建国', reporterPhone: '13812345678', source: 'hotline_12345' }));
    expect(res.status).toBe(201);
    const body = (await res.json()) as EventAccepted;
    expect(body.duplicate).toBe(false);
    expect(body.event.number).toMatch(/^330825101-\d{8}-\d{4}$/);
    expect(body.event.gridCode).toBe(inside.grid_code);
    expect(body.event.status).toBe('accepted');
    const [row] = await hub.db.query<{ reporter_phone: string; grid_code: string }>('SELECT reporter_phone, grid_code FROM events WHERE id = $1', [body.event.id]);
    expect(row).toEqual({ reporter_phone: '13812345678', grid_code: inside.grid_code });
    const log = await hub.db.query<{ action: string; to_status: string }>('SELECT action, to_status FROM event_log WHERE event_id = $1', [body.event.id]);
    expect(log).toEqual([{ action: 'accept', to_status: 'accepted' }]);
  });

  it('masks the reporter in its answer while the database keeps the full record', async () => {
    const res = await duty.post('/events', report({ reporterName: '欧阳小明', reporterPhone: '13912345678', source: 'resident' }));
    const { event } = (await res.json()) as EventAccepted;
    expect(event.reporterName).toBe('欧**明');
    expect(event.reporterPhone).toBe('139****5678');
    const list = (await (await duty.api('/events?limit=5')).json()) as { events: EventAccepted['event'][] };
    expect(JSON.stringify(list)).not.toContain('13912345678');
  });

  it('stores a retried report with the same externalId once and answers with the original', async () => {
    const first = await duty.post('/events', report({ externalId: 'hotline-778' }));
    const before = await countEvents();
    const retry = await duty.post('/events', report({ externalId: 'hotline-778', title: 'changed on retry' }));
    expect(first.status).toBe(201);
    expect(retry.status).toBe(200);
    const [a, b] = [(await first.json()) as EventAccepted, (await retry.json()) as EventAccepted];
    expect(b.duplicate).toBe(true);
    expect(b.event).toEqual(a.event);
    expect(await countEvents()).toBe(before);
  });

  it('keeps one record when copies of a report arrive at the same moment', async () => {
    const before = await countEvents();
    const answers = await Promise.all(Array.from({ length: 5 }, () => duty.post('/events', report({ externalId: 'burst-1' }))));
    const bodies = (await Promise.all(answers.map((r) => r.json()))) as EventAccepted[];
    expect(new Set(bodies.map((b) => b.event.id)).size).toBe(1);
    expect(bodies.filter((b) => !b.duplicate)).toHaveLength(1);
    expect(await countEvents()).toBe(before + 1);
  });

  it('converts a GCJ-02 location to WGS84 before placing it', async () => {
    const [gLon, gLat] = wgs84ToGcj02([inside.lon, inside.lat]);
    const res = await duty.post('/events', report({ lon: gLon, lat: gLat, datum: 'GCJ02' }));
    const { event } = (await res.json()) as EventAccepted;
    expect(event.lon).toBeCloseTo(inside.lon, 6);
    expect(event.lat).toBeCloseTo(inside.lat, 6);
    expect(event.gridCode).toBe(inside.grid_code);
  });

  it('rejects a location outside the township with a reason and stores nothing', async () => {
    const before = await countEvents();
    const res = await duty.post('/events', report({ lon: 116.397, lat: 39.909 }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error).toBe('outside_township');
    expect(body.message).toContain('湖镇镇');
    expect(await countEvents()).toBe(before);
  });

  it.each([
    ['a missing title', { title: undefined }, 'title'],
    ['an unknown category', { category: 'aliens' }, 'category'],
    ['a string longitude', { lon: '119.1' }, 'lon'],
    ['a latitude beyond 90', { lat: 91 }, 'lat'],
    ['a time without zone', { occurredAt: '2026-11-21 08:00:00' }, 'occurredAt'],
    ['an unknown field', { priority: 'high' }, '(body)'],
    ['a malformed phone', { reporterPhone: "1'; DROP TABLE events;--" }, 'reporterPhone'],
    ['a title of 10,000 characters', { title: '长'.repeat(10_000) }, 'title'],
  ])('answers 400 naming the field for %s', async (_case, overrides, path) => {
    const before = await countEvents();
    const res = await duty.post('/events', report(overrides));
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error).toBe('validation');
    expect(body.issues?.map((i) => i.path)).toContain(path);
    expect(await countEvents()).toBe(before);
  });

  it('answers 400 for a body that is not JSON, and 413 for one that is too large', async () => {
    const bad = await duty.post('/events', '{"title": ');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).error).toBe('invalid_json');
    const huge = await duty.post('/events', JSON.stringify(report({ content: 'x'.repeat(5 * 1024 * 1024) })));
    expect(huge.status).toBe(413);
  });

  it('pushes the new event and updated figures to a connected wall', async () => {
    const { socket, snapshot, figures } = await duty.connect();
    const pushed = nextMessage(socket, 'event:new', (e) => e.title === '下童村山体局部滑坡');
    await duty.post('/events', report({ title: '下童村山体局部滑坡', category: 'geo_hazard', level: 'major' }));
    expect((await pushed).level).toBe('major');
    const after: StatsSnapshot = await figures.until((s) => s.events.today > snapshot.events.today);
    expect(after.events.today).toBe(snapshot.events.today + 1);
    expect(after.events.byCategory.geo_hazard).toBe((snapshot.events.byCategory.geo_hazard ?? 0) + 1);
  });
});
