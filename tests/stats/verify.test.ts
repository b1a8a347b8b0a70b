// The figures equal the database: the simulator writes at a high rate while the verifier recomputes
// every figure of every scope from the raw rows; a restarted hub shows the same figures.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventAccepted, StatsSnapshot } from '../../contract/api.ts';
import { figureDifferences } from '../../api/stats/service.ts';
import { startSimulator } from '../../mock/simulator.ts';
import { backendName, startTestHub, type SignedIn, type TestHub } from '../support/hub.ts';

interface Verification { ok: boolean; scopes: number; figuresChecked: number; mismatches: unknown[] }

let hub: TestHub;
let duty: SignedIn;
const dataDir = backendName === 'pglite' ? mkdtempSync(join(tmpdir(), 'cw-stats-')) : undefined;

beforeAll(async () => {
  hub = await startTestHub({ dataDir });
  duty = await hub.signIn('duty_officer');
}, 60_000);
afterAll(async () => {
  await hub?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const verify = async () => (await (await duty.api('/stats/verify')).json()) as Verification;

describe(`rolling statistics (${backendName})`, () => {
  it('agree with the raw rows at random moments while the simulator writes at a high rate', async () => {
    const { token: apiKey } = await hub.integrationClient();
    const sim = startSimulator({ hubUrl: hub.url, apiKey, rate: 3000, seed: 21, durationSeconds: 6, tickMs: 200 });
    const results: Verification[] = [];
    const moments = [700, 1900, 3100, 4600];
    for (const at of moments) {
      await new Promise((resolve) => setTimeout(resolve, at - (moments[moments.indexOf(at) - 1] ?? 0)));
      results.push(await verify());
    }
    const counts = await sim.done;
    results.push(await verify());
    expect(counts.rejected + counts.failed).toBe(0);
    expect(counts.readings).toBeGreaterThan(500);
    for (const result of results) {
      expect(result.mismatches).toEqual([]);
      expect(result.scopes).toBeGreaterThan(200);
      expect(result.figuresChecked).toBeGreaterThan(10_000);
    }
  }, 60_000);

  it('count closing times, on-time rate and p90 once events go through the loop', async () => {
    const leader = await hub.signIn('leader');
    const [place] = await hub.db.query<{ lon: number; lat: number }>('SELECT lon, lat FROM places ORDER BY code LIMIT 1');
    const before = (await (await leader.api('/stats')).json()) as StatsSnapshot;
    for (let i = 0; i < 3; i++) {
      const { event } = (await (await leader.post('/events', { title: `闭环统计${i}`, category: 'other', source: 'grid_patrol', lon: place!.lon, lat: place!.lat })).json()) as EventAccepted;
      for (const to of ['assigned', 'handling', 'feedback', 'verifying', 'closed']) {
        expect((await leader.post(`/events/${event.id}/transition`, { to })).status).toBe(200);
      }
    }
    const after = (await (await leader.api('/stats')).json()) as StatsSnapshot;
    expect(after.windows['1h'].closed.count).toBe(before.windows['1h'].closed.count + 3);
    expect(after.windows['1h'].closed.onTime).toBe(before.windows['1h'].closed.onTime + 3);
    expect(after.windows['1h'].closed.p90Hours).not.toBeNull();
    expect(after.events.monthClosed).toBe(before.events.monthClosed + 3);
    expect((await verify()).mismatches).toEqual([]);
  });

  it('reports a bucket that disagrees with its rows, in the scopes that count it, and nothing once it agrees again', async () => {
    const [bucket] = await hub.db.query<{ grid: string; hour: Date }>(
      `SELECT grid_code AS grid, hour FROM stat_buckets WHERE key = 'ev' AND hour >= now() - interval '1 hour' ORDER BY hour DESC, grid_code LIMIT 1`);
    const tamper = (by: number) => hub.db.query(`UPDATE stat_buckets SET count = count + $3, written_by = pg_current_xact_id() WHERE key = 'ev' AND grid_code = $1 AND hour = $2`, [bucket!.grid, bucket!.hour, by]);
    await tamper(1);
    try {
      const found = (await verify()).mismatches as { scope: string; path: string; live: number; raw: number }[];
      const village = hub.township.grids.get(bucket!.grid)!.villageCode;
      expect(new Set(found.map((m) => m.scope))).toEqual(new Set([hub.township.code, village, bucket!.grid]));
      const total = found.find((m) => m.scope === bucket!.grid && m.path === 'windows.1h.events.total')!;
      expect(total.live).toBe(total.raw + 1);
    } finally {
      await tamper(-1);
    }
    expect((await verify()).mismatches).toEqual([]);
  });

  it('reports a reading stored without its bucket', async () => {
    const [device] = await hub.db.query<{ code: string; grid: string; type: string }>(`SELECT code, grid_code AS grid, type FROM devices WHERE type = 'gas' ORDER BY code LIMIT 1`);
    const [row] = await hub.db.query<{ id: number }>(`INSERT INTO readings (device_code, ts, value) VALUES ($1, now() - interval '1 minute', 3) RETURNING id`, [device!.code]);
    try {
      const found = (await verify()).mismatches as { scope: string; path: string }[];
      // The 24-hour window: a minute ago is always in it, where the current clock hour ('1h') may already have turned.
      expect(found.map((m) => m.path)).toContain('windows.24h.readings.gas.count');
      expect(found.filter((m) => m.path === 'windows.24h.readings.gas.count').map((m) => m.scope)).toContain(device!.grid);
    } finally {
      await hub.db.query('DELETE FROM readings WHERE id = $1', [row!.id]);
    }
    expect((await verify()).mismatches).toEqual([]);
  });

  it('shows the same figures after a restart, read from the stored buckets', async () => {
    const leader = await hub.signIn('leader');
    const before = (await (await leader.api('/stats')).json()) as StatsSnapshot;
    hub = await hub.restart();
    duty = await hub.signIn('duty_officer');
    const after = (await (await duty.api('/stats')).json()) as StatsSnapshot;
    // Means may land one unit of the 6th decimal apart (see figureDifferences); everything else is equal.
    expect(figureDifferences({ ...after, generatedAt: '', patrol: null }, { ...before, generatedAt: '', patrol: null })).toEqual([]);
  }, 60_000);
});
