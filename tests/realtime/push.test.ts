// Push to the walls: facts carry the township's sequence number; a screen that drops its connection,
// or whose hub restarts, gets exactly what it missed, once and in order; figures come as deltas
// that add up to the same snapshot the hub would send afresh.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EventAccepted, EventSummary, StatsSnapshot } from '../../contract/api.ts';
import { pruneFacts } from '../../api/realtime/facts.ts';
import { backendName, startTestHub, type SignedIn, type TestHub, type WallSocket } from '../support/hub.ts';

let hub: TestHub;
let duty: SignedIn;
let place: { lon: number; lat: number };
const dataDir = backendName === 'pglite' ? mkdtempSync(join(tmpdir(), 'cw-push-')) : undefined;

beforeAll(async () => {
  // The production coalescing window (testConfig's is 50 ms), so a burst coalesces however slow the machine.
  hub = await startTestHub({ dataDir, statsPushMs: 250 });
  duty = await hub.signIn('duty_officer');
  [place] = (await hub.db.query<{ lon: number; lat: number }>('SELECT lon, lat FROM places ORDER BY code LIMIT 1')) as [typeof place];
}, 60_000);
afterAll(async () => {
  await hub?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const report = async (title: string) => {
  const res = await duty.post('/events', { title, category: 'other', source: 'hotline_12345', lon: place.lon, lat: place.lat });
  expect(res.status).toBe(201);
  return ((await res.json()) as EventAccepted).event;
};

/** Every event:new the socket gets, with its sequence number, in arrival order. */
function recordEvents(socket: WallSocket): { seq: number; title: string }[] {
  const received: { seq: number; title: string }[] = [];
  socket.on('event:new', (event: EventSummary, seq: number) => received.push({ seq, title: event.title }));
  return received;
}

const until = (check: () => boolean) => vi.waitFor(() => expect(check()).toBe(true), { timeout: 10_000 });

describe(`push to walls (${backendName})`, () => {
  it('numbers facts in order and replays exactly the missed ones to a screen that reconnects', async () => {
    const first = await duty.connect();
    const live = recordEvents(first.socket);
    for (const i of [1, 2, 3]) await report(`前${i}`);
    await until(() => live.length === 3);
    expect(live.map((e) => e.seq)).toEqual([live[0]!.seq, live[0]!.seq + 1, live[0]!.seq + 2]);
    first.socket.disconnect();

    for (const i of [1, 2, 3, 4]) await report(`断线期间${i}`);

    let replayed: { seq: number; title: string }[] = [];
    const again = await duty.connect({ lastSeq: live[2]!.seq, beforeConnect: (socket) => (replayed = recordEvents(socket)) });
    // The missed facts came before sync:ready, which connect() waited for; a live one follows them.
    expect(replayed.map((e) => e.title)).toEqual(['断线期间1', '断线期间2', '断线期间3', '断线期间4']);
    expect(replayed.map((e) => e.seq)).toEqual([1, 2, 3, 4].map((k) => live[2]!.seq + k));
    expect(again.ready).toBe(live[2]!.seq + 4);
    await report('重连之后');
    await until(() => replayed.length === 5);
    expect(replayed[4]).toEqual({ seq: live[2]!.seq + 5, title: '重连之后' });
  });

  it('sends the missed facts themselves, in order and each once, before sync:ready', async () => {
    const { socket } = await duty.connect();
    const seen = recordEvents(socket);
    await report('基准');
    await until(() => seen.length === 1);
    socket.disconnect();
    await report('漏1');
    await report('漏2');
    const caughtUp = await connectRecording(seen[0]!.seq);
    expect(caughtUp.reset).toBe(false);
    expect(caughtUp.titles).toEqual(['漏1', '漏2']);
    expect(caughtUp.seqs).toEqual([seen[0]!.seq + 1, seen[0]!.seq + 2]);
  });

  it('tells a screen whose gap is no longer kept to reload, and sends fresh figures', async () => {
    const { socket } = await duty.connect();
    const seen = recordEvents(socket);
    await report('旧事实');
    await until(() => seen.length === 1);
    socket.disconnect();
    for (const i of [1, 2, 3]) await report(`新事实${i}`);
    await pruneFacts(hub.db, hub.township.code, 1);
    const third = await connectRecording(seen[0]!.seq);
    expect(third.reset).toBe(true);
    expect(third.titles).toEqual([]);
  });

  it('tells a screen that saw facts beyond the hub\'s newest (a restored or rebuilt database) to reload', async () => {
    await report('恢复前');
    const [{ newest }] = (await hub.db.query<{ newest: number }>('SELECT max(seq) AS newest FROM push_log WHERE township_code = $1', [hub.township.code])) as [{ newest: number }];
    let resetTo: number | null = null;
    const { socket, ready } = await duty.connect({ lastSeq: newest + 500, beforeConnect: (s) => s.on('sync:reset', (seq) => (resetTo = seq)) });
    expect(resetTo).toBe(newest);
    expect(ready).toBe(newest);
    // What comes next is numbered after the hub's newest, and the screen gets it.
    const seen = recordEvents(socket);
    await report('恢复后');
    await until(() => seen.length === 1);
    expect(seen[0]!.seq).toBe(newest + 1);
    socket.disconnect();
  });

  it('pushes coalesced deltas that add up to the snapshot the hub would send now', async () => {
    const deltas: number[] = [];
    const { figures } = await duty.connect({ beforeConnect: (socket) => socket.on('stats:delta', (delta) => deltas.push(delta.version)) });
    await Promise.all(Array.from({ length: 30 }, (_, i) => report(`突发${i}`)));
    // A snapshot on connect may trail the latest writes by one coalescing window; the deltas catch up.
    const fresh = (await (await duty.api('/stats')).json()) as StatsSnapshot;
    const mirrored = await figures.until((s) => s.events.today === fresh.events.today && s.events.last24h === fresh.events.last24h);
    expect({ ...mirrored, generatedAt: '' }).toEqual({ ...fresh, generatedAt: '' });
    expect(deltas.length).toBeGreaterThan(0);
    expect(deltas.length).toBeLessThan(30); // a burst is coalesced, not one push per event
  });

  it('catches a screen up across a hub restart', async () => {
    const { socket } = await duty.connect();
    const seen = recordEvents(socket);
    await report('重启前');
    await until(() => seen.length === 1);
    hub = await hub.restart();
    duty = await hub.signIn('duty_officer');
    await report('重启后1');
    await report('重启后2');
    const third = await connectRecording(seen[0]!.seq);
    expect(third.reset).toBe(false);
    expect(third.titles).toEqual(['重启后1', '重启后2']);
    expect(third.seqs).toEqual([seen[0]!.seq + 1, seen[0]!.seq + 2]);
  }, 60_000);
});

/** Connects with `lastSeq` and records everything up to sync:ready. */
async function connectRecording(lastSeq: number): Promise<{ titles: string[]; seqs: number[]; reset: boolean }> {
  const titles: string[] = [];
  const seqs: number[] = [];
  let reset = false;
  const { socket } = await duty.connect({
    lastSeq,
    beforeConnect: (s) => {
      s.on('event:new', (event: EventSummary, seq: number) => {
        titles.push(event.title);
        seqs.push(seq);
      });
      s.on('sync:reset', () => (reset = true));
    },
  });
  socket.disconnect();
  return { titles, seqs, reset };
}
