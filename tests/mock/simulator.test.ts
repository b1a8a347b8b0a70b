import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatsSnapshot } from '../../contract/api.ts';
import { DEVICE_VALUE_RANGES } from '../../contract/domain.ts';
import { createRandom } from '../../gis-data/scripts/random.ts';
import { startSimulator } from '../../mock/simulator.ts';
import { REPORT_INTERVAL_S, ReadingSource } from '../../mock/sources/readings.ts';
import { loadWorld } from '../../mock/world.ts';
import { backendName, startTestHub, TEST_USER_PASSWORD, type TestHub } from '../support/hub.ts';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

const count = async (sql: string) => (await hub.db.query<{ n: number }>(sql))[0]!.n;

describe(`the simulator against a real hub (${backendName})`, () => {
  it('feeds events, readings, patrols and points through the API, all accepted and all stored', async () => {
    const rejections: string[] = [];
    const { token: apiKey } = await hub.integrationClient();
    // Rate 20,000: even in the quietest night hour a few events are due in these 4 seconds.
    const sim = startSimulator({ hubUrl: hub.url, apiKey, rate: 20_000, seed: 11, durationSeconds: 4, tickMs: 250, log: (line) => rejections.push(line) });
    const counts = await sim.done;

    expect(rejections).toEqual([]);
    expect(counts.rejected + counts.failed).toBe(0);
    expect(counts.events).toBeGreaterThan(0);
    expect(counts.readings).toBeGreaterThan(100);
    expect(counts.positions).toBeGreaterThan(0);
    expect(await count('SELECT count(*) AS n FROM events')).toBe(counts.events);
    expect(await count('SELECT count(*) AS n FROM readings')).toBe(counts.readings);
    expect(await count('SELECT count(*) AS n FROM patrol_points')).toBe(counts.positions);
    expect(await count('SELECT count(*) AS n FROM points_ledger')).toBe(counts.points);
    expect(await count('SELECT count(*) AS n FROM alarms')).toBe(counts.alarms);
  });

  it('leaves the wall\'s figures equal to a count of the rows', async () => {
    const duty = await hub.signIn('duty_officer');
    const stats = (await (await duty.api('/stats')).json()) as StatsSnapshot;
    const total = await count('SELECT count(*) AS n FROM events');
    expect(stats.events.last24h).toBe(total);
    expect(Object.values(stats.events.byLevel).reduce((a, b) => a + b, 0)).toBe(total);
    expect(Object.values(stats.events.byCategory).reduce((a, b) => a + (b ?? 0), 0)).toBe(total);
    expect(stats.alarms.active).toBe(await count(`SELECT count(*) AS n FROM alarms WHERE status IN ('active', 'acknowledged')`));
    expect(stats.points.today).toBeLessThanOrEqual(await count('SELECT coalesce(sum(points), 0) AS n FROM points_ledger'));
  });

  it('moves its events through every state as the duty desk and the field, with refusals replaced, all through the API', async () => {
    const rejections: string[] = [];
    const { token: apiKey } = await hub.integrationClient();
    const duty = await hub.signIn('duty_officer');
    const leader = await hub.signIn('leader');
    const password = TEST_USER_PASSWORD;
    // 3,000×: a tick of 250 ms is 12.5 simulated minutes, so some 8 s see events dispatched, answered,
    // closed and evaluated. It runs until the database shows every state reached (a loaded machine
    // takes longer), at most 45 s. One task in four is refused, so a slow run still sees refusals
    // (at the usual 6% a run that dispatched few tasks could see none).
    const sim = startSimulator({ hubUrl: hub.url, apiKey, rate: 3_000, seed: 12, tickMs: 250, refuseChance: 0.25, log: (line) => rejections.push(line),
      desk: { duty: { username: duty.username, password }, leader: { username: leader.username, password } } });
    const reached = async () => new Set((await hub.db.query<{ status: string }>('SELECT DISTINCT to_status AS status FROM event_log WHERE to_status IS NOT NULL')).map((r) => r.status));
    const taskStatesNow = async () => new Set((await hub.db.query<{ status: string }>('SELECT DISTINCT status FROM tasks')).map((r) => r.status));
    const started = Date.now();
    for (;;) {
      const [events, tasks] = [await reached(), await taskStatesNow()];
      if (['assigned', 'handling', 'evaluated'].every((s) => events.has(s)) && ['done', 'refused'].every((s) => tasks.has(s))) break;
      if (Date.now() - started > 45_000) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const counts = await sim.stop();
    expect(rejections).toEqual([]);
    expect(counts.rejected + counts.failed).toBe(0);
    expect(counts.answers).toBeGreaterThan(0);
    expect(counts.deskActions).toBeGreaterThan(0);
    // Every state an event passed through (its log), not only where each stands now: a longer run moves them on.
    const statuses = await reached();
    for (const status of ['assigned', 'handling', 'evaluated']) expect(statuses, status).toContain(status);
    const taskStates = await taskStatesNow();
    for (const status of ['done', 'refused']) expect(taskStates, status).toContain(status);
    // Every refused force of an event still open was replaced by another of its kind.
    const unreplaced = await count(`SELECT count(*) AS n FROM tasks r JOIN events e ON e.id = r.event_id
      WHERE r.status = 'refused' AND r.party_kind = 'force' AND e.status IN ('handling', 'assigned')
        AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.event_id = r.event_id AND t.id > r.id AND t.party_kind = 'force')`);
    expect(unreplaced).toBeLessThanOrEqual(2); // a refusal in the last tick may still wait for the desk's next look
    const { mismatches } = (await (await duty.api('/stats/verify')).json()) as { mismatches: unknown[] };
    expect(mismatches).toEqual([]);
  }, 60_000);

  it('repeats the same reports for the same seed', async () => {
    const { EventSource } = await import('../../mock/sources/events.ts');
    const { loadWorld } = await import('../../mock/world.ts');
    const { createRandom } = await import('../../gis-data/scripts/random.ts');
    const world = loadWorld();
    const at = new Date('2026-11-21T02:00:00Z'); // 10:00 China time, a busy hour
    const draw = () => new EventSource(createRandom(5), world, 'r').tick(at, 3600, 20).map((r) => r.event);
    const first = draw();
    expect(first.length).toBeGreaterThan(0);
    expect(draw()).toEqual(first);
  });
});

describe('simulated readings', () => {
  it('stay inside each device type\'s physical range through every excursion, over ten days of simulated reports', () => {
    const world = loadWorld();
    const devices = new Map(world.devices.map((d) => [d.code, d]));
    const source = new ReadingSource(createRandom(7), world, 0);
    let excursions = 0;
    let reports = 0;
    for (let seconds = 0; seconds <= 10 * 86_400; seconds += REPORT_INTERVAL_S) {
      for (const reading of source.tick(new Date(), seconds)) {
        const device = devices.get(reading.deviceCode)!;
        const { min, max } = DEVICE_VALUE_RANGES[device.type];
        reports += 1;
        if (reading.value > device.warnAbove) excursions += 1;
        if (reading.value < min || reading.value > max) throw new Error(`${device.type} ${device.code}: ${reading.value} outside ${min}…${max}`);
      }
    }
    expect(reports).toBeGreaterThan(100_000);
    expect(excursions).toBeGreaterThan(100); // the excursions did happen, on/off sensors included
  });
});
