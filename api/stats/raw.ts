// The verifier's side: the same hourly aggregates computed straight from the raw rows (events,
// readings, points), never from stat_buckets. If the buckets or the incremental windows ever drift,
// the two disagree.
import type { Queryable } from '../db/index.ts';
import { StatsAggregator, type BucketRow } from './aggregator.ts';
import { closeHistogramIndexSql, KEY } from './keys.ts';
import { oldestNeeded } from './windows.ts';

const HOUR = (column: string) => `(floor(extract(epoch FROM ${column}) / 3600) * 3600000)::float8`;

export async function rawBuckets(q: Queryable, townshipCode: string, now: Date): Promise<BucketRow[]> {
  const from = new Date(oldestNeeded(now));
  const rows: BucketRow[] = [];
  const add = (list: { hour: number; grid: string; key: string; count: number; sum: number; min?: number | null; max?: number | null }[]) => {
    for (const r of list) rows.push({ hour: Number(r.hour), grid: r.grid, key: r.key, count: Number(r.count), sum: Number(r.sum), min: r.min ?? null, max: r.max ?? null });
  };
  const scoped = 'JOIN grids g ON g.code = e.grid_code JOIN villages v ON v.code = g.village_code WHERE v.township_code = $1';
  for (const [key, expr] of [[KEY.events, `'${KEY.events}'`], ['level', `'ev.level.' || e.level`], ['cat', `'ev.cat.' || e.category`], ['src', `'ev.src.' || e.source`]] as const) {
    void key;
    add(await q.query(
      `SELECT ${HOUR('e.accepted_at')} AS hour, e.grid_code AS grid, ${expr} AS key, count(*) AS count, 0 AS sum
       FROM events e ${scoped} AND e.accepted_at >= $2 GROUP BY 1, 2, 3`, [townshipCode, from]));
  }
  const seconds = 'extract(epoch FROM e.closed_at - e.accepted_at)';
  add(await q.query(
    `SELECT ${HOUR('e.closed_at')} AS hour, e.grid_code AS grid, '${KEY.closed}' AS key, count(*) AS count, sum(${seconds}) AS sum
     FROM events e ${scoped} AND e.closed_at >= $2 GROUP BY 1, 2`, [townshipCode, from]));
  add(await q.query(
    `SELECT ${HOUR('e.closed_at')} AS hour, e.grid_code AS grid, '${KEY.closedOnTime}' AS key, count(*) AS count, 0 AS sum
     FROM events e ${scoped} AND e.closed_at >= $2 AND e.closed_at <= e.deadline_at GROUP BY 1, 2`, [townshipCode, from]));
  add(await q.query(
    `SELECT ${HOUR('e.closed_at')} AS hour, e.grid_code AS grid, 'cl.h.' || (${closeHistogramIndexSql(seconds)}) AS key, count(*) AS count, 0 AS sum
     FROM events e ${scoped} AND e.closed_at >= $2 GROUP BY 1, 2, 3`, [townshipCode, from]));
  add(await q.query(
    `SELECT ${HOUR('r.ts')} AS hour, d.grid_code AS grid, 'rd.' || d.type AS key, count(*) AS count, sum(r.value) AS sum, min(r.value) AS min, max(r.value) AS max
     FROM readings r JOIN devices d ON d.code = r.device_code JOIN grids g ON g.code = d.grid_code JOIN villages v ON v.code = g.village_code
     WHERE v.township_code = $1 AND r.ts >= $2 GROUP BY 1, 2, 3`, [townshipCode, from]));
  add(await q.query(
    `SELECT ${HOUR('l.ts')} AS hour, w.grid_code AS grid, 'pt.w.' || l.worker_code AS key, count(*) AS count, sum(l.points) AS sum
     FROM points_ledger l JOIN workers w ON w.code = l.worker_code JOIN grids g ON g.code = w.grid_code JOIN villages v ON v.code = g.village_code
     WHERE v.township_code = $1 AND l.ts >= $2 GROUP BY 1, 2, 3`, [townshipCode, from]));
  return rows;
}

/** Buckets as stored, for a hub starting up or a second hub. */
export async function storedBuckets(q: Queryable, townshipCode: string, from: Date, hours?: number[]): Promise<BucketRow[]> {
  const rows = await q.query<{ hour: Date; grid: string; key: string; count: number; sum: number; min: number | null; max: number | null }>(
    `SELECT hour, grid_code AS grid, key, count, sum, min, max FROM stat_buckets
     WHERE township_code = $1 AND ${hours ? 'hour = ANY($2::timestamptz[])' : 'hour >= $2'}`,
    [townshipCode, hours ? hours.map((h) => new Date(h).toISOString()) : from],
  );
  return rows.map((r) => ({ hour: r.hour.getTime(), grid: r.grid, key: r.key, count: r.count, sum: r.sum, min: r.min, max: r.max }));
}

export function aggregatorFrom(rows: BucketRow[], now: Date): StatsAggregator {
  const aggregator = new StatsAggregator(now);
  aggregator.apply(rows);
  return aggregator;
}
