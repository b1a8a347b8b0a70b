// After a write a hub reads back only what changed: the buckets written since its last read (by
// whichever hub or process), and the parts of the live state the write named. Parts that change by
// the clock alone (an open event falling overdue, a patrol going quiet) are read again when their
// time comes, with no write at all. Every figure still equals the raw rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventAccepted } from '../../contract/api.ts';
import type { Scope } from '../../api/auth/principal.ts';
import { townshipRefs } from '../../api/stats/refs.ts';
import { StatsService } from '../../api/stats/service.ts';
import { backendName, startTestHub, type Client, type TestHub } from '../support/hub.ts';

let hub: TestHub;
let writer: Client;
let scope: Scope;
let place: { lon: number; lat: number };
/** A second statistics service on the hub's database, told only that something changed: as a second hub would be. */
let other: StatsService;

beforeAll(async () => {
  hub = await startTestHub();
  writer = await hub.integrationClient();
  scope = { townshipCode: hub.township.code };
  [place] = await hub.db.query<{ lon: number; lat: number }>('SELECT lon, lat FROM places ORDER BY code LIMIT 1') as [{ lon: number; lat: number }];
  other = await StatsService.start(hub.db, () => townshipRefs(hub.township));
}, 60_000);
afterAll(async () => {
  await hub?.stop();
});

const report = async (title: string, extra: Record<string, unknown> = {}) => {
  const res = await writer.post('/events', { title, category: 'other', source: 'grid_patrol', lon: place.lon, lat: place.lat, ...extra });
  expect(res.status).toBe(201);
  return ((await res.json()) as EventAccepted).event;
};

const expectAgreesWithRawRows = async (now?: Date) => {
  const { mismatches, checked } = await other.verify([scope], now);
  expect(mismatches).toEqual([]);
  expect(checked).toBeGreaterThan(100);
};

describe(`reading back what changed (${backendName})`, () => {
  it('picks up buckets written by another writer from "something changed" alone', async () => {
    const before = await other.snapshot(scope);
    for (let i = 0; i < 3; i++) await report(`回读${i}`, { level: 'major' });
    other.changed([]); // no state part named: only the written buckets are read back
    const after = await other.snapshot(scope);
    expect(after.windows['1h'].events.total).toBe(before.windows['1h'].events.total + 3);
    expect(after.windows['30d'].events.byLevel.major).toBe(before.windows['30d'].events.byLevel.major + 3);
    // The open-event count is a state part nobody named: it stays as last read until a write names it.
    expect(after.events.open).toBe(before.events.open);
    other.changed(['open']);
    expect((await other.snapshot(scope)).events.open).toBe(before.events.open + 3);
    await expectAgreesWithRawRows();
  });

  it('counts an open event as overdue once its deadline passes, with no write in between', async () => {
    const event = await report('快到期', { level: 'extraordinary', deadlineHours: 1 });
    other.changed(['open']);
    const deadline = Date.parse(event.deadlineAt);
    const justBefore = await other.snapshot(scope, new Date(deadline - 1_000));
    const justAfter = await other.snapshot(scope, new Date(deadline + 1_000));
    expect(justAfter.events.overdue).toBe(justBefore.events.overdue + 1);
    await expectAgreesWithRawRows(new Date(deadline + 1_000));
  });

  it('stops counting a worker on patrol once the last position is 15 minutes old, with no write in between', async () => {
    const [worker] = await hub.db.query<{ code: string }>('SELECT code FROM workers ORDER BY code LIMIT 1');
    const sent = Date.now();
    const res = await writer.post('/patrol-positions', { positions: [{ workerCode: worker!.code, ts: new Date(sent).toISOString(), lon: place.lon, lat: place.lat }] });
    expect(res.status).toBe(201);
    other.changed(['patrol']);
    const active = (await other.snapshot(scope, new Date(sent + 60_000))).patrol.activeWorkers;
    expect(active).toBeGreaterThanOrEqual(1);
    const later = await other.snapshot(scope, new Date(sent + 16 * 60_000));
    expect(later.patrol.activeWorkers).toBe(active - 1);
    await expectAgreesWithRawRows(new Date(sent + 16 * 60_000));
  });
});

describe(`figures the clock changes (${backendName})`, () => {
  it('reach a connected wall when an event falls overdue, with no write at that moment', async () => {
    const leader = await hub.signIn('leader');
    const { figures } = await (await hub.displayClient()).connect();
    const event = await report('即将超时', { level: 'extraordinary' });
    // An event whose deadline is moments away (as after hours of handling), then a step of the loop
    // that makes the hub read the open events again: the last write before the deadline.
    const [{ deadline }] = (await hub.db.query<{ deadline: Date }>(
      `UPDATE events SET deadline_at = now() + interval '15 seconds' WHERE id = $1 RETURNING deadline_at AS deadline`, [event.id])) as [{ deadline: Date }];
    expect((await leader.post(`/events/${event.id}/transition`, { to: 'assigned' })).status).toBe(200);
    const assigned = await figures.until((f) => (f.events.byStatus.assigned ?? 0) > 0);
    // Otherwise the machine was too slow to tell the clock's push from the write's.
    expect(Date.now(), 'the write\'s figures reached the wall only after the deadline').toBeLessThan(deadline.getTime());
    const overdue = await figures.until((f) => f.events.overdue === assigned.events.overdue + 1, 25_000);
    expect(Date.now()).toBeGreaterThan(deadline.getTime());
    expect(overdue.events.overdue).toBe(assigned.events.overdue + 1);
  }, 60_000);
});
