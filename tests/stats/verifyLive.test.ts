// A leader checking the figures must not stall the walls: while the verifier recomputes every figure
// from a month of rows, writes are stored and their figures pushed as usual (issue 8: it used to
// hold the database and the statistics for its whole run, seconds on the embedded database).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendName, startTestHub, type SignedIn, type TestHub } from '../support/hub.ts';

const SEEDED_READINGS = 60_000;
const MONTH_MS = 29 * 24 * 3_600_000;

let hub: TestHub;
let duty: SignedIn;
let place: { lon: number; lat: number };

beforeAll(async () => {
  hub = await startTestHub();
  duty = await hub.signIn('duty_officer');
  [place] = (await hub.db.query<{ lon: number; lat: number }>('SELECT lon, lat FROM places ORDER BY code LIMIT 1')) as [typeof place];
  // A month of readings through the API, so that checking them takes a while.
  const machine = await hub.integrationClient(['readings']);
  const devices = [...hub.township.devices.values()].filter((d) => d.type === 'air_quality' || d.type === 'gas');
  const now = Date.now();
  for (let start = 0; start < SEEDED_READINGS; start += 10_000) {
    const readings = Array.from({ length: 10_000 }, (_, i) => ({
      deviceCode: devices[(start + i) % devices.length]!.code,
      ts: new Date(now - MONTH_MS + ((start + i) / SEEDED_READINGS) * MONTH_MS).toISOString(),
      value: 10 + ((start + i) % 7),
    }));
    const res = await machine.post('/readings', { readings });
    if (res.status !== 201) throw new Error(`seeding answered ${res.status}: ${await res.text()}`);
  }
  await duty.api('/stats'); // the hub reads the month back, as it does after every write
}, 120_000);
afterAll(() => hub?.stop());

describe(`verifying while the room works (${backendName})`, () => {
  it('stores writes and pushes their figures while it runs, and still finds every figure equal to the rows', async () => {
    const { socket } = await duty.connect();
    const deltas: number[] = [];
    socket.on('stats:delta', () => deltas.push(Date.now()));
    let verifying = true;
    const started = Date.now();
    const verification = duty.api('/stats/verify').then(async (res) => {
      verifying = false;
      return { status: res.status, body: (await res.json()) as { mismatches: unknown[]; ms: number }, at: Date.now() };
    });
    // Report an event every 50 ms until the verifier answers; time each one to its delta.
    const answered: { at: number; during: boolean }[] = [];
    let n = 0;
    while (verifying && n < 200) {
      const res = await duty.post('/events', { title: `核查中${++n}`, category: 'other', source: 'hotline_12345', lon: place.lon, lat: place.lat });
      expect(res.status).toBe(201);
      answered.push({ at: Date.now(), during: verifying });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const done = await verification;
    expect(done.status).toBe(200);
    expect(done.body.mismatches).toEqual([]);
    // It took long enough to matter, and the room kept working meanwhile.
    expect(done.at - started).toBeGreaterThan(300);
    expect(answered.filter((a) => a.during).length).toBeGreaterThanOrEqual(3);
    expect(deltas.filter((t) => t < done.at).length).toBeGreaterThanOrEqual(2);
    socket.disconnect();
  }, 120_000);
});
