// Incidents and the room's switch (平战转换): a leader opens an incident from a warning, an alarm or an
// event with a response level, switches every screen of the township to emergency for it and back
// (p99 from the request to the switch on 50 connected screens, recorded in test-output), every switch
// recorded; refused steps answer 4xx with a reason and change nothing.
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModeState } from '../../contract/api.ts';
import type { IncidentSummary, ModeSwitch } from '../../contract/incidents.ts';
import { backendName, errorOf, json, nextMessage, startTestHub, type Client, type SignedIn, type TestHub, type WallSocket } from '../support/hub.ts';

const SCREENS = 50;
const SWITCHES = 20;

let hub: TestHub;
let leader: SignedIn;
let duty: SignedIn;
let display: Client;

beforeAll(async () => {
  hub = await startTestHub();
  leader = await hub.signIn('leader');
  duty = await hub.signIn('duty_officer');
  display = await hub.displayClient();
});
afterAll(() => hub?.stop());

const open = async (body: object = {}) => {
  const res = await leader.post('/incidents', { title: '衢江湖镇段洪水', kind: 'flood', responseLevel: 'III', reason: '水位超警戒，上涨迅速', ...body });
  expect(res.status, await res.clone().text()).toBe(201);
  return json<IncidentSummary>(res);
};
const switchTo = (client: Client, body: object) => client.post('/mode', body);
const switchCount = async () => (await hub.db.query<{ n: number }>('SELECT count(*)::int AS n FROM mode_switches'))[0]!.n;

describe(`incidents (${backendName})`, () => {
  it('are opened by a leader from a warning, numbered, pushed, and the warning points to its incident', async () => {
    const [warning] = await hub.db.query<{ id: number }>(
      `INSERT INTO warnings (township_code, rule_code, kind, level, subject, title, evidence)
       VALUES ($1, 'WR-WL-RISE', 'rate_of_rise', 'orange', 'device:test', '测试预警', '{"kind": "rate_of_rise"}') RETURNING id`, [hub.township.code]);
    const { socket } = await display.connect();
    const pushed = nextMessage(socket, 'incident:updated');
    const incident = await open({ from: { kind: 'warning', id: warning!.id } });
    expect(incident).toMatchObject({ status: 'open', responseLevel: 'III', kind: 'flood', from: { kind: 'warning', id: warning!.id }, openedBy: `user:${leader.username}`, hazardVersion: 0 });
    expect(incident.number).toMatch(new RegExp(`^${hub.township.code}-YJ\\d{4}-\\d{3}$`));
    expect(await pushed).toEqual(incident);
    const [linked] = await hub.db.query<{ incident_id: number }>('SELECT incident_id FROM warnings WHERE id = $1', [warning!.id]);
    expect(linked!.incident_id).toBe(incident.id);
    // A warning opens one incident.
    const again = await leader.post('/incidents', { title: 'x', kind: 'flood', responseLevel: 'III', reason: 'y', from: { kind: 'warning', id: warning!.id } });
    expect(again.status).toBe(409);
  });

  it('refuses a duty officer, an unknown source, and bad input, storing nothing', async () => {
    const before = (await hub.db.query<{ n: number }>('SELECT count(*)::int AS n FROM incidents'))[0]!.n;
    expect((await duty.post('/incidents', { title: 'x', kind: 'flood', responseLevel: 'IV', reason: 'y' })).status).toBe(403);
    const unknown = await leader.post('/incidents', { title: 'x', kind: 'flood', responseLevel: 'IV', reason: 'y', from: { kind: 'alarm', id: 999_999 } });
    expect(unknown.status).toBe(400);
    expect((await errorOf(unknown)).issues?.[0]?.path).toBe('from.id');
    for (const body of [{ title: 'x', kind: 'flood', responseLevel: 'V', reason: 'y' }, { title: 'x', kind: 'tsunami', responseLevel: 'I', reason: 'y' },
      { title: '', kind: 'flood', responseLevel: 'I', reason: 'y' }, { title: 'x', kind: 'flood', responseLevel: 'I' }, { title: 'x', kind: 'flood', responseLevel: 'I', reason: 'y', extra: 1 }]) {
      expect((await leader.post('/incidents', body)).status, JSON.stringify(body)).toBe(400);
    }
    expect((await hub.db.query<{ n: number }>('SELECT count(*)::int AS n FROM incidents'))[0]!.n).toBe(before);
  });

  it('change their response level with a reason, each change kept', async () => {
    const incident = await open();
    const raised = await leader.post(`/incidents/${incident.id}/level`, { responseLevel: 'II', reason: '水位持续上涨' });
    expect(await json<IncidentSummary>(raised)).toMatchObject({ responseLevel: 'II' });
    expect((await leader.post(`/incidents/${incident.id}/level`, { responseLevel: 'II', reason: '重复' })).status).toBe(409);
    const levels = await hub.db.query<{ response_level: string }>('SELECT response_level FROM incident_levels WHERE incident_id = $1 ORDER BY id', [incident.id]);
    expect(levels.map((l) => l.response_level)).toEqual(['III', 'II']);
  });
});

describe(`the mode switch (${backendName})`, () => {
  it('refuses a switch to emergency without an open incident, by a non-leader, or without a reason, recording nothing', async () => {
    const before = await switchCount();
    const incident = await open();
    for (const [client, body, status] of [
      [leader, { mode: 'emergency', reason: '无事件' }, 400],
      [leader, { mode: 'emergency', incidentId: 999_999, reason: '未知事件' }, 400],
      [leader, { mode: 'emergency', incidentId: incident.id }, 400],
      [leader, { mode: 'wartime', reason: 'x' }, 400],
      [duty, { mode: 'emergency', incidentId: incident.id, reason: '值班员' }, 403],
      [display, { mode: 'emergency', incidentId: incident.id, reason: '大屏' }, 403],
    ] as const) {
      const res = await switchTo(client, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect((await errorOf(res)).message.length).toBeGreaterThan(0);
    }
    expect(await switchCount()).toBe(before);
  });

  it(`switches all ${SCREENS} screens of the township at once and back together, every switch recorded`, async () => {
    const incident = await open({ responseLevel: 'II' });
    const sockets: WallSocket[] = [];
    for (let i = 0; i < SCREENS; i++) sockets.push((await display.connect()).socket);
    const latencies: number[] = [];
    for (let round = 0; round < SWITCHES; round++) {
      const to = round % 2 === 0 ? 'emergency' : 'peacetime';
      const arrivals = sockets.map((socket) => {
        const started = performance.now();
        return nextMessage(socket, 'mode:changed', (state: ModeState, seq: number | null) => seq !== null && state.mode === to)
          .then((state) => ({ state, ms: performance.now() - started }));
      });
      const res = await switchTo(leader, to === 'emergency' ? { mode: 'emergency', incidentId: incident.id, reason: `演练第${round}次` } : { mode: 'peacetime', reason: `演练第${round}次结束` });
      expect(res.status).toBe(200);
      const answered = await json<ModeState>(res);
      for (const { state, ms } of await Promise.all(arrivals)) {
        expect(state).toEqual(answered);
        latencies.push(ms);
      }
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    const p99 = sorted[Math.ceil(0.99 * sorted.length) - 1]!;
    const p50 = sorted[Math.ceil(0.5 * sorted.length) - 1]!;
    mkdirSync('test-output/emergency', { recursive: true });
    writeFileSync(`test-output/emergency/mode-switch-${backendName}.json`, JSON.stringify({ screens: SCREENS, switches: SWITCHES, samples: latencies.length, p50Ms: p50, p99Ms: p99, maxMs: sorted.at(-1) }, null, 2));
    expect(latencies).toHaveLength(SCREENS * SWITCHES);
    // The issue's goal: the whole room within a second of the leader's request.
    expect(p99).toBeLessThan(1_000);

    const { switches } = await json<{ incident: IncidentSummary; switches: ModeSwitch[] }>(await leader.api(`/incidents/${incident.id}`));
    expect(switches.filter((s) => s.mode === 'emergency')).toHaveLength(SWITCHES / 2);
    expect(switches[switches.length - 1]).toMatchObject({ mode: 'emergency', incidentId: incident.id, reason: '演练第0次', switchedBy: `user:${leader.username}` });
    for (const socket of sockets) socket.disconnect();
  }, 120_000);

  it('tells a screen that connects during an emergency, with the incident, and keeps it until the switch back', async () => {
    const incident = await open({ responseLevel: 'I', title: '山体滑坡' });
    expect((await switchTo(leader, { mode: 'emergency', incidentId: incident.id, reason: '启动Ⅰ级响应' })).status).toBe(200);
    let seen: Promise<ModeState> | undefined;
    const { socket } = await display.connect({ beforeConnect: (s) => void (seen = nextMessage(s, 'mode:changed')) });
    expect(await seen).toMatchObject({ mode: 'emergency', incident: { id: incident.id, responseLevel: 'I' }, reason: '启动Ⅰ级响应' });
    expect(await json<ModeState>(await display.api('/mode'))).toMatchObject({ mode: 'emergency', incident: { id: incident.id } });

    // Closing the incident the room is in emergency for is refused until the room is back in peacetime.
    const refused = await leader.post(`/incidents/${incident.id}/close`, { reason: '结束' });
    expect(refused.status).toBe(409);
    expect((await errorOf(refused)).message).toContain('peacetime');
    const back = nextMessage(socket, 'mode:changed', (state: ModeState) => state.mode === 'peacetime');
    expect((await switchTo(leader, { mode: 'peacetime', reason: '险情解除' })).status).toBe(200);
    expect(await back).toMatchObject({ incident: null, reason: '险情解除' });
    expect((await leader.post(`/incidents/${incident.id}/close`, { reason: '结束' })).status).toBe(200);
    // A closed incident takes the room to emergency no more.
    expect((await switchTo(leader, { mode: 'emergency', incidentId: incident.id, reason: '再次' })).status).toBe(409);
  });
});
