// Linked dispatch (联勤联动) through the real hub: the catalogue item decides the level, deadline and
// run card; recommendations fill it with the nearest free forces; one dispatch sends several
// parties; each answers its task as a field app would, and the event follows its tasks. Every
// refusal answers 4xx with a reason and writes nothing; every step is logged, audited and pushed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventAccepted, EventSummary } from '../../contract/api.ts';
import type { DispatchResult, EventDetail, Recommendation, TaskSummary } from '../../contract/closedLoop.ts';
import { distanceM } from '../../api/geo/distance.ts';
import { backendName, errorOf, json, nextMessage, startTestHub, type Client, type SignedIn, type TestHub } from '../support/hub.ts';

let hub: TestHub;
let duty: SignedIn;
let leader: SignedIn;
let fieldApp: Client;
/** A grid with a village committee and grid workers, and one of its workers signed in. */
let place: { lon: number; lat: number; grid_code: string };
let worker: SignedIn;

beforeAll(async () => {
  hub = await startTestHub();
  duty = await hub.signIn('duty_officer');
  leader = await hub.signIn('leader');
  fieldApp = await hub.integrationClient(['tasks']);
  [place] = (await hub.db.query<typeof place>(
    `SELECT p.lon, p.lat, p.grid_code FROM places p WHERE p.kind = 'village_committee'
       AND EXISTS (SELECT 1 FROM workers w WHERE w.grid_code = p.grid_code AND w.role = 'grid_worker') ORDER BY p.code LIMIT 1`)) as [typeof place];
  worker = await hub.signIn('grid_worker', { gridCode: place.grid_code });
}, 60_000);
afterAll(() => hub?.stop());

const count = async (table: string) => (await hub.db.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n;
const report = async (body: Record<string, unknown> = {}) => {
  const res = await duty.post('/events', { title: '调度测试', source: 'hotline_12345', lon: place.lon, lat: place.lat, itemCode: 'fire_residential', ...body });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await json<EventAccepted>(res)).event;
};
const recommendations = async (id: number) => json<Recommendation>(await duty.api(`/events/${id}/recommendations`));
const transition = (client: Client, task: number, body: Record<string, unknown>) => client.post(`/tasks/${task}/transition`, body);

describe(`taking in against the catalogue (${backendName})`, () => {
  it('takes the item\'s category, default level and deadline for that level', async () => {
    const event = await report();
    expect([event.category, event.level, event.itemCode]).toEqual(['fire', 'significant', 'fire_residential']);
    expect(Date.parse(event.deadlineAt) - Date.parse(event.acceptedAt)).toBe(3_600_000); // 住宅火灾: 1 h at every level
    // The nearing moment is 80% of the way (DEADLINE_NEARING_SHARE).
    expect(Date.parse(event.nearingAt) - Date.parse(event.acceptedAt)).toBe(0.8 * 3_600_000);
  });

  it('refuses an item of another category, and an unknown item, storing nothing', async () => {
    const before = await count('events');
    const wrong = await duty.post('/events', { title: 'x', source: 'video', lon: place.lon, lat: place.lat, itemCode: 'fire_residential', category: 'traffic' });
    expect(wrong.status).toBe(400);
    expect((await errorOf(wrong)).issues?.[0]?.path).toBe('category');
    const unknown = await duty.post('/events', { title: 'x', source: 'video', lon: place.lon, lat: place.lat, itemCode: 'no_such_item' });
    expect(unknown.status).toBe(400);
    expect((await errorOf(unknown)).error).toBe('unknown_reference');
    const neither = await duty.post('/events', { title: 'x', source: 'video', lon: place.lon, lat: place.lat });
    expect(neither.status).toBe(400);
    expect(await count('events')).toBe(before);
  });

  it('keeps an event\'s deadline when an administrator later edits the item', async () => {
    const event = await report({ itemCode: 'neighbour_dispute' });
    const admin = await hub.signIn('admin');
    const { items } = await json<{ items: { code: string }[] & Record<string, unknown>[] }>(await admin.api('/catalogue'));
    const item = items.find((i) => i.code === 'neighbour_dispute') as unknown as Record<string, unknown>;
    const { code: _code, updatedAt: _u, updatedBy: _b, ...fields } = item;
    const edited = await admin.api('/catalogue/items/neighbour_dispute', {
      method: 'PUT', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...fields, deadlineHours: { general: 2, significant: 2, major: 2, extraordinary: 1 } }),
    });
    expect(edited.status, await edited.clone().text()).toBe(200);
    const after = await json<EventDetail>(await duty.api(`/events/${event.id}`));
    expect(after.event.deadlineAt).toBe(event.deadlineAt);
    const next = await report({ itemCode: 'neighbour_dispute' });
    expect(Date.parse(next.deadlineAt) - Date.parse(next.acceptedAt)).toBe(2 * 3_600_000);
    const [audited] = await hub.db.query<{ n: number }>(`SELECT count(*) AS n FROM audit_log WHERE action = 'catalogue.item_updated' AND target = 'item:neighbour_dispute'`);
    expect(audited!.n).toBe(1);
  });

  it('shows departments\' phones to the duty room and masks them for grid workers; a wall may not read the catalogue', async () => {
    const full = await json<{ departments: { code: string; phone: string }[] }>(await duty.api('/catalogue'));
    const masked = await json<{ departments: { code: string; phone: string }[] }>(await worker.api('/catalogue'));
    const police = (list: { code: string; phone: string }[]) => list.find((d) => d.code === 'DEP-POLICE')!.phone;
    expect(police(full.departments)).toMatch(/^0570-\d{7}$/);
    expect(police(masked.departments)).toContain('*');
    expect((await (await hub.displayClient()).api('/catalogue')).status).toBe(403);
  });
});

describe(`recommendations (${backendName})`, () => {
  it('fill the run card with the nearest forces of each kind, with distance and ETA, and list the grid\'s workers first', async () => {
    const event = await report();
    const rec = await recommendations(event.id);
    expect(rec.itemCode).toBe('fire_residential');
    expect(rec.department?.code).toBe('DEP-FIRE');
    expect(rec.lines.map((l) => [l.kind, l.count])).toEqual([['fire', 2], ['medical', 1]]);
    const fire = rec.lines[0]!.candidates;
    expect(fire.length).toBeGreaterThanOrEqual(2);
    for (const c of fire) {
      expect(c.kind).toBe('fire');
      expect(c.distanceM).toBe(Math.round(distanceM(event.lon, event.lat, c.lon, c.lat)));
      expect(c.etaMinutes).toBeGreaterThan(0);
    }
    expect(fire.map((c) => c.distanceM)).toEqual([...fire.map((c) => c.distanceM)].sort((a, b) => a - b));
    expect(rec.workers.length).toBeGreaterThan(0);
    expect(rec.workers[0]!.ownGrid).toBe(true);
    expect(rec.workers.some((w) => !w.ownGrid)).toBe(true); // the neighbours' workers too
  });

  it('are refused to roles that do not dispatch', async () => {
    const event = await report();
    expect((await worker.api(`/events/${event.id}/recommendations`)).status).toBe(403);
  });
});

describe(`dispatching and answering tasks (${backendName})`, () => {
  let event: EventSummary;
  let tasks: TaskSummary[];
  let rec: Recommendation;

  it('sends a force, a department and a grid worker at once: three notified tasks, the event assigned, all pushed', async () => {
    event = await report();
    rec = await recommendations(event.id);
    const { socket } = await duty.connect();
    const taskPushes: TaskSummary[] = [];
    socket.on('task:updated', (t) => taskPushes.push(t));
    const eventPush = nextMessage(socket, 'event:updated', (e) => e.id === event.id && e.status === 'assigned');
    const res = await duty.post(`/events/${event.id}/dispatch`, { note: '立即出动', tasks: [
      { party: { kind: 'force', code: rec.lines[0]!.candidates[0]!.code }, instructions: '携带破拆工具', dueMinutes: 15 },
      { party: { kind: 'department', code: 'DEP-FIRE' }, instructions: '派员到场指挥', dueMinutes: 30 },
      { party: { kind: 'worker', code: worker.workerCode! }, instructions: '疏散群众', dueMinutes: 10 },
    ] });
    expect(res.status, await res.clone().text()).toBe(201);
    const result = await json<DispatchResult>(res);
    tasks = result.tasks;
    expect(result.event.status).toBe('assigned');
    expect(tasks.map((t) => [t.party.kind, t.status])).toEqual([['force', 'notified'], ['department', 'notified'], ['worker', 'notified']]);
    expect(Date.parse(tasks[2]!.dueAt) - Date.parse(tasks[2]!.createdAt)).toBe(10 * 60_000);
    await eventPush;
    await expect.poll(() => taskPushes.filter((t) => t.eventId === event.id).length).toBe(3);
    socket.disconnect();
  });

  it('no longer offers a force that is on a task; it is refused to another event with a reason, nothing written', async () => {
    const other = await report();
    const again = await recommendations(other.id);
    const busy = tasks[0]!.party.code;
    expect(again.lines[0]!.candidates.map((c) => c.code)).not.toContain(busy);
    const before = await count('tasks');
    const res = await duty.post(`/events/${other.id}/dispatch`, { tasks: [
      { party: { kind: 'department', code: 'DEP-POLICE' }, dueMinutes: 30 },
      { party: { kind: 'force', code: busy }, dueMinutes: 15 },
    ] });
    expect(res.status).toBe(409);
    expect((await errorOf(res)).message).toMatch(/another task/);
    expect(await count('tasks')).toBe(before);
    const [row] = await hub.db.query<{ status: string }>('SELECT status FROM events WHERE id = $1', [other.id]);
    expect(row!.status).toBe('accepted');
  });

  it('gives a free force to one of two dispatches sent at the same moment, and refuses the other with a reason', async () => {
    const [a, b] = [await report(), await report()];
    const free = (await recommendations(a.id)).lines[0]!.candidates[0]!.code;
    const send = (id: number) => duty.post(`/events/${id}/dispatch`, { tasks: [{ party: { kind: 'force', code: free }, dueMinutes: 15 }] });
    const answers = await Promise.all([send(a.id), send(b.id)]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    const [{ n }] = await hub.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM tasks WHERE party_code = $1 AND status IN ('notified', 'accepted', 'arrived')`, [free]) as [{ n: number }];
    expect(n).toBe(1);
  });

  it('cancels the tasks still open when their event is closed, pushes them, and frees the force', async () => {
    const target = await report();
    const force = (await recommendations(target.id)).lines[0]!.candidates[0]!.code;
    const sent = await json<DispatchResult>(await duty.post(`/events/${target.id}/dispatch`, { tasks: [{ party: { kind: 'force', code: force }, dueMinutes: 15 }] }));
    expect((await transition(fieldApp, sent.tasks[0]!.id, { to: 'accepted' })).status).toBe(200);
    // The room moves the event on by hand while the force is still out.
    for (const to of ['feedback', 'verifying']) expect((await duty.post(`/events/${target.id}/transition`, { to })).status).toBe(200);
    const { socket } = await duty.connect();
    const pushed = nextMessage(socket, 'task:updated', (t) => t.id === sent.tasks[0]!.id);
    expect((await leader.post(`/events/${target.id}/transition`, { to: 'closed' })).status).toBe(200);
    expect(await pushed).toMatchObject({ status: 'cancelled', reason: '事件已办结' });
    socket.disconnect();
    const [row] = await hub.db.query<{ status: string }>('SELECT status FROM tasks WHERE id = $1', [sent.tasks[0]!.id]);
    expect(row!.status).toBe('cancelled');
    const next = await report();
    expect((await recommendations(next.id)).lines[0]!.candidates.map((c) => c.code)).toContain(force);
  });

  it.each([
    ['an unknown force', { tasks: [{ party: { kind: 'force', code: 'FRC-999' }, dueMinutes: 15 }] }, 400, 'tasks.0.party.code'],
    ['no party at all', { tasks: [] }, 400, 'tasks'],
    ['a due time of 1 minute', { tasks: [{ party: { kind: 'department', code: 'DEP-POLICE' }, dueMinutes: 1 }] }, 400, 'tasks.0.dueMinutes'],
    ['the same party twice', { tasks: [{ party: { kind: 'department', code: 'DEP-POLICE' }, dueMinutes: 15 }, { party: { kind: 'department', code: 'DEP-POLICE' }, dueMinutes: 15 }] }, 400, 'tasks.1.party'],
  ])('refuses %s with a 4xx naming the field, and writes nothing', async (_what, body, status, path) => {
    const target = await report();
    const before = await count('tasks');
    const res = await duty.post(`/events/${target.id}/dispatch`, body);
    expect(res.status).toBe(status);
    expect((await errorOf(res)).issues?.[0]?.path).toBe(path);
    expect(await count('tasks')).toBe(before);
  });

  it('refuses a dispatch by a grid worker (403) and of a closed event (409)', async () => {
    const target = await report();
    const body = { tasks: [{ party: { kind: 'department', code: 'DEP-POLICE' }, dueMinutes: 15 }] };
    expect((await worker.post(`/events/${target.id}/dispatch`, body)).status).toBe(403);
    for (const to of ['assigned', 'handling', 'feedback', 'verifying', 'closed']) await leader.post(`/events/${target.id}/transition`, { to });
    const closed = await duty.post(`/events/${target.id}/dispatch`, body);
    expect(closed.status).toBe(409);
  });

  it('lets each party answer only its own task; the event moves to handling on the first acceptance', async () => {
    const [force, department, own] = tasks as [TaskSummary, TaskSummary, TaskSummary];
    expect((await transition(worker, force.id, { to: 'accepted' })).status).toBe(403); // not the worker's task
    expect((await transition(fieldApp, force.id, { to: 'done' })).status).toBe(409); // not accepted yet
    expect((await transition(fieldApp, force.id, { to: 'refused' })).status).toBe(400); // a refusal needs its reason
    const accepted = await transition(fieldApp, force.id, { to: 'accepted' });
    expect(accepted.status, await accepted.clone().text()).toBe(200);
    const answer = await json<{ task: TaskSummary; event: EventSummary }>(accepted);
    expect(answer.task.status).toBe('accepted');
    expect(answer.event.status).toBe('handling');
    expect((await transition(worker, own.id, { to: 'accepted' })).status).toBe(200);
    expect((await transition(fieldApp, department.id, { to: 'cancelled', reason: '不需要' })).status).toBe(403); // only the room cancels
    expect((await transition(duty, department.id, { to: 'refused', reason: '人员已派往别处' })).status).toBe(200); // the room records a phoned refusal
  });

  it('offers the next nearest force after a refusal, and never the one that refused', async () => {
    const other = await report();
    const offered = (await recommendations(other.id)).lines[0]!.candidates.map((c) => c.code);
    const res = await duty.post(`/events/${other.id}/dispatch`, { tasks: [{ party: { kind: 'force', code: offered[0]! }, dueMinutes: 15 }] });
    const [task] = (await json<DispatchResult>(res)).tasks;
    expect((await transition(fieldApp, task!.id, { to: 'refused', reason: '车辆故障' })).status).toBe(200);
    const next = (await recommendations(other.id)).lines[0]!.candidates.map((c) => c.code);
    expect(next).not.toContain(offered[0]);
    expect(next[0]).toBe(offered[1]);
  });

  it('moves the event to feedback when every task that was not refused is done, and logs and audits every step', async () => {
    const [force, , own] = tasks as [TaskSummary, TaskSummary, TaskSummary];
    expect((await transition(fieldApp, force.id, { to: 'arrived' })).status).toBe(200);
    const first = await json<{ event: EventSummary }>(await transition(fieldApp, force.id, { to: 'done', feedback: '明火已扑灭' }));
    expect(first.event.status).toBe('handling'); // the worker's task is still open
    const last = await json<{ event: EventSummary }>(await transition(worker, own.id, { to: 'done', feedback: '群众已疏散' }));
    expect(last.event.status).toBe('feedback');
    const detail = await json<EventDetail>(await duty.api(`/events/${event.id}`));
    expect(detail.log.map((l) => l.action)).toEqual(['accept', 'dispatch', 'assigned', 'task_accepted', 'handling', 'task_accepted', 'task_refused',
      'task_arrived', 'task_done', 'task_done', 'feedback']);
    expect(detail.tasks.map((t) => t.status)).toEqual(['done', 'refused', 'done']);
    expect(detail.tasks[1]!.reason).toBe('人员已派往别处');
    const audited = await hub.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE target = $1 ORDER BY id`, [`event:${event.number}`]);
    expect(audited.map((a) => a.action)).toEqual(['event.accepted', 'event.dispatched', 'task.accepted', 'event.handling', 'task.accepted', 'task.refused',
      'task.arrived', 'task.done', 'task.done', 'event.feedback']);
    // The force is free again.
    const other = await report();
    expect((await recommendations(other.id)).lines[0]!.candidates.map((c) => c.code)).toContain(force.party.code);
  });

  it('lists open tasks for the dispatch board, in scope', async () => {
    const open = await json<{ tasks: TaskSummary[] }>(await duty.api('/tasks?open=true'));
    expect(open.tasks.every((t) => ['notified', 'accepted', 'arrived'].includes(t.status))).toBe(true);
    const mine = await json<{ tasks: TaskSummary[] }>(await worker.api('/tasks'));
    expect(mine.tasks.every((t) => t.gridCode === place.grid_code)).toBe(true);
    expect((await (await hub.displayClient()).api('/tasks?open=true')).status).toBe(200); // the wall's dispatch board
  });
});
