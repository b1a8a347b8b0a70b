// readings-ingest: sensor readings into the database in batches. Ours is the hub's path — zod
// validation of the batch (as the route does), then ingestReadings(): device check, insert through
// jsonb_to_recordset, latest values on the devices, alarms raised and cleared, an audit row, one
// transaction per batch. The baseline inserts the same rows, in the same batches, into the same
// table with one `unnest` statement per batch and nothing else.
import type { z } from 'zod';
import { ReadingBatch } from '../contract/schemas.ts';
import { ingestReadings } from '../api/domain/iot/readings.ts';
import type { Township } from '../api/domain/township.ts';
import type { GisData } from '../gis-data/read.ts';
import { createRandom, type Random } from '../gis-data/scripts/random.ts';
import { BENCH_DEFAULTS, compare, formatMs, formatRate, formatRatio, goalText, median, type Benchmark, type Contender } from './harness.ts';
import { drawReadingValue } from './readingValues.ts';

export const READINGS_INGEST_DEFAULTS = {
  seed: 20261122,
  readings: 100_000,
  batchSize: 10_000, // LIMITS.readingsPerBatch: the largest batch the route accepts
  quickReadings: 10_000,
  quickBatchSize: 2_000,
  aboveWarnShare: 0.01, // share of readings drawn above the device's warnAbove
  startAt: Date.UTC(2026, 10, 21, 0, 0, 0), // first reading; the rest follow every stepMs
  stepMs: 50,
  actor: 'bench',
  ip: '127.0.0.1',
};

const UNNEST_INSERT = `INSERT INTO readings (device_code, ts, value)
  SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::float8[])`;

type Batch = ReadingBatch; // what a client sends
type ValidBatch = z.output<typeof ReadingBatch>; // what ingestReadings() takes

const benchmark: Benchmark = {
  name: 'readings-ingest',
  description: 'readings in batches: zod + ingestReadings() (alarms, latest values, audit, one tx per batch) vs a bare unnest INSERT',
  needsDatabase: true,
  async run(ctx) {
    const { db, township, kind } = await ctx.database();
    const total = ctx.quick ? READINGS_INGEST_DEFAULTS.quickReadings : READINGS_INGEST_DEFAULTS.readings;
    const batchSize = ctx.quick ? READINGS_INGEST_DEFAULTS.quickBatchSize : READINGS_INGEST_DEFAULTS.batchSize;
    const { batches, expected } = seededBatches(createRandom(READINGS_INGEST_DEFAULTS.seed), township, ctx.gis, total, batchSize);
    ctx.log(`readings-ingest: ${total} readings in ${batches.length} batches of ${batchSize} over ${township.devices.size} devices (${kind})`);

    const reset = async () => {
      await db.exec(`TRUNCATE readings;
        DELETE FROM alarms;
        UPDATE devices SET last_value = NULL, last_reading_at = NULL;`);
    };
    const verify = (side: string) => async () => {
      const [got] = await db.query<{ n: number; devices: number; sum: number; first: Date; last: Date }>(
        'SELECT count(*) AS n, count(DISTINCT device_code) AS devices, sum(value) AS sum, min(ts) AS first, max(ts) AS last FROM readings');
      const same = got && got.n === expected.count && got.devices === expected.devices
        && Math.abs(got.sum - expected.sum) <= 1e-9 * Math.max(1, Math.abs(expected.sum))
        && got.first.getTime() === expected.first && got.last.getTime() === expected.last;
      if (!same) {
        throw new Error(`readings-ingest: after the ${side} run the readings table holds ${JSON.stringify(got)}, ` +
          `expected ${JSON.stringify(expected)}. The two paths must store the same rows.`);
      }
    };

    let alarmsRaised = 0;
    const ours: Contender = {
      reset,
      async run() {
        let zodMs = 0;
        let ingestMs = 0;
        let accepted = 0;
        alarmsRaised = 0;
        for (const batch of batches) {
          const t0 = performance.now();
          const valid: ValidBatch = ReadingBatch.parse(batch);
          const t1 = performance.now();
          const result = await ingestReadings(db, township, valid, READINGS_INGEST_DEFAULTS.actor, READINGS_INGEST_DEFAULTS.ip);
          ingestMs += performance.now() - t1;
          zodMs += t1 - t0;
          accepted += result.accepted;
          alarmsRaised += result.alarmsRaised;
        }
        return { sink: accepted + alarmsRaised, partsMs: { zod: zodMs, ingest: ingestMs } };
      },
      verify: verify('ours'),
    };
    const baseline: Contender = {
      reset,
      async run() {
        let rows = 0;
        for (const { readings } of batches) {
          const codes = new Array<string>(readings.length);
          const times = new Array<string>(readings.length);
          const values = new Array<number>(readings.length);
          for (let i = 0; i < readings.length; i++) {
            const reading = readings[i]!;
            codes[i] = reading.deviceCode;
            times[i] = reading.ts;
            values[i] = reading.value;
          }
          await db.query(UNNEST_INSERT, [codes, times, values]);
          rows += readings.length;
        }
        return rows;
      },
      verify: verify('baseline'),
    };

    const reps = ctx.quick ? BENCH_DEFAULTS.quickReps : BENCH_DEFAULTS.reps;
    const samples = await compare(ours, baseline, { reps });
    await reset(); // leave the tables as the next benchmark expects them: empty

    const oursMs = median(samples.ours.totalMs);
    const oursNoZodMs = median(samples.ours.partsMs.ingest ?? []);
    const zodMs = median(samples.ours.partsMs.zod ?? []);
    const baselineMs = median(samples.baseline.totalMs);
    const rate = (ms: number) => (total * 1000) / ms;
    const ratio = baselineMs / oursMs;
    const ratioNoZod = baselineMs / oursNoZodMs;
    const goal = { atLeast: 0.5, source: 'issue: the ingest path keeps at least half the throughput of a bare insert' };
    return {
      name: benchmark.name,
      summary: `ours ${formatRate(rate(oursMs), 'rows')} with zod (${formatRate(rate(oursNoZodMs), 'rows')} without; zod ${formatMs(zodMs)})  ` +
        `baseline ${formatRate(rate(baselineMs), 'rows')}  ratio ${formatRatio(ratio)} (${formatRatio(ratioNoZod)} without zod)  ` +
        `${goalText(ratio, goal)}  [${total} rows in batches of ${batchSize}, ${alarmsRaised} alarms raised per run]`,
      ratio,
      goal,
      data: { readings: total, batchSize, batches: batches.length, devices: township.devices.size, alarmsRaisedPerRun: alarmsRaised, reps,
        oursMedianMs: oursMs, oursWithoutZodMedianMs: oursNoZodMs, zodMedianMs: zodMs, baselineMedianMs: baselineMs,
        oursRowsPerSecond: rate(oursMs), oursWithoutZodRowsPerSecond: rate(oursNoZodMs), baselineRowsPerSecond: rate(baselineMs),
        ratioWithoutZod: ratioNoZod, samples },
    };
  },
};

export default benchmark;

interface Expected { count: number; devices: number; sum: number; first: number; last: number }

/**
 * `total` readings round-robin over every active device (sorted by code), one every stepMs, in
 * batches of `batchSize`. Values lie in the device's normal range, except aboveWarnShare of them,
 * which lie between warnAbove and a little past criticalAbove (so some alarms are critical).
 */
function seededBatches(rng: Random, township: Township, gis: GisData, total: number, batchSize: number): { batches: Batch[]; expected: Expected } {
  const normal = new Map(gis.devices.features.map((f) => [f.properties.code, f.properties]));
  const devices = [...township.devices.values()].sort((a, b) => (a.code < b.code ? -1 : 1));
  if (devices.length === 0) throw new Error('readings-ingest: the township has no active devices to send readings for.');
  const batches: Batch[] = [];
  let sum = 0;
  for (let start = 0; start < total; start += batchSize) {
    const readings: Batch['readings'] = [];
    for (let i = start; i < Math.min(total, start + batchSize); i++) {
      const device = devices[i % devices.length]!;
      const range = normal.get(device.code);
      if (!range) throw new Error(`readings-ingest: device ${device.code} is in the database but not in gis-data.`);
      const value = drawReadingValue(rng, device, range, READINGS_INGEST_DEFAULTS.aboveWarnShare);
      sum += value;
      readings.push({ deviceCode: device.code, ts: new Date(READINGS_INGEST_DEFAULTS.startAt + i * READINGS_INGEST_DEFAULTS.stepMs).toISOString(), value });
    }
    batches.push({ readings });
  }
  const lastTs = READINGS_INGEST_DEFAULTS.startAt + (total - 1) * READINGS_INGEST_DEFAULTS.stepMs;
  return {
    batches,
    expected: { count: total, devices: Math.min(total, devices.length), sum, first: READINGS_INGEST_DEFAULTS.startAt, last: lastTs },
  };
}
