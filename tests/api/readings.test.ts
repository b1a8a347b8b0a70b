import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody, ReadingsAccepted } from '../../contract/api.ts';
import { backendName, nextMessage, startTestHub, type Client, type SignedIn, type TestHub } from '../support/hub.ts';

let hub: TestHub;
let machine: Client;
let duty: SignedIn;
let gauge: { code: string; warn_above: number; critical_above: number; normal_min: number };

beforeAll(async () => {
  hub = await startTestHub();
  machine = await hub.integrationClient();
  duty = await hub.signIn('duty_officer');
  [gauge] = (await hub.db.query<typeof gauge>(
    `SELECT code, warn_above, critical_above, normal_min FROM devices WHERE type = 'water_level' ORDER BY code LIMIT 1`,
  )) as [typeof gauge];
});
afterAll(() => hub?.stop());

const count = async (table: string) => (await hub.db.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n;
const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();

describe(`POST /api/v1/readings (${backendName})`, () => {
  it('stores a whole batch and keeps each device\'s latest value', async () => {
    const before = await count('readings');
    const res = await machine.post('/readings', { readings: [
      { deviceCode: gauge.code, ts: at(10), value: gauge.normal_min },
      { deviceCode: gauge.code, ts: at(5), value: gauge.normal_min + 0.1 },
    ] });
    expect(res.status).toBe(201);
    expect(((await res.json()) as ReadingsAccepted).accepted).toBe(2);
    expect(await count('readings')).toBe(before + 2);
    const [device] = await hub.db.query<{ last_value: number }>('SELECT last_value FROM devices WHERE code = $1', [gauge.code]);
    expect(device!.last_value).toBeCloseTo(gauge.normal_min + 0.1);
  });

  it('stores nothing of a batch with one unknown device, and says which item is wrong', async () => {
    const before = await count('readings');
    const res = await machine.post('/readings', { readings: [
      { deviceCode: gauge.code, ts: at(1), value: 1 },
      { deviceCode: 'DEV-NOPE-999', ts: at(1), value: 1 },
    ] });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error).toBe('unknown_device');
    expect(body.issues).toEqual([{ path: 'readings.1.deviceCode', message: 'unknown device "DEV-NOPE-999"' }]);
    expect(await count('readings')).toBe(before);
  });

  it.each([
    ['an empty batch', { readings: [] }, 'readings'],
    ['a value that is not a number', { readings: [{ deviceCode: 'x', ts: at(1), value: 'NaN' }] }, 'readings.0.value'],
    ['more than 10,000 readings', { readings: Array.from({ length: 10_001 }, () => ({ deviceCode: 'x', ts: at(1), value: 1 })) }, 'readings'],
  ])('answers 400 for %s', async (_case, body, path) => {
    const res = await machine.post('/readings', body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).issues?.map((i) => i.path)).toContain(path);
  });

  it('raises one alarm for a device over its threshold, pushes it, and clears it when the value is back to normal', async () => {
    const { socket } = await duty.connect();
    const pushed = nextMessage(socket, 'alarm:new', (a) => a.deviceCode === gauge.code);
    const high = gauge.critical_above + 1;
    const first = (await (await machine.post('/readings', { readings: [{ deviceCode: gauge.code, ts: at(3), value: high }] })).json()) as ReadingsAccepted;
    expect(first.alarmsRaised).toBe(1);
    const alarm = await pushed;
    expect(alarm.severity).toBe('critical');
    expect(alarm.value).toBe(high);

    const again = (await (await machine.post('/readings', { readings: [{ deviceCode: gauge.code, ts: at(2), value: high }] })).json()) as ReadingsAccepted;
    expect(again.alarmsRaised).toBe(0);

    await machine.post('/readings', { readings: [{ deviceCode: gauge.code, ts: at(1), value: gauge.normal_min }] });
    const open = await hub.db.query(`SELECT 1 FROM alarms WHERE device_code = $1 AND status = 'active'`, [gauge.code]);
    expect(open).toHaveLength(0);
  });

  it('raises the alarms of several devices in one batch, each pushed with its own stored row', async () => {
    const devices = await hub.db.query<{ code: string; warn_above: number; critical_above: number }>(
      `SELECT code, warn_above, critical_above FROM devices WHERE active AND type <> 'water_level' ORDER BY code LIMIT 6`);
    const { socket } = await duty.connect();
    const seen = new Map<string, { id: number; severity: string; value: number }>();
    const allPushed = new Promise<void>((resolve) => socket.on('alarm:new', (alarm) => {
      seen.set(alarm.deviceCode, alarm);
      if (devices.every((d) => seen.has(d.code))) resolve();
    }));
    // Alternately critical and warning; the highest value of each device is the one its alarm records.
    const readings = devices.flatMap((d, i) => {
      const peak = i % 2 === 0 ? d.critical_above + 1 + i : (d.warn_above + d.critical_above) / 2;
      return [{ deviceCode: d.code, ts: at(4), value: peak }, { deviceCode: d.code, ts: at(3), value: peak - 0.001 }];
    });
    const body = (await (await machine.post('/readings', { readings })).json()) as ReadingsAccepted;
    expect(body.alarmsRaised).toBe(devices.length);
    await allPushed;
    const rows = await hub.db.query<{ id: number; device_code: string; severity: string; value: number }>(
      `SELECT id, device_code, severity, value FROM alarms WHERE status = 'active' AND device_code = ANY($1::text[])`, [devices.map((d) => d.code)]);
    expect(rows).toHaveLength(devices.length);
    for (const [i, d] of devices.entries()) {
      const row = rows.find((r) => r.device_code === d.code)!;
      expect(seen.get(d.code)).toMatchObject({ id: row.id, severity: i % 2 === 0 ? 'critical' : 'warning', value: row.value });
      expect(row.value).toBe(readings[2 * i]!.value);
    }
  });
});

describe(`patrol positions and points (${backendName})`, () => {
  it('groups a worker\'s positions into one patrol and counts the worker as on patrol', async () => {
    const [worker] = await hub.db.query<{ code: string; lon: number; lat: number }>(
      `SELECT w.code, p.lon, p.lat FROM workers w JOIN places p ON p.grid_code = w.grid_code ORDER BY w.code LIMIT 1`,
    );
    const res = await machine.post('/patrol-positions', { positions: [
      { workerCode: worker!.code, ts: at(4), lon: worker!.lon, lat: worker!.lat },
      { workerCode: worker!.code, ts: at(2), lon: worker!.lon, lat: worker!.lat },
    ] });
    expect(res.status).toBe(201);
    const patrols = await hub.db.query<{ n: number }>('SELECT count(*) AS n FROM patrol_points pp JOIN patrols p ON p.id = pp.patrol_id WHERE p.worker_code = $1 GROUP BY p.id', [worker!.code]);
    expect(patrols).toEqual([{ n: 2 }]);
    const stats = (await (await duty.api('/stats')).json()) as { patrol: { activeWorkers: number } };
    expect(stats.patrol.activeWorkers).toBeGreaterThanOrEqual(1);
  });

  it('awards an approved rule\'s points once per externalId and refuses unknown rules', async () => {
    const [worker] = await hub.db.query<{ code: string }>('SELECT code FROM workers ORDER BY code LIMIT 1');
    const action = { externalId: 'pts-1', ruleCode: 'mediate_dispute', workerCode: worker!.code, ts: at(1) };
    expect((await machine.post('/points', action)).status).toBe(201);
    expect((await machine.post('/points', action)).status).toBe(200);
    const [sum] = await hub.db.query<{ n: number }>(`SELECT coalesce(sum(points), 0) AS n FROM points_ledger WHERE external_id = 'pts-1'`);
    expect(sum!.n).toBe(5);
    const unknown = await machine.post('/points', { ...action, externalId: 'pts-2', ruleCode: 'free_money' });
    expect(unknown.status).toBe(400);
  });
});
