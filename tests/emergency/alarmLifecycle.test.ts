// Alarms complete their lifecycle on every screen: raised → acknowledged → cleared, each pushed; a
// screen that opens later loads the open ones; a device that stops reporting raises an offline alarm
// that clears when it reports again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlarmSummary, ReadingsAccepted } from '../../contract/api.ts';
import { TEST_POLICY } from '../../api/domain/policy.ts';
import { backendName, json, nextMessage, startTestHub, type Client, type SignedIn, type TestHub } from '../support/hub.ts';

const OFFLINE_AFTER_MS = 1_500;

let hub: TestHub;
let machine: Client;
let duty: SignedIn;
let display: Client;
type Device = { code: string; warn_above: number; critical_above: number; normal_min: number };
let devices: Device[];

beforeAll(async () => {
  hub = await startTestHub({ policy: { ...TEST_POLICY, deviceOfflineAfterMs: OFFLINE_AFTER_MS } });
  machine = await hub.integrationClient();
  duty = await hub.signIn('duty_officer');
  display = await hub.displayClient();
  devices = await hub.db.query<Device>(
    `SELECT code, warn_above, critical_above, normal_min FROM devices WHERE active AND type = 'gas' ORDER BY code LIMIT 4`);
});
afterAll(() => hub?.stop());

const now = () => new Date().toISOString();
const send = async (deviceCode: string, value: number) =>
  json<ReadingsAccepted>(await machine.post('/readings', { readings: [{ deviceCode, ts: now(), value }] }));
const openAlarms = async (client: Client) => (await json<{ alarms: AlarmSummary[] }>(await client.api('/alarms?open=true&limit=500'))).alarms;

describe(`the alarm lifecycle (${backendName})`, () => {
  it('pushes the acknowledgement and the clearance to every screen, and a wall opened later loads the open alarm', async () => {
    const device = devices[0]!;
    const { socket: wall } = await display.connect();
    const raised = nextMessage(wall, 'alarm:new', (a) => a.deviceCode === device.code);
    expect((await send(device.code, device.critical_above + 1)).alarmsRaised).toBe(1);
    const alarm = await raised;
    expect(alarm).toMatchObject({ kind: 'threshold', status: 'active', severity: 'critical', acknowledgedBy: null, clearedAt: null, eventId: null });
    expect(alarm.deviceName).toBeTruthy();

    // A wall that opens now sees it in the open list, in the same shape as the push.
    expect((await openAlarms(display)).find((a) => a.id === alarm.id)).toEqual(alarm);

    const acknowledged = nextMessage(wall, 'alarm:updated', (a) => a.id === alarm.id);
    expect((await duty.post(`/alarms/${alarm.id}/acknowledge`, {})).status).toBe(204);
    expect(await acknowledged).toMatchObject({ status: 'acknowledged', acknowledgedBy: `user:${duty.username}` });
    expect(Date.parse((await acknowledged).acknowledgedAt!)).toBeGreaterThan(0);
    // Twice is refused, and pushes nothing more.
    expect((await duty.post(`/alarms/${alarm.id}/acknowledge`, {})).status).toBe(409);

    const cleared = nextMessage(wall, 'alarm:updated', (a) => a.id === alarm.id && a.status === 'cleared');
    await send(device.code, device.normal_min);
    expect(await cleared).toMatchObject({ clearedReason: 'recovered' });
    expect((await openAlarms(display)).some((a) => a.id === alarm.id)).toBe(false);
  });

  it('pushes the alarm that became an event with its event', async () => {
    const device = devices[1]!;
    const { socket } = await duty.connect();
    const raised = nextMessage(socket, 'alarm:new', (a) => a.deviceCode === device.code);
    await send(device.code, device.warn_above + 0.5);
    const alarm = await raised;
    const updated = nextMessage(socket, 'alarm:updated', (a) => a.id === alarm.id);
    const res = await duty.post(`/alarms/${alarm.id}/event`, {});
    expect(res.status).toBe(201);
    const { event } = await json<{ event: { id: number } }>(res);
    expect(await updated).toMatchObject({ status: 'acknowledged', eventId: event.id });
  });

  it('clears a deactivated device\'s alarms on the screens', async () => {
    const device = devices[2]!;
    const { socket } = await duty.connect();
    const raised = nextMessage(socket, 'alarm:new', (a) => a.deviceCode === device.code);
    await send(device.code, device.critical_above + 2);
    const alarm = await raised;
    const cleared = nextMessage(socket, 'alarm:updated', (a) => a.id === alarm.id);
    const admin = await hub.signIn('admin');
    expect((await admin.post(`/devices/${device.code}/deactivate`, {})).status).toBe(200);
    expect(await cleared).toMatchObject({ status: 'cleared', clearedReason: 'deactivated' });
  });

  it('raises one offline alarm for a device that falls silent, and clears it when it reports again', async () => {
    const device = devices[3]!;
    const { socket } = await duty.connect();
    await send(device.code, device.normal_min);
    const offline = await nextMessage(socket, 'alarm:new', (a) => a.deviceCode === device.code && a.kind === 'offline', OFFLINE_AFTER_MS * 6);
    expect(offline).toMatchObject({ severity: 'warning', status: 'active', threshold: OFFLINE_AFTER_MS / 1000 });
    expect(offline.value).toBeGreaterThanOrEqual(OFFLINE_AFTER_MS / 1000 - 1);

    // However long it stays silent, one alarm while it is open.
    await new Promise((resolve) => setTimeout(resolve, OFFLINE_AFTER_MS));
    const open = await hub.db.query(`SELECT id FROM alarms WHERE device_code = $1 AND kind = 'offline' AND status <> 'cleared'`, [device.code]);
    expect(open).toHaveLength(1);

    const cleared = nextMessage(socket, 'alarm:updated', (a) => a.id === offline.id);
    await send(device.code, device.normal_min);
    expect(await cleared).toMatchObject({ status: 'cleared', clearedReason: 'reporting' });
  });

  it('never judges a device that was never heard', async () => {
    const silent = await hub.db.query(
      `SELECT d.code FROM devices d WHERE d.last_heard_at IS NULL AND EXISTS (SELECT 1 FROM alarms a WHERE a.device_code = d.code AND a.kind = 'offline')`);
    expect(silent).toEqual([]);
  });
});
