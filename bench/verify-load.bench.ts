// verify-load: a leader checks the figures (GET /api/v1/stats/verify) over and over while the
// simulator feeds the hub at npm start's pace: how long does a write take to reach a screen's
// figures meanwhile? Goal (issue 8): p99 from an integration's POST to the figures on a screen ≤ 1 s.
//
// The hub is real (startHub, in-memory PGlite in a data folder, or the server at DATABASE_URL) with a
// month of seeded history. A probe device of its own, in a grid with no other device of its type,
// gets one reading every PROBE_MS; a grid worker of that grid follows the figures of their scope
// over socket.io, and each probe is timed from just before its POST to the push in which the
// grid's reading count reaches it. Nobody else writes that figure, so each arrival is unambiguous.
//
// Phases alternate: quiet (no verification, the floor), ours (the hub's verifier, a few grids per
// short transaction, through the route), and the baseline: the verifier as it was before issue 8,
// everything read in one repeatable-read transaction (rawBuckets, storedBuckets, rawState,
// liveState), then assembled and compared the same way. The ratio is baseline p99 ÷ ours p99.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import type { LoginResponse, StatsSnapshot } from '../contract/api.ts';
import type { DeviceType } from '../contract/domain.ts';
import { followFigures } from '../contract/followFigures.ts';
import { INTEGRATION_SCOPES } from '../api/auth/principal.ts';
import { hashPassword } from '../api/auth/passwords.ts';
import { testConfig, type HubConfig } from '../api/config.ts';
import { createIsolatedSchema } from '../api/db/isolatedSchema.ts';
import { createApiKey } from '../api/domain/admin/credentials.ts';
import { startHub, type RunningHub } from '../api/hub.ts';
import { assemble } from '../api/stats/assemble.ts';
import { aggregatorFrom, rawBuckets, storedBuckets } from '../api/stats/raw.ts';
import { everyScope, townshipRefs } from '../api/stats/refs.ts';
import { liveState, rawState } from '../api/stats/state.ts';
import { figureDifferences } from '../api/stats/verify.ts';
import { oldestNeeded } from '../api/stats/windows.ts';
import { createRandom } from '../gis-data/scripts/random.ts';
import { startSimulator, type RunningSimulator } from '../mock/simulator.ts';
import { consume, formatMs, formatRatio, quantile, type Benchmark } from './harness.ts';
import { Seeder } from './stats-refresh.bench.ts';

export const VERIFY_LOAD_DEFAULTS = {
  seed: 20261201,
  readings: 300_000, // a month of history (and one event per 20 readings)
  quickReadings: 30_000,
  probeMs: 200, // one probe reading this often
  probesPerPhase: 60,
  quickProbesPerPhase: 15,
  phases: ['quiet', 'ours', 'baseline', 'ours', 'baseline', 'quiet'] as const,
  simRate: 60, // npm start's SIM_RATE
  statsPushMs: 250, // the hub's default coalescing window
  goalP99Ms: 1_000,
  probeTimeoutMs: 30_000, // a probe not on the screen by then counts as this late (and is reported)
  verifyGapMs: 1_000, // a leader's checks, one after another with a second between
};

type Phase = (typeof VERIFY_LOAD_DEFAULTS.phases)[number];
const PROBE_DEVICE = 'DEV-BENCH-PROBE';
const PROBE_PASSWORD = 'Bench-probe-2026';

const benchmark: Benchmark = {
  name: 'verify-load',
  description: 'POST → figures on a screen while a leader verifies under the simulator\'s load: the batched verifier vs one transaction over every row (the pre-issue-8 verifier)',
  async run(ctx) {
    const d = VERIFY_LOAD_DEFAULTS;
    const readings = ctx.quick ? d.quickReadings : d.readings;
    const probesPerPhase = ctx.quick ? d.quickProbesPerPhase : d.probesPerPhase;
    const isolated = process.env.DATABASE_URL ? await createIsolatedSchema(process.env.DATABASE_URL, 'bench') : undefined;
    const dataDir = isolated ? undefined : mkdtempSync(join(tmpdir(), 'cw-verify-load-'));
    const config: HubConfig = testConfig({ databaseUrl: isolated?.url, dataDir, statsPushMs: d.statsPushMs, logLevel: 'silent' });
    let hub: RunningHub | undefined;
    // Stopped in `finally` too: a run that throws halfway must not leave the simulator or the socket running.
    let sim: RunningSimulator | undefined;
    let socket: Socket | undefined;
    try {
      // Seed a month of history, and a probe device, then start the hub again so it reads it all.
      const seeding = await startHub(config);
      const seedStart = performance.now();
      const probe = await seedHistory(seeding, readings, ctx.gis, d.seed);
      await seeding.stop();
      ctx.log(`verify-load: seeded ${readings} readings and ${Math.round(readings / 20)} events in ${formatMs(performance.now() - seedStart)} (${seeding.db.kind}); probe ${probe.type} in grid ${probe.grid}`);
      hub = await startHub(config);
      const running = hub;

      const { key } = await createApiKey(running.db, running.township.code, { name: 'bench', scopes: [...INTEGRATION_SCOPES] }, 'bench', null);
      const leader = await signIn(running, 'leader', null);
      const watcher = await signIn(running, 'grid_worker', probe.grid);
      sim = startSimulator({ hubUrl: running.url, apiKey: key, rate: d.simRate, seed: d.seed, tickMs: 500 });

      // The grid worker's screen: figures of the probe's grid, with the time each state arrived.
      const screen = (socket = io(running.url, { transports: ['websocket'], auth: { token: watcher } }));
      const waiters: { count: number; resolve: (at: number) => void }[] = [];
      let seen = 0;
      followFigures(screen, {
        onFigures(figures: StatsSnapshot) {
          seen = figures.windows['24h'].readings[probe.type]?.count ?? 0; // 24h: the probes stay in it when a clock hour begins
          const now = performance.now();
          for (const w of waiters.filter((w) => w.count <= seen)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(now);
          }
        },
      });
      await new Promise<void>((resolve) => screen.once('stats:snapshot', () => resolve()));

      let posted = 0;
      let timedOut = 0;
      const failed: string[] = [];
      const probeOnce = async (): Promise<number> => {
        const count = ++posted;
        const start = performance.now();
        const arrived = new Promise<number>((resolve) => {
          const late = setTimeout(() => {
            waiters.splice(waiters.indexOf(waiter), 1);
            timedOut += 1;
            resolve(start + d.probeTimeoutMs);
          }, d.probeTimeoutMs);
          const waiter = { count, resolve: (at: number) => { clearTimeout(late); resolve(at); } };
          waiters.push(waiter);
        });
        try {
          const res = await fetch(`${running.url}/api/v1/readings`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-api-key': key },
            body: JSON.stringify({ readings: [{ deviceCode: PROBE_DEVICE, ts: new Date().toISOString(), value: 0 }] }),
          });
          if (res.status !== 201) throw new Error(`answered ${res.status}: ${await res.text()}`);
        } catch (error) {
          // A hub that stalls long enough drops connections: the probe never reaches the screen.
          failed.push(`probe ${count}: ${(error as Error).message}${(error as { cause?: Error }).cause ? ` (${(error as { cause: Error }).cause.message})` : ''}`);
          // Counted as the latest a probe may be. (If the hub dropped it unstored, the next probe's
          // count comes one probe late: the bias is against the side that drops connections.)
          return d.probeTimeoutMs;
        }
        return (await arrived) - start;
      };

      const verifiers: Record<Exclude<Phase, 'quiet'>, () => Promise<number>> = {
        async ours() {
          const res = await fetch(`${running.url}/api/v1/stats/verify`, { headers: { authorization: `Bearer ${leader}` } });
          const body = (await res.json()) as { ok: boolean; mismatches: unknown[]; figuresChecked: number };
          if (!body.ok) throw new Error(`verify-load: the verifier found mismatches: ${JSON.stringify(body.mismatches.slice(0, 3))}`);
          return body.figuresChecked;
        },
        baseline: () => oneTransactionVerify(running),
      };

      /**
       * Before a phase: the probes the hub stored (a dropped POST may or may not have been) and the
       * screen showing them all, so that each probe of the phase is matched by its own count.
       */
      const settle = async () => {
        const [stored] = await running.db.query<{ n: number }>('SELECT count(*) AS n FROM readings WHERE device_code = $1', [PROBE_DEVICE]);
        posted = stored!.n;
        if (seen < posted) await new Promise<number>((resolve) => waiters.push({ count: posted, resolve }));
      };

      const results: { phase: Phase; latencyMs: number[]; verifyMs: number[]; timedOut: number }[] = [];
      for (const phase of d.phases) {
        await settle();
        const latencyMs: number[] = [];
        const verifyMs: number[] = [];
        const timedOutBefore = timedOut;
        let probing = true;
        const loop = phase === 'quiet' ? Promise.resolve() : (async () => {
          while (probing) {
            const started = performance.now();
            consume(await verifiers[phase]());
            verifyMs.push(performance.now() - started);
            await new Promise((resolve) => setTimeout(resolve, d.verifyGapMs));
          }
        })();
        try {
          const pending: Promise<void>[] = [];
          for (let i = 0; i < probesPerPhase; i++) {
            pending.push(probeOnce().then((ms) => void latencyMs.push(ms)));
            await new Promise((resolve) => setTimeout(resolve, d.probeMs));
          }
          await Promise.all(pending);
        } finally {
          probing = false;
          await loop;
        }
        results.push({ phase, latencyMs, verifyMs, timedOut: timedOut - timedOutBefore });
        ctx.log(`verify-load: ${phase}: p50 ${formatMs(quantile(latencyMs, 0.5))} p99 ${formatMs(quantile(latencyMs, 0.99))} max ${formatMs(quantile(latencyMs, 1))}` +
          (verifyMs.length > 0 ? `, ${verifyMs.length} verifications of median ${formatMs(quantile(verifyMs, 0.5))}` : '') +
          (timedOut > timedOutBefore ? `, ${timedOut - timedOutBefore} probes not on the screen within ${formatMs(d.probeTimeoutMs)}` : ''));
      }
      screen.disconnect();
      const simCounts = await sim.stop();
      sim = undefined;
      if (failed.length > 0) ctx.log(`verify-load: ${failed.length} probe POSTs failed, e.g. ${failed[0]}`);

      const of = (phase: Phase) => {
        const mine = results.filter((r) => r.phase === phase);
        const latency = mine.flatMap((r) => r.latencyMs);
        const verify = mine.flatMap((r) => r.verifyMs);
        return { probes: latency.length, timedOut: mine.reduce((n, r) => n + r.timedOut, 0), p50Ms: quantile(latency, 0.5), p99Ms: quantile(latency, 0.99), maxMs: quantile(latency, 1),
          verifications: verify.length, verifyMedianMs: verify.length > 0 ? quantile(verify, 0.5) : null };
      };
      const quiet = of('quiet');
      const ours = of('ours');
      const base = of('baseline');
      const met = ours.p99Ms <= d.goalP99Ms;
      return {
        name: benchmark.name,
        summary: `POST → screen p99 while verifying: ours ${formatMs(ours.p99Ms)} (p50 ${formatMs(ours.p50Ms)}, verify ${formatMs(ours.verifyMedianMs!)})  ` +
          `baseline ${formatMs(base.p99Ms)} (p50 ${formatMs(base.p50Ms)}, verify ${formatMs(base.verifyMedianMs!)}${base.timedOut > 0 ? `, ${base.timedOut} probes timed out at ${formatMs(d.probeTimeoutMs)}` : ''})  ` +
          `${formatRatio(base.p99Ms / ours.p99Ms)}  goal ≤ ${formatMs(d.goalP99Ms)}: ${met ? 'met' : 'NOT MET'}  ` +
          `[quiet p99 ${formatMs(quiet.p99Ms)}; ${readings} readings of history; simulator at ${d.simRate}×: ${simCounts.events} events, ${simCounts.readings} readings, ${simCounts.rejected + simCounts.failed} refused]`,
        ratio: base.p99Ms / ours.p99Ms,
        data: { failedProbes: failed, goal: `issue 8: POST → figures on a screen p99 ≤ ${d.goalP99Ms} ms while verifying`, readings, probesPerPhase, probeMs: d.probeMs, simRate: d.simRate, phases: d.phases, quiet, ours, baseline: base, goalP99Ms: d.goalP99Ms, met, simulator: simCounts },
      };
    } finally {
      socket?.disconnect();
      await sim?.stop();
      await hub?.stop();
      await isolated?.drop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    }
  },
};

export default benchmark;

/** A month of readings and events through the hub's own code, and a probe device alone of its type in its grid. */
async function seedHistory(hub: RunningHub, readings: number, gis: Parameters<Benchmark['run']>[0]['gis'], seed: number): Promise<{ grid: string; type: DeviceType }> {
  const seeder = new Seeder(hub.db, hub.township, gis, createRandom(seed), 10_000);
  await seeder.add(readings, 20);
  const [slot] = await hub.db.query<{ grid: string; lon: number; lat: number }>(
    `SELECT g.code AS grid, p.lon, p.lat FROM grids g JOIN places p ON p.grid_code = g.code
     WHERE NOT EXISTS (SELECT 1 FROM devices d WHERE d.grid_code = g.code AND d.type = 'elevator')
     ORDER BY g.code LIMIT 1`);
  if (!slot) throw new Error('verify-load: no grid without an elevator sensor to put the probe in.');
  await hub.db.query(
    `INSERT INTO devices (code, grid_code, name, type, unit, lon, lat, normal_min, normal_max, warn_above, critical_above)
     VALUES ($1, $2, '基准探针', 'elevator', '', $3, $4, 0, 0, 0.5, 1.5)`,
    [PROBE_DEVICE, slot.grid, slot.lon, slot.lat]);
  return { grid: slot.grid, type: 'elevator' };
}

/** An account straight in the database, signed in through the API; returns its token. */
async function signIn(hub: RunningHub, role: 'leader' | 'grid_worker', grid: string | null): Promise<string> {
  const username = `bench.${role}`;
  const village = grid ? hub.township.grids.get(grid)!.villageCode : null;
  await hub.db.query(
    `INSERT INTO users (username, display_name, password_hash, role, township_code, village_code, grid_code, must_change_password)
     VALUES ($1, $1, $2, $3, $4, $5, $6, false)`,
    [username, await hashPassword(PROBE_PASSWORD), role, hub.township.code, village, grid]);
  const res = await fetch(`${hub.url}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PROBE_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`verify-load: sign-in as ${role} answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as LoginResponse).token;
}

/**
 * The verifier before issue 8: every raw row of the window, every stored bucket and both states read
 * in one repeatable-read transaction, then assembled for every scope and compared. (It also held the
 * hub's statistics for its whole run; this keeps only its database work, so on PostgreSQL, where
 * other connections are not held up, it is kinder than it was.)
 */
async function oneTransactionVerify(hub: RunningHub): Promise<number> {
  const refs = townshipRefs(hub.township);
  const now = new Date();
  const read = await hub.db.tx(async (q) => {
    await q.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    return {
      raw: await rawBuckets(q, refs.code, now),
      stored: await storedBuckets(q, refs.code, new Date(oldestNeeded(now))),
      rawState: await rawState(q, refs.code, now),
      liveState: await liveState(q, refs.code, now),
    };
  });
  const live = aggregatorFrom(read.stored.rows, now);
  const recomputed = aggregatorFrom(read.raw, now);
  let differences = 0;
  for (const scope of everyScope(hub.township)) {
    differences += figureDifferences(
      assemble({ aggregator: live, state: read.liveState.rows, now }, scope, refs),
      assemble({ aggregator: recomputed, state: read.rawState, now }, scope, refs)).length;
  }
  if (differences > 0) throw new Error(`verify-load: the one-transaction verifier found ${differences} differences`);
  return read.raw.length;
}
