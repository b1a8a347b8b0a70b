// Bucket keys and the hour arithmetic shared by the bucket writers, the in-memory aggregator and the
// raw-row verifier: one definition, so the three cannot drift apart.
import { CLOSE_HOURS_BOUNDS } from '../../contract/api.ts';

export const HOUR_MS = 3_600_000;

export const hourOf = (at: Date | number | string): number => {
  const ms = typeof at === 'number' ? at : new Date(at).getTime();
  return ms - (((ms % HOUR_MS) + HOUR_MS) % HOUR_MS);
};

export const KEY = {
  events: 'ev',
  level: (level: string) => `ev.level.${level}`,
  category: (category: string) => `ev.cat.${category}`,
  source: (source: string) => `ev.src.${source}`,
  closed: 'cl',
  closedOnTime: 'cl.ontime',
  closedHistogram: (index: number) => `cl.h.${index}`,
  readings: (type: string) => `rd.${type}`,
  workerPoints: (worker: string) => `pt.w.${worker}`,
  supervisions: 'sv',
} as const;

/** Index of the time-to-close histogram bucket for a duration. */
export function closeHistogramIndex(seconds: number): number {
  const hours = seconds / 3600;
  const index = CLOSE_HOURS_BOUNDS.findIndex((bound) => hours <= bound);
  return index < 0 ? CLOSE_HOURS_BOUNDS.length - 1 : index;
}

/** SQL for the same index, over an expression giving seconds (the raw-row verifier uses it). */
export function closeHistogramIndexSql(secondsExpr: string): string {
  const cases = CLOSE_HOURS_BOUNDS.slice(0, -1).map((bound, i) => `WHEN (${secondsExpr}) / 3600.0 <= ${bound} THEN ${i}`);
  return `CASE ${cases.join(' ')} ELSE ${CLOSE_HOURS_BOUNDS.length - 1} END`;
}

/** One bucket's aggregate. */
export interface Agg { count: number; sum: number; min: number | null; max: number | null }

export const emptyAgg = (): Agg => ({ count: 0, sum: 0, min: null, max: null });
