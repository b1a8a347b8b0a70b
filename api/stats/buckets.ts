// Writing statistics buckets inside the transaction that writes the rows they count.
import type { Queryable } from '../db/index.ts';
import { closeHistogramIndex, hourOf, KEY } from './keys.ts';

interface Bump { hour: number; grid: string; key: string; count: number; sum: number; min?: number; max?: number }

/** Adds the bumps to their buckets (and marks them written by this transaction, see migration 007). */
export async function bump(q: Queryable, townshipCode: string, bumps: Bump[]): Promise<void> {
  if (bumps.length === 0) return;
  await q.query(
    `INSERT INTO stat_buckets (township_code, hour, grid_code, key, count, sum, min, max)
     SELECT $1, to_timestamp(b.h / 1000.0), b.g, b.k, b.c, b.s, b.mn, b.mx
     FROM jsonb_to_recordset($2::jsonb) AS b(h float8, g text, k text, c bigint, s float8, mn float8, mx float8)
     ON CONFLICT (township_code, hour, grid_code, key) DO UPDATE SET
       count = stat_buckets.count + excluded.count,
       sum = stat_buckets.sum + excluded.sum,
       min = least(stat_buckets.min, excluded.min),
       max = greatest(stat_buckets.max, excluded.max),
       written_by = pg_current_xact_id()`,
    [townshipCode, JSON.stringify(merge(bumps).map((b) => ({ h: b.hour, g: b.grid, k: b.key, c: b.count, s: b.sum, mn: b.min ?? null, mx: b.max ?? null })))],
  );
}

/** One bump per (hour, grid, key): a statement may not update the same row twice. */
function merge(bumps: Bump[]): Bump[] {
  const merged = new Map<string, Bump>();
  for (const b of bumps) {
    const id = `${b.hour}|${b.grid}|${b.key}`;
    const seen = merged.get(id);
    if (!seen) merged.set(id, { ...b });
    else {
      seen.count += b.count;
      seen.sum += b.sum;
      if (b.min !== undefined) seen.min = seen.min === undefined ? b.min : Math.min(seen.min, b.min);
      if (b.max !== undefined) seen.max = seen.max === undefined ? b.max : Math.max(seen.max, b.max);
    }
  }
  return [...merged.values()];
}

export function eventAcceptedBumps(e: { acceptedAt: Date; grid: string; level: string; category: string; source: string }): Bump[] {
  const hour = hourOf(e.acceptedAt);
  return [KEY.events, KEY.level(e.level), KEY.category(e.category), KEY.source(e.source)].map((key) => ({ hour, grid: e.grid, key, count: 1, sum: 0 }));
}

export function eventClosedBumps(e: { acceptedAt: Date; closedAt: Date; deadlineAt: Date; grid: string }): Bump[] {
  const hour = hourOf(e.closedAt);
  const seconds = (e.closedAt.getTime() - e.acceptedAt.getTime()) / 1000;
  const bumps: Bump[] = [
    { hour, grid: e.grid, key: KEY.closed, count: 1, sum: seconds },
    { hour, grid: e.grid, key: KEY.closedHistogram(closeHistogramIndex(seconds)), count: 1, sum: 0 },
  ];
  if (e.closedAt.getTime() <= e.deadlineAt.getTime()) bumps.push({ hour, grid: e.grid, key: KEY.closedOnTime, count: 1, sum: 0 });
  return bumps;
}

export function readingBumps(readings: { ts: string; value: number; grid: string; type: string }[]): Bump[] {
  return readings.map((r) => ({ hour: hourOf(r.ts), grid: r.grid, key: KEY.readings(r.type), count: 1, sum: r.value, min: r.value, max: r.value }));
}

export function pointsBumps(p: { ts: string; grid: string; worker: string; points: number }): Bump[] {
  return [{ hour: hourOf(p.ts), grid: p.grid, key: KEY.workerPoints(p.worker), count: 1, sum: p.points }];
}

export function supervisionBumps(s: { at: Date; grid: string }): Bump[] {
  return [{ hour: hourOf(s.at), grid: s.grid, key: KEY.supervisions, count: 1, sum: 0 }];
}
