// The replay of an incident (工作复盘): every fact around it in time order, from the rows, changing nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventAccepted } from '../../contract/api.ts';
import type { DispatchResult } from '../../contract/closedLoop.ts';
import type { IncidentSummary, IncidentTimeline } from '../../contract/incidents.ts';
import type { Warning } from '../../contract/warnings.ts';
import { evaluateWarnings } from '../../api/domain/warnings/warnings.ts';
import { backendName, json, startTestHub, type Client, type SignedIn, type TestHub } from '../support/hub.ts';

let hub: TestHub;
let leader: SignedIn;
let machine: Client;
let fieldApp: Client;

beforeAll(async () => {
  hub = await startTestHub();
  leader = await hub.signIn('leader');
  machine = await hub.integrationClient();
  fieldApp = await hub.integrationClient(['tasks']);
});
afterAll(() => hub?.stop());

const count = async (table: string) => (await hub.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;

describe(`the incident timeline (${backendName})`, () => {
  it('plays readings, the alarm, the warning, the incident, the switches, the hazard area and the arrivals in order, read-only', async () => {
    const [gauge] = await hub.db.query<{ code: string; normal_max: number; warn_above: number; critical_above: number }>(
      `SELECT code, normal_max, warn_above, critical_above FROM devices WHERE type = 'water_level' ORDER BY code LIMIT 1`);
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
    await machine.post('/readings', { readings: [{ deviceCode: gauge!.code, ts: at(30), value: gauge!.normal_max }, { deviceCode: gauge!.code, ts: at(20), value: gauge!.warn_above + 0.2 }] });
    await machine.post('/readings', { readings: [{ deviceCode: gauge!.code, ts: at(0), value: gauge!.critical_above + 1 }] });
    await evaluateWarnings(hub.db, hub.township.code);
    const { warnings } = await json<{ warnings: Warning[] }>(await leader.api('/warnings?open=true'));
    const warning = warnings.find((w) => w.subject === `device:${gauge!.code}` && w.kind === 'threshold')!;
    const incident = await json<IncidentSummary>(await leader.post('/incidents', { title: '复盘测试', kind: 'flood', responseLevel: 'III', reason: '超警', from: { kind: 'warning', id: warning.id } }));
    await leader.post('/mode', { mode: 'emergency', incidentId: incident.id, reason: '启动' });
    await leader.post(`/incidents/${incident.id}/level`, { responseLevel: 'II', reason: '加强' });
    const [shelter] = await hub.db.query<{ code: string; lon: number; lat: number }>(`SELECT code, lon, lat FROM places WHERE kind = 'shelter' ORDER BY code LIMIT 1`);
    await leader.post(`/incidents/${incident.id}/hazard-areas`, { method: 'point_buffer', lon: shelter!.lon + 0.03, lat: shelter!.lat, radiusM: 600, reason: '划定' });
    await fieldApp.post(`/incidents/${incident.id}/shelters/${shelter!.code}/arrivals`, { people: 12 });
    await leader.post('/mode', { mode: 'peacetime', reason: '解除' });
    await leader.post(`/incidents/${incident.id}/close`, { reason: '结束' });

    const before = await Promise.all(['push_log', 'audit_log', 'warnings', 'incidents'].map(count));
    const timeline = await json<IncidentTimeline>(await leader.api(`/incidents/${incident.id}/timeline`));
    expect(await Promise.all(['push_log', 'audit_log', 'warnings', 'incidents'].map(count))).toEqual(before);

    const times = timeline.items.map((i) => Date.parse(i.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const steps = timeline.items.filter((i) => i.kind !== 'reading' && i.kind !== 'patrol').map((i) => `${i.kind}:${'step' in i ? i.step : 'mode' in i ? i.mode : ''}`);
    const order = ['alarm:raised', 'warning:raised', 'incident:opened', 'mode:emergency', 'incident:level', 'hazard:', 'arrival:', 'mode:peacetime', 'incident:closed'];
    const positions = order.map((step) => steps.indexOf(step));
    expect(positions.every((p) => p >= 0), JSON.stringify(steps)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    const readings = timeline.items.filter((i) => i.kind === 'reading' && i.deviceCode === gauge!.code);
    expect(readings.map((r) => r.kind === 'reading' && r.overThreshold)).toEqual([false, true, true]);
    expect(Date.parse(timeline.from)).toBeLessThanOrEqual(Date.parse(at(30)));
    expect(JSON.stringify(timeline)).not.toMatch(/"name"/);
  });

  it('puts each task state at its event\'s place and each arrival at its shelter, with the shelter\'s capacity', async () => {
    const [shelter] = await hub.db.query<{ code: string; lon: number; lat: number; capacity: number | null }>(
      `SELECT code, lon, lat, capacity FROM places WHERE kind = 'shelter' ORDER BY code DESC LIMIT 1`);
    const incident = await json<IncidentSummary>(await leader.post('/incidents', { title: '复盘位置', kind: 'flood', responseLevel: 'IV', reason: '测试' }));
    const place = { lon: shelter!.lon, lat: shelter!.lat };
    // With a hazard area drawn, every task dispatched in the window belongs to the replay.
    expect((await leader.post(`/incidents/${incident.id}/hazard-areas`, { method: 'point_buffer', ...place, radiusM: 500, reason: '划定' })).status).toBe(201);
    const reported = await leader.post('/events', { title: '复盘派遣', category: 'flood', source: 'hotline_12345', ...place });
    expect(reported.status, await reported.clone().text()).toBe(201);
    const { event } = await json<EventAccepted>(reported);
    const sent = await leader.post(`/events/${event.id}/dispatch`, { tasks: [{ party: { kind: 'department', code: 'DEP-POLICE' }, dueMinutes: 30 }] });
    expect(sent.status, await sent.clone().text()).toBe(201);
    const { tasks: [task] } = await json<DispatchResult>(sent);
    expect((await fieldApp.post(`/tasks/${task!.id}/transition`, { to: 'accepted' })).status).toBe(200);
    await fieldApp.post(`/incidents/${incident.id}/shelters/${shelter!.code}/arrivals`, { people: 7 });

    const { items } = await json<IncidentTimeline>(await leader.api(`/incidents/${incident.id}/timeline`));
    const states = items.filter((i) => i.kind === 'task' && i.taskId === task!.id);
    expect(states.map((i) => i.kind === 'task' && i.status)).toEqual(['notified', 'accepted']);
    for (const state of states) expect(state).toMatchObject({ eventId: event.id, lon: event.lon, lat: event.lat });
    expect(items.filter((i) => i.kind === 'arrival')).toEqual([
      expect.objectContaining({ shelterCode: shelter!.code, people: 7, lon: shelter!.lon, lat: shelter!.lat, capacity: shelter!.capacity }),
    ]);
  });

  it('answers 404 for an unknown incident and 400 for a bad id', async () => {
    expect((await leader.api('/incidents/999999/timeline')).status).toBe(404);
    expect((await leader.api('/incidents/x/timeline')).status).toBe(400);
  });
});
