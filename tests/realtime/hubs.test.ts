// Several hubs on one PostgreSQL (the room's machines behind a balancer): a screen on one hub sees
// what was written through another, with the same sequence numbers and the same figures.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EventAccepted, EventSummary, StatsSnapshot } from '../../contract/api.ts';
import { figureDifferences } from '../../api/stats/service.ts';
import { backendName, nextMessage, startTestHub, type TestHub } from '../support/hub.ts';

describe.runIf(backendName === 'postgres')('two hubs sharing PostgreSQL', () => {
  let a: TestHub;
  let b: TestHub;
  beforeAll(async () => {
    a = await startTestHub();
    b = await a.sibling();
  }, 60_000);
  afterAll(() => a?.stop());

  it('push to a screen on hub B what was written through hub A, with correct figures', async () => {
    const onA = await a.signIn('duty_officer');
    const onB = b.client(onA.token); // the same session works on either hub
    const { socket, snapshot, figures } = await onB.connect();
    const [place] = await a.db.query<{ lon: number; lat: number }>('SELECT lon, lat FROM places ORDER BY code LIMIT 1');
    const pushed = nextMessage(socket, 'event:new', (e: EventSummary) => e.title === '经A上报');
    const res = await onA.post('/events', { title: '经A上报', category: 'traffic', source: 'hotline_12345', lon: place!.lon, lat: place!.lat });
    const { event } = (await res.json()) as EventAccepted;
    expect((await pushed).id).toBe(event.id);
    const after = await figures.until((s) => s.events.today === snapshot.events.today + 1);
    const onAFigures = (await (await onA.api('/stats')).json()) as StatsSnapshot;
    expect(figureDifferences({ ...after, generatedAt: '' }, { ...onAFigures, generatedAt: '' })).toEqual([]);
  });

  it('number facts from both hubs in one sequence', async () => {
    const duty = await a.signIn('duty_officer');
    const viaB = b.client(duty.token);
    const { socket } = await viaB.connect();
    const seqs: number[] = [];
    socket.on('event:new', (_e: EventSummary, seq: number) => seqs.push(seq));
    const [place] = await a.db.query<{ lon: number; lat: number }>('SELECT lon, lat FROM places ORDER BY code LIMIT 1');
    const body = (i: number) => ({ title: `双机${i}`, category: 'other', source: 'hotline_12345', lon: place!.lon, lat: place!.lat });
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? duty : viaB).post('/events', body(i))));
    await vi.waitFor(() => expect(seqs).toHaveLength(10), { timeout: 10_000 });
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(10);
  });

  it('send a screen that reconnects to hub B while hub A writes each missed fact once, though B\'s tail has not read them yet', async () => {
    const duty = await a.signIn('duty_officer');
    const viaB = b.client(duty.token);
    const [place] = await a.db.query<{ lon: number; lat: number }>('SELECT lon, lat FROM places ORDER BY code LIMIT 1');
    const body = (title: string) => ({ title, category: 'other', source: 'hotline_12345', lon: place!.lon, lat: place!.lat });
    for (let round = 0; round < 10; round += 1) {
      const { ready: lastSeq, socket: before } = await viaB.connect();
      before.disconnect();
      // Written through A, and the screen back on B at once: B's catch-up reads the log before B's tail hears of them.
      await Promise.all(Array.from({ length: 3 }, (_, i) => duty.post('/events', body(`重连${round}-${i}`))));
      let seqs: number[] = [];
      const { socket } = await viaB.connect({ lastSeq, beforeConnect: (s) => s.on('event:new', (_e: EventSummary, seq: number) => seqs.push(seq)) });
      await new Promise((resolve) => setTimeout(resolve, 300)); // B's tail emits what it hears meanwhile
      socket.disconnect();
      expect(seqs, `round ${round}`).toEqual([lastSeq + 1, lastSeq + 2, lastSeq + 3]);
      seqs = [];
    }
  });
});

describe.runIf(backendName === 'postgres')('hubs of different schemas on one PostgreSQL', () => {
  let a: TestHub;
  let b: TestHub;
  beforeAll(async () => {
    [a, b] = await Promise.all([startTestHub(), startTestHub()]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it('do not hear each other: revoking display token 1 in one closes none of the other\'s walls', async () => {
    const [wallA, wallB] = await Promise.all([a.displayClient(), b.displayClient()]);
    const [onA, onB] = await Promise.all([wallA.connect(), wallB.connect()]);
    // Each schema numbers its own tokens: the two walls hold a token with the same id.
    const maxId = async (hub: TestHub) => (await hub.db.query<{ id: number }>('SELECT max(id) AS id FROM display_tokens'))[0]!.id;
    const [idA, idB] = await Promise.all([maxId(a), maxId(b)]);
    expect(idA).toBe(idB);
    const closedOnA = new Promise<void>((resolve) => onA.socket.once('disconnect', () => resolve()));
    const admin = await a.signIn('admin');
    expect((await admin.post(`/display-tokens/${idA}/revoke`, {})).status).toBe(200);
    await closedOnA;
    // The revocation, and any news of A's, would have reached B well within this.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(onB.socket.connected).toBe(true);
  });
});
