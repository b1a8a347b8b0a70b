// Duplicate reports: a report of the same category within the radius of an open event, within the
// window after it, is linked to it (one event, N reports, counted once in every figure); a duty
// officer can undo a wrong match. The thresholds' edges, both sides of each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventAccepted, EventSummary, StatsSnapshot } from '../../contract/api.ts';
import type { EventDetail } from '../../contract/closedLoop.ts';
import { distanceM } from '../../api/geo/distance.ts';
import { TEST_POLICY } from '../../api/domain/policy.ts';
import { backendName, errorOf, json, startTestHub, type SignedIn, type TestHub } from '../support/hub.ts';

const RADIUS_M = 200;
const WINDOW_MINUTES = 60;
/** Metres to degrees of latitude on distanceM()'s sphere. */
const northBy = (metres: number) => metres / 111_194.93;

let hub: TestHub;
let duty: SignedIn;
let worker: SignedIn;
let origin: { lon: number; lat: number; grid_code: string };
let serial = 0;

beforeAll(async () => {
  hub = await startTestHub({ policy: { ...TEST_POLICY, duplicateRadiusM: RADIUS_M, duplicateWindowMs: WINDOW_MINUTES * 60_000, nearingShare: 0.8 } });
  duty = await hub.signIn('duty_officer');
  // A place well inside its grid, so points a few hundred metres north are still in the township.
  [origin] = (await hub.db.query<typeof origin>(
    `SELECT lon, lat, grid_code FROM places WHERE kind = 'village_committee' ORDER BY code LIMIT 1`)) as [typeof origin];
  worker = await hub.signIn('grid_worker', { gridCode: origin.grid_code });
}, 60_000);
afterAll(() => hub?.stop());

/** A fresh category per test, so earlier tests' open events are not candidates. */
const CATEGORIES = ['environment', 'traffic', 'infrastructure', 'public_order', 'livelihood', 'food_drug', 'safety_hazard', 'dispute', 'other'] as const;
const freshCategory = () => CATEGORIES[serial++ % CATEGORIES.length]!;

const report = async (category: string, metresNorth: number, extra: Record<string, unknown> = {}) => {
  const res = await duty.post('/events', { title: `重复测试${serial}`, category, source: 'hotline_12345', lon: origin.lon, lat: origin.lat + northBy(metresNorth),
    reporterName: '王小明', reporterPhone: '13900001111', ...extra });
  expect(res.status, await res.clone().text()).toBe(201);
  return json<EventAccepted>(res);
};
const figures = async () => json<StatsSnapshot>(await duty.api('/stats'));
const eventCount = async () => (await hub.db.query<{ n: number }>('SELECT count(*) AS n FROM events'))[0]!.n;

describe(`linking duplicate reports (${backendName})`, () => {
  it('links a report of the same category 150 m away: one event with 2 reports, counted once', async () => {
    const category = freshCategory();
    const first = await report(category, 0);
    const before = await figures();
    const events = await eventCount();
    const second = await report(category, 150);
    expect(second.linked).toBeDefined();
    expect(second.event.id).toBe(first.event.id);
    expect(second.event.reports).toBe(2);
    expect(second.linked!.distanceM).toBeGreaterThanOrEqual(149);
    expect(second.linked!.distanceM).toBeLessThanOrEqual(151);
    expect(await eventCount()).toBe(events);
    const after = await figures();
    expect(after.windows['1h'].events.total).toBe(before.windows['1h'].events.total);
    expect(after.events.open).toBe(before.events.open);
  });

  it('links at exactly the radius and not a metre beyond it', async () => {
    const category = freshCategory();
    const first = await report(category, 0);
    const target = { lon: origin.lon, lat: origin.lat + northBy(RADIUS_M - 0.5) };
    expect(distanceM(first.event.lon, first.event.lat, target.lon, target.lat)).toBeLessThanOrEqual(RADIUS_M);
    expect((await report(category, RADIUS_M - 0.5)).linked).toBeDefined();
    const beyond = await report(category, RADIUS_M + 1);
    expect(beyond.linked).toBeUndefined();
    expect(beyond.event.id).not.toBe(first.event.id);
  });

  it('takes a report of another category at the same place as an event of its own', async () => {
    const a = await report(freshCategory(), 0);
    const b = await report(freshCategory(), 0);
    expect(b.linked).toBeUndefined();
    expect(b.event.id).not.toBe(a.event.id);
  });

  it('links within the window after the event was taken in, and not after it', async () => {
    const category = freshCategory();
    const first = await report(category, 0);
    // Moving the acceptance back in time, as if it had been taken in earlier (put back afterwards, so the figures stay true).
    const acceptedAt = (minutesAgo: number | null) => hub.db.query(
      minutesAgo === null ? 'UPDATE events SET accepted_at = $2 WHERE id = $1' : `UPDATE events SET accepted_at = now() - interval '${minutesAgo} minutes' WHERE id = $1`,
      minutesAgo === null ? [first.event.id, first.event.acceptedAt] : [first.event.id]);
    try {
      await acceptedAt(WINDOW_MINUTES - 1);
      expect((await report(category, 10)).linked).toBeDefined();
      await acceptedAt(WINDOW_MINUTES + 1);
      expect((await report(category, 20)).linked).toBeUndefined();
    } finally {
      await acceptedAt(null);
    }
  });

  it('never links a report to an open event its reporter may not see: a grid worker\'s report next to another grid\'s event is an event of its own', async () => {
    // A point of a neighbouring grid within the radius of the worker's own place (walking out from it).
    const around = Array.from({ length: 36 * 15 }, (_, i) => {
      const metres = 50 + 10 * Math.floor(i / 36);
      const bearing = ((i % 36) * 10 * Math.PI) / 180;
      return { lon: origin.lon + (northBy(metres) * Math.sin(bearing)) / Math.cos((origin.lat * Math.PI) / 180), lat: origin.lat + northBy(metres) * Math.cos(bearing) };
    });
    const near = around.find((p) => { const g = hub.township.locateGrid(p.lon, p.lat); return g !== null && g.code !== origin.grid_code; })!;
    const pair = { own_lon: origin.lon, own_lat: origin.lat, other_lon: near.lon, other_lat: near.lat, other_grid: hub.township.locateGrid(near.lon, near.lat)!.code };
    const category = 'geo_hazard'; // not among the fresh categories of the other tests
    const others = await json<EventAccepted>(await duty.post('/events', { title: '邻格事件', category, source: 'hotline_12345', lon: pair.other_lon, lat: pair.other_lat }));
    expect(others.event.gridCode).toBe(pair.other_grid);
    expect(distanceM(pair.own_lon, pair.own_lat, pair.other_lon, pair.other_lat)).toBeLessThanOrEqual(RADIUS_M);
    const res = await worker.post('/events', { title: '本格上报', category, source: 'grid_patrol', lon: pair.own_lon, lat: pair.own_lat });
    expect(res.status, await res.clone().text()).toBe(201);
    const mine = await json<EventAccepted>(res);
    expect(mine.linked).toBeUndefined();
    expect(mine.event.id).not.toBe(others.event.id);
    // The duty room, who sees both, is offered the other grid's event for the same place.
    const offered = await json<{ candidates: { event: EventSummary }[] }>(await duty.api(`/events/duplicates?category=${category}&lon=${pair.own_lon}&lat=${pair.own_lat}`));
    expect(offered.candidates.map((c) => c.event.id)).toContain(others.event.id);
    const workerOffered = await json<{ candidates: { event: EventSummary }[] }>(await worker.api(`/events/duplicates?category=${category}&lon=${pair.own_lon}&lat=${pair.own_lat}`));
    expect(workerOffered.candidates.map((c) => c.event.id)).not.toContain(others.event.id);
  });

  it('never links to a closed event', async () => {
    const category = freshCategory();
    const first = await report(category, 0);
    const leader = await hub.signIn('leader');
    for (const to of ['assigned', 'handling', 'feedback', 'verifying', 'closed']) await leader.post(`/events/${first.event.id}/transition`, { to });
    expect((await report(category, 5)).linked).toBeUndefined();
  });

  it('lists the candidates before saving, and takes an explicit link or an explicit "new event"', async () => {
    const category = freshCategory();
    const first = await report(category, 0);
    const candidates = await json<{ radiusM: number; candidates: { event: EventSummary; distanceM: number }[] }>(
      await duty.api(`/events/duplicates?category=${category}&lon=${origin.lon}&lat=${origin.lat + northBy(100)}`));
    expect(candidates.radiusM).toBe(RADIUS_M);
    expect(candidates.candidates.map((c) => c.event.id)).toContain(first.event.id);
    const asNew = await report(category, 100, { newEvent: true });
    expect(asNew.linked).toBeUndefined();
    // Far beyond the radius, but the duty officer knows it is the same matter.
    const explicit = await report(category, 900, { duplicateOf: first.event.id });
    expect(explicit.linked).toBeDefined();
    expect(explicit.event.id).toBe(first.event.id);
    const both = await duty.post('/events', { title: 'x', category, source: 'video', lon: origin.lon, lat: origin.lat, duplicateOf: first.event.id, newEvent: true });
    expect(both.status).toBe(400);
  });

  it('lets a duty officer unlink a wrong match: the report becomes an event, counted from then, and the reporter stays masked', async () => {
    const category = freshCategory();
    const first = await report(category, 0);
    const second = await report(category, 50);
    const before = await figures();
    expect((await worker.post(`/events/${first.event.id}/reports/${second.linked!.reportId}/unlink`, {})).status).toBe(403);
    const res = await duty.post(`/events/${first.event.id}/reports/${second.linked!.reportId}/unlink`, {});
    expect(res.status, await res.clone().text()).toBe(200);
    const { from, created } = await json<{ from: EventSummary; created: EventSummary }>(res);
    expect(from.reports).toBe(1);
    expect(created.category).toBe(category);
    expect(created.reporterName).toBe('王*明');
    expect((await figures()).windows['1h'].events.total).toBe(before.windows['1h'].events.total + 1);
    const again = await duty.post(`/events/${first.event.id}/reports/${second.linked!.reportId}/unlink`, {});
    expect(again.status).toBe(404);
    const detail = await json<EventDetail>(await duty.api(`/events/${first.event.id}`));
    expect(detail.reports).toEqual([]);
    expect(detail.log.map((l) => l.action)).toEqual(['accept', 'report_linked', 'report_unlinked']);
  });

  it('keeps every figure equal to the rows through linking and unlinking', async () => {
    const { mismatches } = await json<{ mismatches: unknown[] }>(await duty.api('/stats/verify'));
    expect(mismatches).toEqual([]);
  });

  it('answers a retried duplicate report (same externalId) with its event, linked once', async () => {
    const category = freshCategory();
    const first = await report(category, 0);
    const a = await report(category, 30, { externalId: 'hotline-dup-1' });
    const retry = await duty.post('/events', { title: 'x', category, source: 'hotline_12345', lon: origin.lon, lat: origin.lat + northBy(30), externalId: 'hotline-dup-1' });
    expect(retry.status).toBe(200);
    const b = await json<EventAccepted>(retry);
    expect(a.linked).toBeDefined();
    expect(b.duplicate).toBe(true);
    expect(b.event.id).toBe(first.event.id);
    expect(b.event.reports).toBe(2);
    const bad = await duty.post('/events', { title: 'x', category, source: 'video', lon: origin.lon, lat: origin.lat, duplicateOf: 987654 });
    expect(bad.status).toBe(404);
    expect((await errorOf(bad)).issues?.[0]?.path).toBe('duplicateOf');
  });
});
