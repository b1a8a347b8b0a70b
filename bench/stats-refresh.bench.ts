// stats-refresh: the wall's figures, brought up to date after a write, with 10k, 100k and 1M readings
// (and one event per 20 readings) spread over the last 30 days. Ours is the hub's StatsService: before
// each timed run an event is accepted (untimed); the run then reads back the buckets written since
// the last read and every part of the live state (open events, alarms, latest values, patrols,
// population: more than an event needs), and assembles the figures from its in-memory windows. The baseline recomputes
// the figures from the raw rows the way the verifier does: rawBuckets() (GROUP BY over events and
// readings in the window), rawState(), then aggregatorFrom() and assemble().
//
// The sizes are cumulative: the 100k run adds 90k readings to the 10k ones, and so on. Readings go
// in through ingestReadings() (which also writes their stat_buckets rows); events are inserted
// directly, with their stat_buckets rows written by bump() in the same transaction.
import type { Position } from 'geojson';
import type { StatsSnapshot } from '../contract/api.ts';
import { EVENT_CATEGORIES, EVENT_LEVELS, EVENT_SOURCES, type EventLevel } from '../contract/domain.ts';
import type { Scope } from '../api/auth/principal.ts';
import type { Db } from '../api/db/index.ts';
import { EventInput } from '../contract/schemas.ts';
import { acceptEvent, DEFAULT_DEADLINE_HOURS } from '../api/domain/events/intake.ts';
import { DEFAULT_POLICY } from '../api/domain/policy.ts';
import { ingestReadings } from '../api/domain/iot/readings.ts';
import type { DeviceRef, Township } from '../api/domain/township.ts';
import { assemble, type TownshipRefs } from '../api/stats/assemble.ts';
import { bump, eventAcceptedBumps, eventClosedBumps } from '../api/stats/buckets.ts';
import { HOUR_MS } from '../api/stats/keys.ts';
import { aggregatorFrom, rawBuckets } from '../api/stats/raw.ts';
import { townshipRefs } from '../api/stats/refs.ts';
import { StatsService } from '../api/stats/service.ts';
import { rawState } from '../api/stats/state.ts';
import { windowStart } from '../api/stats/windows.ts';
import type { GisData } from '../gis-data/read.ts';
import { createRandom, type Random } from '../gis-data/scripts/random.ts';
import { samplePointInPolygon } from '../gis-data/scripts/sample.ts';
import { BENCH_DEFAULTS, compare, formatMs, formatRatio, median, type Benchmark, type Contender } from './harness.ts';
import { drawReadingValue } from './readingValues.ts';

export const STATS_REFRESH_DEFAULTS = {
  seed: 20261123,
  sizes: [10_000, 100_000, 1_000_000], // readings in the last 30 days, cumulative
  quickSizes: [5_000, 20_000],
  batchSize: 10_000, // readings per ingestReadings() call (the route's maximum)
  quickBatchSize: 5_000,
  readingsPerEvent: 20,
  eventChunk: 5_000, // events per INSERT … SELECT (and per bump)
  aboveWarnShare: 0.002, // share of readings drawn above the device's warnAbove (raises some alarms)
  meanCloseHours: 10, // events close after an exponential delay with this mean…
  neverClosedShare: 0.02, // …except these, which stay open (overdue by now)
  eventPointsPerGrid: 6, // event locations: a few seeded points inside each grid
  levelWeights: [0.7, 0.2, 0.08, 0.02], // EVENT_LEVELS order: general … extraordinary
  /** Above this projected seeding time for the largest size on PGlite, the largest size is left to PostgreSQL. */
  pgliteMaxSeedMs: 90_000,
  /** Timed runs at 1M and above (each baseline run takes seconds there). */
  largeReps: 3,
  largeFrom: 1_000_000,
  assemblyReps: 7, // untimed-by-harness runs of the in-memory part alone
  actor: 'bench',
};

const OPEN_STATUSES = ['accepted', 'assigned', 'handling'] as const;

const INSERT_EVENTS = `INSERT INTO events (number, township_code, grid_code, title, content, category, level, source, status,
    lon, lat, occurred_at, accepted_at, nearing_at, deadline_at, closed_at, nearing_pushed_at, overdue_pushed_at)
  SELECT e.n, $1, e.g, e.t, '', e.c, e.l, e.s, e.st, e.x, e.y, e.a, e.a, e.a + (e.d - e.a) * 0.8, e.d, e.cl,
    CASE WHEN e.a + (e.d - e.a) * 0.8 <= now() THEN now() END, CASE WHEN e.d < now() THEN now() END -- history: its moments passed long ago
  FROM jsonb_to_recordset($2::jsonb) AS e(n text, g text, t text, c text, l text, s text, st text, x float8, y float8,
    a timestamptz, d timestamptz, cl timestamptz)`;

/** Empties everything the figures count, so earlier benchmarks' rows (and their buckets) do not linger. */
const RESET = `TRUNCATE readings, stat_buckets, alarms, events, push_log CASCADE;
  UPDATE devices SET last_value = NULL, last_reading_at = NULL;`;

interface SizeResult {
  readings: number;
  events: number;
  openEvents: number;
  bucketRows: number;
  seedMs: number;
  startMs: number;
  reps: number;
  /** JSON of the township's snapshot at this size. */
  snapshotBytes: number;
  oursMedianMs: number;
  oursAssemblyOnlyMedianMs: number;
  baselineMedianMs: number;
  baselinePartsMedianMs: Record<string, number>;
  ratio: number;
  verified: { checked: number; mismatches: number };
  samples: unknown;
}

const benchmark: Benchmark = {
  name: 'stats-refresh',
  description: 'figures after a write, 10k/100k/1M readings in 30 days: StatsService (current hour + state) vs the verifier\'s GROUP BY over the raw rows',
  needsDatabase: true,
  async run(ctx) {
    const { db, township, kind } = await ctx.database();
    const defaults = STATS_REFRESH_DEFAULTS;
    const sizes = ctx.quick ? defaults.quickSizes : defaults.sizes;
    const batchSize = ctx.quick ? defaults.quickBatchSize : defaults.batchSize;
    const scope: Scope = { townshipCode: township.code };
    const refs = townshipRefs(township);
    const rng = createRandom(defaults.seed);
    const seeder = new Seeder(db, township, ctx.gis, rng, batchSize);
    const writeRng = createRandom(defaults.seed + 1); // the untimed writes before our runs, apart from the seeding's draws

    await db.exec(RESET);
    const results: SizeResult[] = [];
    const skipped: string[] = [];
    let seeded = 0;
    for (const size of sizes) {
      if (kind === 'pglite' && results.length > 0 && size === sizes[sizes.length - 1]) {
        const last = results[results.length - 1]!;
        const projectedMs = (last.seedMs / (last.readings - (results[results.length - 2]?.readings ?? 0))) * (size - seeded);
        if (projectedMs > defaults.pgliteMaxSeedMs) {
          skipped.push(`${label(size)}: seeding would take ~${formatMs(projectedMs)} on PGlite; run it with DATABASE_URL`);
          ctx.log(`stats-refresh: skipping ${label(size)} on PGlite (projected seeding ${formatMs(projectedMs)})`);
          continue;
        }
      }
      const seedStart = performance.now();
      const added = await seeder.add(size - seeded, defaults.readingsPerEvent);
      await db.exec('ANALYZE readings; ANALYZE events; ANALYZE stat_buckets;'); // as autovacuum would have by now
      const seedMs = performance.now() - seedStart;
      seeded = size;
      const [counts] = await db.query<{ readings: number; events: number; open: number; buckets: number }>(
        `SELECT (SELECT count(*) FROM readings) AS readings, (SELECT count(*) FROM events) AS events,
                (SELECT count(*) FROM events WHERE status NOT IN ('closed', 'evaluated')) AS open,
                (SELECT count(*) FROM stat_buckets) AS buckets`);
      ctx.log(`stats-refresh: ${label(size)}: seeded ${added.readings} readings + ${added.events} events in ${formatMs(seedMs)} ` +
        `(${counts!.readings} readings, ${counts!.events} events of which ${counts!.open} open, ${counts!.buckets} bucket rows; ${kind})`);

      const startAt = performance.now();
      const stats = await StatsService.start(db, () => refs);
      const startMs = performance.now() - startAt;

      let written = 0;
      const ours: Contender = {
        // A write first (untimed), as in the hub: an event accepted through the same code as the route.
        async reset() {
          const [lon, lat] = writeRng.pick(seeder.eventPoints).points[0] as [number, number];
          await acceptEvent(db, township, EventInput.parse({ title: `刷新 ${++written}`, category: 'other', source: 'hotline_12345', lon, lat }),
            { actor: defaults.actor, scope, ip: null }, DEFAULT_POLICY);
        },
        async run() {
          stats.changed(); // every part of the state, not only the open events an event touches: the most a write can ask
          const figures = await stats.snapshot(scope);
          return figures.windows['30d'].events.total + figures.readings.lastHour;
        },
      };
      const baseline: Contender = {
        async run() {
          const now = new Date();
          const t0 = performance.now();
          const rows = await rawBuckets(db, township.code, now);
          const t1 = performance.now();
          const state = await rawState(db, township.code, now);
          const t2 = performance.now();
          const figures = recompute(rows, state, now, scope, refs);
          const t3 = performance.now();
          return { sink: figures.windows['30d'].events.total + figures.readings.lastHour,
            partsMs: { groupBy: t1 - t0, state: t2 - t1, assemble: t3 - t2 } };
        },
      };
      // At the largest size a baseline run takes 10–20 s: fewer runs, and no warm-up (the same code just ran at the smaller sizes).
      const large = !ctx.quick && size >= defaults.largeFrom;
      const reps = ctx.quick ? BENCH_DEFAULTS.quickReps : large ? defaults.largeReps : BENCH_DEFAULTS.reps;
      const samples = await compare(ours, baseline, { reps, warmupRuns: large ? 0 : BENCH_DEFAULTS.warmupRuns });

      // The in-memory part alone: a snapshot with nothing changed reads nothing from the database.
      const assembly: number[] = [];
      let snapshotBytes = 0;
      for (let i = 0; i < defaults.assemblyReps; i++) {
        const t = performance.now();
        const figures = await stats.snapshot(scope);
        assembly.push(performance.now() - t);
        snapshotBytes = Buffer.byteLength(JSON.stringify(figures)); // what a wall gets on connect (push-latency weighs the deltas)
      }

      // Both sides give the same figures: verify() recomputes them exactly as the baseline does (rawBuckets,
      // rawState, aggregatorFrom, assemble) in one repeatable-read snapshot and compares every leaf with ours.
      const verified = await stats.verify([scope]);
      if (verified.mismatches.length > 0) {
        throw new Error(`stats-refresh: at ${label(size)} the live figures differ from the raw rows in ${verified.mismatches.length} place(s), ` +
          `e.g. ${JSON.stringify(verified.mismatches.slice(0, 3))}. The buckets or the incremental windows have drifted.`);
      }

      const oursMs = median(samples.ours.totalMs);
      const baselineMs = median(samples.baseline.totalMs);
      results.push({
        readings: counts!.readings, events: counts!.events, openEvents: counts!.open, bucketRows: counts!.buckets,
        seedMs, startMs, reps, snapshotBytes,
        oursMedianMs: oursMs, oursAssemblyOnlyMedianMs: median(assembly), baselineMedianMs: baselineMs,
        baselinePartsMedianMs: Object.fromEntries(Object.entries(samples.baseline.partsMs).map(([part, ms]) => [part, median(ms)])),
        ratio: baselineMs / oursMs,
        verified: { checked: verified.checked, mismatches: verified.mismatches.length },
        samples,
      });
      ctx.log(`stats-refresh: ${label(size)}: ours ${formatMs(oursMs)} (assembly alone ${formatMs(median(assembly))}), baseline ${formatMs(baselineMs)} ` +
        `(${Object.entries(results[results.length - 1]!.baselinePartsMedianMs).map(([p, ms]) => `${p} ${formatMs(ms)}`).join(', ')}), ` +
        `${formatRatio(baselineMs / oursMs)}; verify: ${verified.checked} figures, 0 mismatches; snapshot ${(snapshotBytes / 1024).toFixed(1)} KB`);
    }
    await db.exec(RESET); // leave the tables empty for whatever runs next

    const largest = results[results.length - 1]!;
    const smallest = results[0]!;
    const goal = { atLeast: 100, source: 'brief: ours ≥ 100× faster than recomputing from the raw rows at 1M readings, and flat across sizes' };
    const goalMet = largest.readings >= defaults.sizes[defaults.sizes.length - 1]! && largest.ratio >= goal.atLeast;
    const growth = largest.oursMedianMs / smallest.oursMedianMs;
    const perSize = results.map((r) => `${label(r.readings)}: ours ${formatMs(r.oursMedianMs)} baseline ${formatMs(r.baselineMedianMs)} ${formatRatio(r.ratio)}`).join('; ');
    return {
      name: benchmark.name,
      summary: `${perSize}  ours ${label(largest.readings)}/${label(smallest.readings)} ${formatRatio(growth)}  ` +
        `goal ≥ 100× at 1M: ${goalMet ? 'met' : largest.readings < 1_000_000 ? 'not measured here' : 'NOT MET'}` +
        `${skipped.length > 0 ? `  [skipped ${skipped.join('; ')}]` : ''}  [baseline = rawBuckets + rawState + assemble, as the verifier; verified, 0 mismatches]`,
      ratio: largest.ratio,
      goal,
      data: { baseline: 'rawBuckets() + rawState() + aggregatorFrom() + assemble(), as StatsService.verify() does', sizes: results, skipped,
        batchSize, readingsPerEvent: defaults.readingsPerEvent, oursGrowthLargestOverSmallest: growth },
    };
  },
};

export default benchmark;

const label = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n));

function recompute(rows: Awaited<ReturnType<typeof rawBuckets>>, state: Awaited<ReturnType<typeof rawState>>, now: Date, scope: Scope, refs: TownshipRefs): StatsSnapshot {
  const aggregator = aggregatorFrom(rows, now);
  return assemble({ aggregator, state, now }, scope, refs);
}

/**
 * Adds readings and events to the bench database, each call spread over the 30 days before now:
 * readings through ingestReadings() in chronological batches, round-robin devices drawn at random;
 * events straight into the table with their stat_buckets rows.
 */
export class Seeder {
  readonly #devices: DeviceRef[];
  readonly #normal: Map<string, { normalMin: number; normalMax: number }>;
  readonly eventPoints: { grid: string; points: Position[] }[];
  #eventSerial = 0;

  constructor(private readonly db: Db, private readonly township: Township, gis: GisData, private readonly rng: Random, private readonly batchSize: number) {
    this.#devices = [...township.devices.values()].sort((a, b) => (a.code < b.code ? -1 : 1));
    if (this.#devices.length === 0) throw new Error('stats-refresh: the township has no active devices to send readings for.');
    this.#normal = new Map(gis.devices.features.map((f) => [f.properties.code, f.properties]));
    const pointRng = rng.fork('event-points');
    this.eventPoints = gis.grids.features
      .filter((f) => township.grids.has(f.properties.code))
      .map((f) => ({ grid: f.properties.code, points: Array.from({ length: STATS_REFRESH_DEFAULTS.eventPointsPerGrid }, () => samplePointInPolygon(pointRng, f.geometry)) }));
  }

  async add(readings: number, readingsPerEvent: number): Promise<{ readings: number; events: number }> {
    const now = Date.now();
    const from = windowStart('30d', new Date(now));
    const times = new Float64Array(readings);
    for (let i = 0; i < readings; i++) times[i] = from + this.rng.next() * (now - 1_000 - from);
    times.sort();
    for (let start = 0; start < readings; start += this.batchSize) {
      const batch: { deviceCode: string; ts: string; value: number }[] = [];
      for (let i = start; i < Math.min(readings, start + this.batchSize); i++) {
        const device = this.#devices[Math.floor(this.rng.next() * this.#devices.length)]!;
        const range = this.#normal.get(device.code);
        if (!range) throw new Error(`stats-refresh: device ${device.code} is in the database but not in gis-data.`);
        const value = drawReadingValue(this.rng, device, range, STATS_REFRESH_DEFAULTS.aboveWarnShare);
        batch.push({ deviceCode: device.code, ts: new Date(Math.round(times[i]!)).toISOString(), value: Math.round(value * 1000) / 1000 });
      }
      await ingestReadings(this.db, this.township, { readings: batch }, STATS_REFRESH_DEFAULTS.actor, null);
    }
    const events = Math.round(readings / readingsPerEvent);
    for (let start = 0; start < events; start += STATS_REFRESH_DEFAULTS.eventChunk) {
      await this.#insertEvents(Math.min(STATS_REFRESH_DEFAULTS.eventChunk, events - start), from, now);
    }
    return { readings, events };
  }

  async #insertEvents(n: number, from: number, now: number): Promise<void> {
    const d = STATS_REFRESH_DEFAULTS;
    const rows: Record<string, unknown>[] = [];
    const bumps: ReturnType<typeof eventAcceptedBumps> = [];
    for (let i = 0; i < n; i++) {
      const { grid, points } = this.rng.pick(this.eventPoints);
      const [lon, lat] = this.rng.pick(points) as [number, number];
      const level: EventLevel = this.rng.weighted(EVENT_LEVELS, d.levelWeights);
      const category = this.rng.pick(EVENT_CATEGORIES);
      const source = this.rng.pick(EVENT_SOURCES);
      const acceptedAt = new Date(Math.round(from + this.rng.next() * (now - 1_000 - from)));
      const deadlineAt = new Date(acceptedAt.getTime() + DEFAULT_DEADLINE_HOURS[level] * HOUR_MS);
      const closeAfter = -Math.log(1 - this.rng.next()) * d.meanCloseHours * HOUR_MS;
      const closes = !this.rng.chance(d.neverClosedShare) && acceptedAt.getTime() + closeAfter < now;
      const closedAt = closes ? new Date(Math.round(acceptedAt.getTime() + closeAfter)) : null;
      rows.push({ n: `BENCH-${++this.#eventSerial}`, g: grid, t: `${category} 事件`, c: category, l: level, s: source,
        st: closedAt ? 'closed' : this.rng.pick(OPEN_STATUSES), x: lon, y: lat, a: acceptedAt.toISOString(), d: deadlineAt.toISOString(),
        cl: closedAt?.toISOString() ?? null });
      bumps.push(...eventAcceptedBumps({ acceptedAt, grid, level, category, source }));
      if (closedAt) bumps.push(...eventClosedBumps({ acceptedAt, closedAt, deadlineAt, grid }));
    }
    await this.db.tx(async (q) => {
      await q.query(INSERT_EVENTS, [this.township.code, JSON.stringify(rows)]);
      await bump(q, this.township.code, bumps);
    });
  }
}
