// What an outside probe broke (issue 8), each pinned by a test that fails without its fix: values
// that overflow the statistics, times from the future, text the database would silently change,
// and replays that came back in another order.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody, StatsSnapshot } from '../../contract/api.ts';
import { DEVICE_TYPES, DEVICE_VALUE_RANGES, type DeviceType } from '../../contract/domain.ts';
import { backendName, errorOf, json, startTestHub, TEST_USER_PASSWORD, type Client, type SignedIn, type TestHub } from '../support/hub.ts';

let hub: TestHub;
let machine: Client;
let leader: SignedIn;
let place: { lon: number; lat: number };
/** One active device of each type. */
const deviceOf = new Map<DeviceType, string>();

beforeAll(async () => {
  hub = await startTestHub();
  machine = await hub.integrationClient();
  leader = await hub.signIn('leader');
  [place] = (await hub.db.query<{ lon: number; lat: number }>('SELECT lon, lat FROM places ORDER BY code LIMIT 1')) as [typeof place];
  for (const row of await hub.db.query<{ type: DeviceType; code: string }>(
    'SELECT DISTINCT ON (type) type, code FROM devices WHERE active ORDER BY type, code')) deviceOf.set(row.type, row.code);
});
afterAll(() => hub?.stop());

const count = async (table: string) => (await hub.db.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n;
const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
const stats = async () => json<StatsSnapshot>(await leader.api('/stats'));

describe(`readings outside their physical range (${backendName})`, () => {
  it('answers 400 out_of_range naming the range for values near the largest double, storing none of the batch', async () => {
    const gauge = deviceOf.get('water_level')!;
    const before = await count('readings');
    const res = await machine.post('/readings', { readings: [
      { deviceCode: gauge, ts: minutesFromNow(-2), value: 3.2 },
      { deviceCode: gauge, ts: minutesFromNow(-1), value: 1.7976931348623157e308 },
      { deviceCode: gauge, ts: minutesFromNow(-1), value: -1.7976931348623157e308 },
    ] });
    expect(res.status).toBe(400);
    const body = await errorOf(res);
    expect(body.error).toBe('out_of_range');
    expect(body.message).toContain('-100…6000 m');
    expect(body.issues?.map((i) => i.path)).toEqual(['readings.1.value', 'readings.2.value']);
    expect(await count('readings')).toBe(before);
  });

  it('takes the edges of every type\'s range and keeps every mean a finite number', async () => {
    for (const type of DEVICE_TYPES) {
      const code = deviceOf.get(type);
      if (!code) continue;
      const { min, max } = DEVICE_VALUE_RANGES[type];
      const res = await machine.post('/readings', { readings: [
        { deviceCode: code, ts: minutesFromNow(-3), value: max },
        { deviceCode: code, ts: minutesFromNow(-2), value: max },
        { deviceCode: code, ts: minutesFromNow(-1), value: min },
      ] });
      expect(res.status, `${type}: ${await res.clone().text()}`).toBe(201);
      const outside = await machine.post('/readings', { readings: [{ deviceCode: code, ts: minutesFromNow(-1), value: max + Math.max(1e-9, Math.abs(max) * 1e-12) }] });
      expect(outside.status, type).toBe(400);
    }
    const figures = await stats();
    for (const [type, reading] of Object.entries(figures.windows['1h'].readings)) {
      expect(Number.isFinite(reading!.mean), type).toBe(true);
    }
  });

  it('never answers 5xx for any finite value, and stores exactly the readings inside the range', async () => {
    const gas = deviceOf.get('gas')!;
    await fc.assert(fc.asyncProperty(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 4 }), async (values) => {
      const before = await count('readings');
      const res = await machine.post('/readings', { readings: values.map((value) => ({ deviceCode: gas, ts: minutesFromNow(-1), value })) });
      const inside = values.every((v) => v >= 0 && v <= 100);
      expect(res.status).toBe(inside ? 201 : 400);
      expect(await count('readings')).toBe(before + (inside ? values.length : 0));
    }), { numRuns: 40 });
    expect(Number.isFinite((await stats()).windows['1h'].readings.gas!.mean)).toBe(true);
  });

  it('refuses a device whose normal range lies outside its type\'s physical range', async () => {
    const admin = await hub.signIn('admin');
    const res = await admin.post('/devices', { code: 'DEV-RANGE-1', name: '越界水位计', type: 'water_level', lon: place.lon, lat: place.lat, unit: 'm',
      normalMin: 0, normalMax: 1e7, warnAbove: 5, criticalAbove: 6 });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).issues?.map((i) => i.path)).toEqual(['normalMax']);
  });
});

describe(`times ahead of the hub's clock (${backendName})`, () => {
  it('refuses a reading two days ahead, which would otherwise pin the device\'s latest value', async () => {
    const smoke = deviceOf.get('air_quality')!;
    const before = await count('readings');
    const res = await machine.post('/readings', { readings: [
      { deviceCode: smoke, ts: minutesFromNow(-1), value: 40 },
      { deviceCode: smoke, ts: minutesFromNow(2 * 24 * 60), value: 41 },
    ] });
    expect(res.status).toBe(400);
    const body = await errorOf(res);
    expect(body.issues?.map((i) => i.path)).toEqual(['readings.1.ts']);
    expect(body.message).toMatch(/2 days in the future; times may be at most 300 s ahead/);
    expect(await count('readings')).toBe(before);
    // A real reading afterwards is the latest one.
    expect((await machine.post('/readings', { readings: [{ deviceCode: smoke, ts: minutesFromNow(0), value: 42 }] })).status).toBe(201);
    const [device] = await hub.db.query<{ last_value: number }>('SELECT last_value FROM devices WHERE code = $1', [smoke]);
    expect(device!.last_value).toBe(42);
  });

  it('takes a time within the allowed skew (a sender\'s clock a little fast)', async () => {
    const res = await machine.post('/readings', { readings: [{ deviceCode: deviceOf.get('gas')!, ts: minutesFromNow(4), value: 1 }] });
    expect(res.status).toBe(201);
  });

  it.each([
    ['an event', '/events', (at: string) => ({ title: '未来事件', category: 'other', source: 'video', lon: place.lon, lat: place.lat, occurredAt: at }), 'occurredAt'],
    ['points', '/points', (at: string) => ({ ruleCode: 'patrol_shift', workerCode: [...hub.township.workers.keys()][0], ts: at }), 'ts'],
    ['a patrol position', '/patrol-positions', (at: string) => ({ positions: [{ workerCode: [...hub.township.workers.keys()][0], ts: at, lon: place.lon, lat: place.lat }] }), 'positions.0.ts'],
  ])('refuses %s dated in 2099, storing nothing', async (_what, path, body, field) => {
    const tables = ['events', 'points_ledger', 'patrol_points'];
    const before = await Promise.all(tables.map(count));
    const res = await machine.post(path, body('2099-01-01T00:00:00Z'));
    expect(res.status).toBe(400);
    expect((await errorOf(res)).issues?.[0]?.path).toBe(field);
    expect(await Promise.all(tables.map(count))).toEqual(before);
  });

  it('follows CLOCK_SKEW_SECONDS: a hub allowing 10 s refuses a time 30 s ahead', async () => {
    const strict = await startTestHub({ limits: { loginPerMinute: 1_000, ingestPerMinute: 1_000_000, clockSkewMs: 10_000 } });
    try {
      const client = await strict.integrationClient(['readings']);
      const code = [...strict.township.devices.keys()][0]!;
      const at = (s: number) => new Date(Date.now() + s * 1000).toISOString();
      expect((await client.post('/readings', { readings: [{ deviceCode: code, ts: at(5), value: 0 }] })).status).toBe(201);
      const ahead = await client.post('/readings', { readings: [{ deviceCode: code, ts: at(30), value: 0 }] });
      expect(ahead.status).toBe(400);
      expect((await errorOf(ahead)).message).toContain('at most 10 s ahead');
    } finally {
      await strict.stop();
    }
  });
});

describe(`text the database would change (${backendName})`, () => {
  const event = (title: string) => JSON.stringify({ title, category: 'other', source: 'video', lon: place.lon, lat: place.lat });

  it.each([
    ['a lone high surrogate', '"\\ud800"', 'lone UTF-16 surrogate'],
    ['a lone low surrogate after text', '"路灯\\udc00坏了"', 'lone UTF-16 surrogate'],
  ])('refuses %s with 400 naming the field, storing nothing', async (_what, title, reason) => {
    const before = await count('events');
    const res = await machine.post('/events', event('x').replace('"x"', title));
    expect(res.status).toBe(400);
    const body = await errorOf(res);
    expect(body.issues?.[0]?.path).toBe('title');
    expect(body.message).toContain(reason);
    expect(await count('events')).toBe(before);
  });

  it('keeps a real surrogate pair (an emoji) as sent', async () => {
    const res = await machine.post('/events', event('积水 🌊'));
    expect(res.status).toBe(201);
    expect(((await res.json()) as { event: { title: string } }).event.title).toBe('积水 🌊');
  });

  it('refuses a body whose bytes are not UTF-8 instead of storing replacement characters', async () => {
    const before = await count('events');
    const bytes = Buffer.concat([Buffer.from(event('坏字节').slice(0, -30)), Buffer.from([0xff, 0xfe]), Buffer.from(event('x').slice(-30))]);
    const res = await machine.api('/events', { method: 'POST', headers: { 'content-type': 'application/json' }, body: bytes });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toContain('not valid UTF-8');
    expect(await count('events')).toBe(before);
  });
});

describe(`idempotent replays (${backendName})`, () => {
  it('answer with the bytes of the first answer', async () => {
    const send = () => machine.api('/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'replay-bytes-1' },
      body: JSON.stringify({ title: '重放', category: 'traffic', source: 'video', lon: place.lon, lat: place.lat, reporterName: '张三' }),
    });
    const first = await (await send()).text();
    const replay = await send();
    expect(replay.headers.get('idempotent-replay')).toBe('true');
    expect(await replay.text()).toBe(first);
  });
});

describe(`sign-in bodies (${backendName})`, () => {
  it('refuses a sign-in body over 8 KB before reading it', async () => {
    const res = await hub.login('admin', 'x'.repeat(10_000));
    expect(res.status).toBe(413);
    expect(((await res.json()) as ErrorBody).error).toBe('payload_too_large');
  });

  it('still signs in with a body that fits', async () => {
    const other = await hub.signIn('duty_officer');
    expect((await hub.login(other.username, TEST_USER_PASSWORD)).status).toBe(200);
  });
});
