// The verifier's side: the same hourly aggregates computed straight from the raw rows (events,
// readings, points), never from stat_buckets. If the buckets or the incremental windows ever drift,
// the two disagree.
import type { Queryable } from '../db/index.ts';
import { StatsAggregator, type BucketRow } from './aggregator.ts';
import { closeHistogramIndexSql, KEY } from './keys.ts';
import { oldestNeeded } from './windows.ts';

const HOUR = (column: string) => `(floor(extract(epoch FROM ${column}) / 3600) * 3600000)::float8`;

/**
 * The buckets of the window (from oldestNeeded(now) on) recomputed from the rows, for the grids
 * given (every grid of the township when absent).
 */
export async function rawBuckets(q: Queryable, townshipCode: string, now: Date, grids?: readonly string[]): Promise<BucketRow[]> {
  const from = new Date(oldestNeeded(now));
  const rows: BucketRow[] = [];
  const add = (list: { hour: number; grid: string; key: string; count: number; sum: number; min?: number | null; max?: number | null }[]) => {
    for (const r of list) rows.push({ hour: Number(r.hour), grid: r.grid, key: r.key, count: Number(r.count), sum: Number(r.sum), min: r.min ?? null, max: r.max ?? null });
  };
  const params = grids ? [townshipCode, from, grids] : [townshipCode, from];
  /** The township's rows, of the grids asked for, whose grid is `grid`. */
  const inScope = (grid: string) => `v.township_code = $1${grids ? ` AND ${grid} = ANY($3::text[])` : ''}`;
  const scoped = `JOIN grids g ON g.code = e.grid_code JOIN villages v ON v.code = g.village_code WHERE ${inScope('e.grid_code')}`;
  // Each event counts under four keys at its acceptance hour…
  add(await q.query(
    `SELECT ${HOUR('e.accepted_at')} AS hour, e.grid_code AS grid, k.key, count(*) AS count, 0 AS sum
     FROM events e CROSS JOIN LATERAL (VALUES ('${KEY.events}'), ('ev.level.' || e.level), ('ev.cat.' || e.category), ('ev.src.' || e.source)) AS k(key)
     ${scoped} AND e.accepted_at >= $2 GROUP BY 1, 2, 3`, params));
  // …and, once closed, under 'cl' (summing seconds to close), its histogram key and maybe 'cl.ontime', at its closing hour.
  const seconds = 'extract(epoch FROM e.closed_at - e.accepted_at)::float8';
  add(await q.query(
    `SELECT ${HOUR('e.closed_at')} AS hour, e.grid_code AS grid, k.key, count(*) AS count, sum(k.seconds) AS sum
     FROM events e CROSS JOIN LATERAL (VALUES
       ('${KEY.closed}', ${seconds}),
       ('cl.h.' || (${closeHistogramIndexSql(seconds)}), 0::float8),
       (CASE WHEN e.closed_at <= e.deadline_at THEN '${KEY.closedOnTime}' END, 0::float8)) AS k(key, seconds)
     ${scoped} AND e.closed_at >= $2 AND k.key IS NOT NULL GROUP BY 1, 2, 3`, params));
  add(await q.query(
    `SELECT ${HOUR('r.ts')} AS hour, d.grid_code AS grid, 'rd.' || d.type AS key, count(*) AS count, sum(r.value) AS sum, min(r.value) AS min, max(r.value) AS max
     FROM readings r JOIN devices d ON d.code = r.device_code JOIN grids g ON g.code = d.grid_code JOIN villages v ON v.code = g.village_code
     WHERE ${inScope('d.grid_code')} AND r.ts >= $2 GROUP BY 1, 2, 3`, params));
  add(await q.query(
    `SELECT ${HOUR('l.ts')} AS hour, w.grid_code AS grid, 'pt.w.' || l.worker_code AS key, count(*) AS count, sum(l.points) AS sum
     FROM points_ledger l JOIN workers w ON w.code = l.worker_code JOIN grids g ON g.code = w.grid_code JOIN villages v ON v.code = g.village_code
     WHERE ${inScope('w.grid_code')} AND l.ts >= $2 GROUP BY 1, 2, 3`, params));
  add(await q.query(
    `SELECT ${HOUR('s.at')} AS hour, e.grid_code AS grid, '${KEY.supervisions}' AS key, count(*) AS count, 0 AS sum
     FROM supervisions s JOIN events e ON e.id = s.event_id ${scoped} AND s.at >= $2 GROUP BY 1, 2`, params));
  return rows;
}

/** Bucket rows as stored, and the database snapshot they were read in: the point to read changes from next. */
export interface StoredBuckets { rows: BucketRow[]; snapshot: string }

/** Every bucket from `from` on, for a hub starting up (or the verifier). */
export function storedBuckets(q: Queryable, townshipCode: string, from: Date): Promise<StoredBuckets> {
  return readBuckets(q, townshipCode, from, null);
}

/**
 * The buckets from `from` on that were written by transactions not yet committed in `snapshot` (see
 * migration 007): after a write, a few rows, however long the history and whichever hub wrote them.
 */
export function bucketsWrittenSince(q: Queryable, townshipCode: string, from: Date, snapshot: string): Promise<StoredBuckets> {
  return readBuckets(q, townshipCode, from, snapshot);
}

async function readBuckets(q: Queryable, townshipCode: string, from: Date, since: string | null): Promise<StoredBuckets> {
  // One statement, so the rows and the snapshot returned with them are the same view of the table.
  const rows = await q.query<{ snapshot: string; hour: Date | null; grid: string; key: string; count: number; sum: number; min: number | null; max: number | null }>(
    `WITH s AS (SELECT pg_current_snapshot() AS snap)
     SELECT s.snap::text AS snapshot, b.hour, b.grid_code AS grid, b.key, b.count, b.sum, b.min, b.max
     FROM s LEFT JOIN stat_buckets b ON b.township_code = $1 AND b.hour >= $2
       ${since === null ? '' : 'AND b.written_by >= pg_snapshot_xmin($3::pg_snapshot) AND NOT pg_visible_in_snapshot(b.written_by, $3::pg_snapshot)'}`,
    since === null ? [townshipCode, from] : [townshipCode, from, since],
  );
  return {
    snapshot: rows[0]!.snapshot,
    rows: rows.filter((r) => r.hour !== null).map((r) => ({ hour: r.hour!.getTime(), grid: r.grid, key: r.key, count: r.count, sum: r.sum, min: r.min, max: r.max })),
  };
}

export function aggregatorFrom(rows: BucketRow[], now: Date): StatsAggregator {
  const aggregator = new StatsAggregator(now);
  aggregator.apply(rows);
  return aggregator;
}
