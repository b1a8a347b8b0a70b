// Scope and masking: a grid worker sees only their grid, a grid leader only their village, through
// lists, counts, exports and pushes alike; personal fields never leave the hub unmasked unless
// someone allowed asks for one record, and that request is audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventAccepted, EventSummary, StatsSnapshot } from '../../contract/api.ts';
import { backendName, nextMessage, startTestHub, type Client, type SignedIn, type TestHub, type WallSocket } from '../support/hub.ts';

interface Spot { lon: number; lat: number; grid_code: string; village_code: string }

let hub: TestHub;
let duty: SignedIn;
let hotline: Client;
let mine: Spot; // the grid worker's grid
let neighbour: Spot; // another grid of the same village
let elsewhere: Spot; // a grid of another village
let worker: SignedIn;
let gridLeader: SignedIn;
let display: Client;
const REPORTER = { reporterName: '张三丰', reporterPhone: '13900001111' };

const spotQuery = `SELECT p.lon, p.lat, p.grid_code, g.village_code FROM places p JOIN grids g ON g.code = p.grid_code
  WHERE EXISTS (SELECT 1 FROM workers w WHERE w.grid_code = p.grid_code AND w.role = 'grid_worker')
    AND EXISTS (SELECT 1 FROM key_people k WHERE k.grid_code = p.grid_code)`;

async function report(client: Client, at: Spot, title: string): Promise<EventSummary> {
  const res = await client.post('/events', { title, category: 'dispute', source: 'hotline_12345', lon: at.lon, lat: at.lat, ...REPORTER });
  expect(res.status).toBe(201);
  return ((await res.json()) as EventAccepted).event;
}

beforeAll(async () => {
  hub = await startTestHub();
  [mine] = (await hub.db.query<Spot>(`${spotQuery} ORDER BY p.code LIMIT 1`)) as [Spot];
  [neighbour] = (await hub.db.query<Spot>(`${spotQuery} AND g.village_code = $1 AND p.grid_code <> $2 ORDER BY p.code LIMIT 1`, [mine.village_code, mine.grid_code])) as [Spot];
  [elsewhere] = (await hub.db.query<Spot>(`${spotQuery} AND g.village_code <> $1 ORDER BY p.code LIMIT 1`, [mine.village_code])) as [Spot];
  duty = await hub.signIn('duty_officer');
  hotline = await hub.integrationClient(['events']);
  worker = await hub.signIn('grid_worker', { gridCode: mine.grid_code });
  gridLeader = await hub.signIn('grid_leader', { villageCode: mine.village_code });
  display = await hub.displayClient();
  await report(hotline, mine, '本网格事件');
  await report(hotline, neighbour, '同村邻网格事件');
  await report(hotline, elsewhere, '外村事件');
}, 120_000);
afterAll(() => hub?.stop());

const eventsOf = async (client: Client) => ((await (await client.api('/events?limit=500')).json()) as { events: EventSummary[] }).events;
const gridsIn = (events: EventSummary[]) => new Set(events.map((e) => e.gridCode));

describe(`scope (${backendName})`, () => {
  it('lists a grid worker only the events of their grid, a grid leader those of their village, the duty officer all', async () => {
    expect(gridsIn(await eventsOf(worker))).toEqual(new Set([mine.grid_code]));
    expect(gridsIn(await eventsOf(gridLeader))).toEqual(new Set([mine.grid_code, neighbour.grid_code]));
    expect(gridsIn(await eventsOf(duty))).toEqual(new Set([mine.grid_code, neighbour.grid_code, elsewhere.grid_code]));
  });

  it('counts in a grid worker\'s figures only the rows of their grid', async () => {
    const stats = (await (await worker.api('/stats')).json()) as StatsSnapshot;
    const [own] = await hub.db.query<{ events: number; residents: number; people: number }>(
      `SELECT (SELECT count(*) FROM events WHERE grid_code = $1) AS events, (SELECT population FROM grids WHERE code = $1) AS residents,
              (SELECT count(*) FROM key_people WHERE grid_code = $1) AS people`, [mine.grid_code]);
    expect(stats.events.last24h).toBe(own!.events);
    expect(stats.population.residents).toBe(own!.residents);
    expect(stats.population.keyPeople).toBe(own!.people);
    const township = (await (await duty.api('/stats')).json()) as StatsSnapshot;
    expect(township.events.last24h).toBeGreaterThan(stats.events.last24h);
  });

  it('exports to a grid leader only the rows of their village', async () => {
    const csv = await (await gridLeader.api('/events/export.csv')).text();
    expect(csv).toContain('本网格事件');
    expect(csv).toContain('同村邻网格事件');
    expect(csv).not.toContain('外村事件');
  });

  it('lists a grid worker only the key people of their grid', async () => {
    const body = (await (await worker.api('/people?limit=500')).json()) as { people: { gridCode: string }[]; total: number };
    expect(new Set(body.people.map((p) => p.gridCode))).toEqual(new Set([mine.grid_code]));
    const [count] = await hub.db.query<{ n: number }>('SELECT count(*) AS n FROM key_people WHERE grid_code = $1', [mine.grid_code]);
    expect(body.total).toBe(count!.n);
  });

  it('refuses a grid worker acting outside their grid', async () => {
    const other = (await eventsOf(duty)).find((e) => e.gridCode === neighbour.grid_code)!;
    expect((await worker.post(`/events/${other.id}/transition`, { to: 'handling' })).status).toBe(403);
    const outside = await worker.post('/events', { title: '越界上报', category: 'other', source: 'grid_patrol', lon: neighbour.lon, lat: neighbour.lat });
    expect(outside.status).toBe(403);
    const [person] = await hub.db.query<{ code: string }>('SELECT code FROM key_people WHERE grid_code = $1 LIMIT 1', [elsewhere.grid_code]);
    expect((await worker.api(`/people/${person!.code}`)).status).toBe(404);
  });

  it('pushes a grid worker\'s socket only the events and figures of their grid', async () => {
    const { socket, snapshot, figures } = await worker.connect();
    const seen: EventSummary[] = [];
    socket.on('event:new', (event) => seen.push(event));
    const update = figures.until((s) => s.events.last24h > snapshot.events.last24h);
    const ownEvent = nextMessage(socket, 'event:new', (e) => e.title === '本网格新事件');
    await report(hotline, elsewhere, '外村新事件');
    await report(hotline, mine, '本网格新事件');
    const after = await update;
    // Facts go out in sequence order: had the other village's event leaked, it would have come first.
    await ownEvent;
    expect(seen.map((e) => e.title)).toEqual(['本网格新事件']);
    expect(after.events.last24h).toBe(snapshot.events.last24h + 1);
  });
});

describe(`masking (${backendName})`, () => {
  const leaks = (text: string) => [REPORTER.reporterName, REPORTER.reporterPhone].filter((secret) => text.includes(secret));

  it('masks reporters in every list and export', async () => {
    for (const client of [duty, display, worker, gridLeader]) expect(leaks(JSON.stringify(await eventsOf(client)))).toEqual([]);
    expect(leaks(await (await duty.api('/events/export.csv')).text())).toEqual([]);
    const [event] = await eventsOf(duty);
    expect(event!.reporterName).toBe('张*丰');
    expect(event!.reporterPhone).toBe('139****1111');
  });

  it('masks reporters in pushes to walls and people', async () => {
    const sockets: WallSocket[] = [(await display.connect()).socket, (await duty.connect()).socket];
    const payloads = sockets.map((socket) => nextMessage(socket, 'event:new', (e) => e.title === '推送脱敏检查'));
    await report(hotline, mine, '推送脱敏检查');
    for (const payload of await Promise.all(payloads)) expect(leaks(JSON.stringify(payload))).toEqual([]);
  });

  it('masks key people in lists and shows one whole only on a reasoned, audited request', async () => {
    const [person] = await hub.db.query<{ code: string; name: string; id_number: string; phone: string }>(
      'SELECT code, name, id_number, phone FROM key_people WHERE grid_code = $1 ORDER BY code LIMIT 1', [mine.grid_code]);
    const list = await (await duty.api('/people?limit=500')).text();
    expect(list).not.toContain(person!.id_number);
    expect(list).not.toContain(person!.phone);
    const masked = (await (await duty.api(`/people/${person!.code}`)).json()) as { idNumber: string; masked: boolean };
    expect(masked).toMatchObject({ masked: true, idNumber: `${person!.id_number.slice(0, 6)}********${person!.id_number.slice(-4)}` });

    expect((await worker.api(`/people/${person!.code}?unmask=true`)).status).toBe(400); // no reason given
    const whole = (await (await worker.api(`/people/${person!.code}?unmask=true&reason=${encodeURIComponent('上门走访核实')}`)).json()) as { idNumber: string; phone: string; masked: boolean };
    expect(whole).toMatchObject({ masked: false, idNumber: person!.id_number, phone: person!.phone });
    const [entry] = await hub.db.query<{ actor: string; detail: { reason: string } }>(
      `SELECT actor, detail FROM audit_log WHERE action = 'person.unmasked' AND target = $1 ORDER BY id DESC LIMIT 1`, [`person:${person!.code}`]);
    expect(entry).toEqual({ actor: `user:${worker.username}`, detail: { reason: '上门走访核实' } });
  });

  it('gives a wall screen no personal data at all', async () => {
    expect((await display.api('/people')).status).toBe(403);
    expect((await display.api('/events/export.csv')).status).toBe(403);
  });
});
