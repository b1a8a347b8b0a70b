// Supervision (督办), deadlines by the clock, escalation to the county (对上承接) with its outbox and
// a webhook that fails before it takes, alarms turned into events, and an event's whole record —
// against the real hub, with the figures checked against the rows at the end.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventAccepted, EventSummary, StatsSnapshot } from '../../contract/api.ts';
import type { EventDetail, Escalation, Supervision } from '../../contract/closedLoop.ts';
import { pushDueDeadlines } from '../../api/domain/events/timing.ts';
import { backendName, errorOf, json, nextMessage, startTestHub, type Client, type SignedIn, type TestHub } from '../support/hub.ts';

let hub: TestHub;
let duty: SignedIn;
let leader: SignedIn;
let worker: SignedIn;
let place: { lon: number; lat: number; grid_code: string };

/** A county webhook that refuses its first `failures` deliveries, then takes them. */
function countyWebhook(failures: number) {
  const received: { body: Escalation; key: string | undefined }[] = [];
  let calls = 0;
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    calls += 1;
    if (calls <= failures) {
      res.writeHead(503).end('county busy');
      return;
    }
    received.push({ body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Escalation, key: req.headers['idempotency-key'] as string | undefined });
    res.writeHead(200).end('ok');
  });
  return {
    received,
    calls: () => calls,
    url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/escalations`,
    listen: () => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve())),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
const webhook = countyWebhook(2);

beforeAll(async () => {
  await webhook.listen();
  hub = await startTestHub({ escalationWebhookUrl: webhook.url() });
  duty = await hub.signIn('duty_officer');
  leader = await hub.signIn('leader');
  [place] = (await hub.db.query<typeof place>(
    `SELECT p.lon, p.lat, p.grid_code FROM places p WHERE p.kind = 'village_committee'
       AND EXISTS (SELECT 1 FROM workers w WHERE w.grid_code = p.grid_code AND w.role = 'grid_worker') ORDER BY p.code LIMIT 1`)) as [typeof place];
  worker = await hub.signIn('grid_worker', { gridCode: place.grid_code });
}, 60_000);
afterAll(async () => {
  await hub?.stop();
  await webhook.close();
});

const report = async (extra: Record<string, unknown> = {}) => {
  const res = await duty.post('/events', { title: '督办测试', category: 'environment', source: 'hotline_12345', lon: place.lon, lat: place.lat,
    reporterName: '欧阳小明', reporterPhone: '13800138000', ...extra });
  expect(res.status).toBe(201);
  return (await json<EventAccepted>(res)).event;
};
const figures = async (client: Client = duty) => json<StatsSnapshot>(await client.api('/stats'));
const detail = async (id: number) => json<EventDetail>(await duty.api(`/events/${id}`));

describe(`supervision notices (${backendName})`, () => {
  it('are issued by the room to the holders of the event\'s open tasks, counted, logged and pushed', async () => {
    const event = await report();
    await duty.post(`/events/${event.id}/dispatch`, { tasks: [{ party: { kind: 'worker', code: worker.workerCode! }, dueMinutes: 30 }] });
    const before = await figures();
    const { socket } = await duty.connect();
    const pushed = nextMessage(socket, 'supervision:new', (s) => s.eventId === event.id);
    const res = await leader.post(`/events/${event.id}/supervise`, { text: '请加快处置，今日内反馈' });
    expect(res.status).toBe(201);
    const notice = await json<Supervision>(res);
    expect(notice.kind).toBe('manual');
    expect(notice.recipients).toEqual([{ kind: 'worker', code: worker.workerCode, name: expect.any(String) }]);
    expect((await pushed).id).toBe(notice.id);
    const after = await figures();
    expect(after.events.supervised).toBe(before.events.supervised + 1);
    expect(after.windows['1h'].supervisions).toBe(before.windows['1h'].supervisions + 1);
    const record = await detail(event.id);
    expect(record.event.supervisions).toBe(1);
    expect(record.supervisions.map((s) => s.text)).toEqual(['请加快处置，今日内反馈']);
    socket.disconnect();
  });

  it('are refused to a grid worker (403), on a closed event (409), and without text (400)', async () => {
    const event = await report();
    expect((await worker.post(`/events/${event.id}/supervise`, { text: '快点' })).status).toBe(403);
    expect((await duty.post(`/events/${event.id}/supervise`, { text: '   ' })).status).toBe(400);
    for (const to of ['assigned', 'handling', 'feedback', 'verifying', 'closed']) await leader.post(`/events/${event.id}/transition`, { to });
    const closed = await duty.post(`/events/${event.id}/supervise`, { text: '快点' });
    expect(closed.status).toBe(409);
    expect((await errorOf(closed)).message).toMatch(/closed/);
  });
});

describe(`deadlines by the clock (${backendName})`, () => {
  it('logs the moment an event nears its deadline and the moment it passes it, once each, with an automatic notice at the deadline', async () => {
    const event = await report({ deadlineHours: 1 });
    const at = (iso: string, ms: number) => new Date(Date.parse(iso) + ms);
    const factsOf = async () => (await hub.db.query<{ kind: string }>(
      `SELECT kind FROM push_log WHERE payload->>'id' = $1 OR payload->>'eventId' = $1 ORDER BY seq`, [String(event.id)])).map((f) => f.kind);
    expect(await pushDueDeadlines(hub.db, hub.township, at(event.nearingAt, -1000))).toBe(0);
    expect(await pushDueDeadlines(hub.db, hub.township, at(event.nearingAt, 1000))).toBe(1);
    expect(await factsOf()).toEqual(['event:new', 'event:updated']);
    expect(await pushDueDeadlines(hub.db, hub.township, at(event.nearingAt, 2000))).toBe(0); // once
    expect(await pushDueDeadlines(hub.db, hub.township, at(event.deadlineAt, 1000))).toBe(1);
    expect(await factsOf()).toEqual(['event:new', 'event:updated', 'supervision:new', 'event:updated']);
    expect(await pushDueDeadlines(hub.db, hub.township, at(event.deadlineAt, 5000))).toBe(0);
    const notices = (await detail(event.id)).supervisions;
    expect(notices.map((s) => [s.kind, s.by])).toEqual([['overdue', 'system']]);
  });

  it('reach a connected screen by the hub\'s own clock, with no write at that moment', async () => {
    const event = await report({ deadlineHours: 2 });
    const { socket, figures: live } = await duty.connect();
    const overdueBefore = live.current().events.overdue;
    const pushed = nextMessage(socket, 'supervision:new', (s) => s.eventId === event.id && s.kind === 'overdue', 10_000);
    // As if it had been taken in long ago: its moments are now, and the hub's job (every second) finds them.
    await hub.db.query(`UPDATE events SET nearing_at = now() - interval '2 seconds', deadline_at = now() - interval '1 second' WHERE id = $1`, [event.id]);
    await pushed;
    await live.until((f) => f.events.overdue === overdueBefore + 1);
    socket.disconnect();
  }, 20_000);
});

describe(`escalation to the county (${backendName})`, () => {
  it('marks the event, writes the outbox that the county reads, and refuses a second escalation', async () => {
    const event = await report();
    const res = await duty.post(`/events/${event.id}/escalate`, { reason: '涉及跨镇水域，需县级协调' });
    expect(res.status).toBe(201);
    const escalation = await json<Escalation>(res);
    expect(escalation.event.escalatedAt).not.toBeNull();
    expect(escalation.event.reporterName).toBe('欧**明'); // masked for the county too
    expect((await duty.post(`/events/${event.id}/escalate`, { reason: 'again' })).status).toBe(409);
    const county = await hub.integrationClient(['county']);
    const outbox = await json<{ escalations: Escalation[] }>(await county.api('/escalations'));
    expect(outbox.escalations.map((e) => e.eventId)).toContain(event.id);
    const page = await json<{ escalations: Escalation[] }>(await county.api(`/escalations?after=${escalation.id}`));
    expect(page.escalations.map((e) => e.id)).not.toContain(escalation.id);
    expect((await worker.api('/escalations')).status).toBe(403);
    expect((await figures()).events.escalated).toBeGreaterThanOrEqual(1);
  });

  it('delivers to a webhook that fails twice: retried with backoff until taken, once, with an idempotency key', async () => {
    await expect.poll(async () => webhook.received.length, { timeout: 30_000, interval: 250 }).toBe(1);
    expect(webhook.calls()).toBe(3);
    expect(webhook.received[0]!.key).toMatch(/^escalation-/);
    const [row] = await hub.db.query<{ attempts: number; delivered_at: Date | null; last_error: string | null }>('SELECT attempts, delivered_at, last_error FROM escalations ORDER BY id LIMIT 1');
    expect(row).toMatchObject({ attempts: 3, last_error: null });
    expect(row!.delivered_at).not.toBeNull();
  }, 40_000);
});

describe(`alarms turned into events (${backendName})`, () => {
  it('become an IoT-alarm event at the device, linked both ways; a second time is refused', async () => {
    const [device] = await hub.db.query<{ code: string; critical_above: number; grid_code: string }>(
      `SELECT code, critical_above, grid_code FROM devices WHERE type = 'water_level' AND active ORDER BY code LIMIT 1`);
    const machine = await hub.integrationClient(['readings']);
    await machine.post('/readings', { readings: [{ deviceCode: device!.code, ts: new Date().toISOString(), value: device!.critical_above + 0.5 }] });
    const [alarm] = await hub.db.query<{ id: number }>(`SELECT id FROM alarms WHERE device_code = $1 AND status = 'active' ORDER BY id DESC LIMIT 1`, [device!.code]);
    expect((await worker.post(`/alarms/${alarm!.id}/event`, {})).status).toBe(403);
    const res = await duty.post(`/alarms/${alarm!.id}/event`, {});
    expect(res.status, await res.clone().text()).toBe(201);
    const { event } = await json<EventAccepted>(res);
    expect([event.source, event.category, event.level, event.gridCode]).toEqual(['iot_alarm', 'flood', 'significant', device!.grid_code]);
    const [linked] = await hub.db.query<{ event_id: number; status: string }>('SELECT event_id, status FROM alarms WHERE id = $1', [alarm!.id]);
    expect(linked).toEqual({ event_id: event.id, status: 'acknowledged' });
    expect((await duty.post(`/alarms/${alarm!.id}/event`, {})).status).toBe(409);
  });
});

describe(`an event's whole record (${backendName})`, () => {
  let event: EventSummary;
  beforeAll(async () => {
    event = await report();
  });

  it('masks the reporter, and shows them whole only with a reason, audited', async () => {
    expect((await detail(event.id)).event.reporterName).toBe('欧**明');
    expect((await duty.api(`/events/${event.id}?unmask=true`)).status).toBe(400);
    const whole = await json<EventDetail>(await duty.api(`/events/${event.id}?unmask=true&reason=${encodeURIComponent('回访报告人')}`));
    expect([whole.unmasked, whole.event.reporterName, whole.event.reporterPhone]).toEqual([true, '欧阳小明', '13800138000']);
    const [audited] = await hub.db.query<{ detail: { reason: string } }>(`SELECT detail FROM audit_log WHERE action = 'event.reporter_unmasked' AND target = $1`, [`event:${event.number}`]);
    expect(audited!.detail.reason).toBe('回访报告人');
    expect((await (await hub.displayClient()).api(`/events/${event.id}?unmask=true&reason=x1`)).status).toBe(403);
  });

  it('is not found for a grid worker of another grid (its existence is not confirmed)', async () => {
    const [other] = await hub.db.query<{ code: string }>(`SELECT code FROM grids WHERE code <> $1 ORDER BY code LIMIT 1`, [place.grid_code]);
    const stranger = await hub.signIn('grid_worker', { gridCode: other!.code });
    expect((await stranger.api(`/events/${event.id}`)).status).toBe(404);
    expect((await worker.api(`/events/${event.id}`)).status).toBe(200);
  });
});

describe(`the figures after all of it (${backendName})`, () => {
  it('count open tasks by state and agree with the rows', async () => {
    const f = await figures();
    expect(f.tasks.open).toBe(f.tasks.byStatus.notified + f.tasks.byStatus.accepted + f.tasks.byStatus.arrived);
    expect(f.tasks.open).toBeGreaterThanOrEqual(1);
    const { mismatches } = await json<{ mismatches: unknown[] }>(await duty.api('/stats/verify'));
    expect(mismatches).toEqual([]);
  });
});
