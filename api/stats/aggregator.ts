// Rolling window totals kept in memory and updated incrementally: a changed bucket adds its
// difference to every window that holds its hour, and as time passes the hours that leave a window
// are subtracted. Nothing is ever recounted from the rows; min and max, which cannot be subtracted,
// are folded from the hourly buckets of the window (a few hundred per device type at most).
import { emptyAgg, type Agg } from './keys.ts';
import { oldestNeeded, WINDOW_NAMES, windowStart, type WindowName } from './windows.ts';

export interface BucketRow { hour: number; grid: string; key: string; count: number; sum: number; min: number | null; max: number | null }

/** `grid|key`: the unit the aggregator sums. */
export const gridKey = (grid: string, key: string) => `${grid}|${key}`;

interface Window { start: number; sums: Map<string, { count: number; sum: number }> }

export class StatsAggregator {
  readonly #hours = new Map<number, Map<string, Agg>>();
  readonly #windows = new Map<WindowName, Window>();

  constructor(now: Date) {
    for (const name of WINDOW_NAMES) this.#windows.set(name, { start: windowStart(name, now), sums: new Map() });
  }

  /** Sets buckets to the values read from the database; windows change by the difference. */
  apply(rows: Iterable<BucketRow>): void {
    for (const row of rows) {
      let hour = this.#hours.get(row.hour);
      if (!hour) this.#hours.set(row.hour, (hour = new Map()));
      const id = gridKey(row.grid, row.key);
      const before = hour.get(id) ?? emptyAgg();
      const dCount = row.count - before.count;
      const dSum = row.sum - before.sum;
      hour.set(id, { count: row.count, sum: row.sum, min: row.min, max: row.max });
      if (dCount === 0 && dSum === 0) continue;
      for (const window of this.#windows.values()) {
        if (row.hour >= window.start) addTo(window.sums, id, dCount, dSum);
      }
    }
  }

  /** Makes the buckets exactly `rows` (buckets absent from them become zero), through apply(). */
  resetTo(rows: BucketRow[]): void {
    const present = new Set(rows.map((r) => `${r.hour}|${gridKey(r.grid, r.key)}`));
    const zeros: BucketRow[] = [];
    for (const [hour, buckets] of this.#hours) {
      for (const id of buckets.keys()) {
        if (present.has(`${hour}|${id}`)) continue;
        const cut = id.indexOf('|');
        zeros.push({ hour, grid: id.slice(0, cut), key: id.slice(cut + 1), count: 0, sum: 0, min: null, max: null });
      }
    }
    this.apply(zeros);
    this.apply(rows);
  }

  /** Moves every window to `now`: hours that left a window are subtracted, hours no window needs are dropped. */
  advance(now: Date): void {
    for (const [name, window] of this.#windows) {
      const start = windowStart(name, now);
      if (start === window.start) continue;
      for (const [hour, buckets] of this.#hours) {
        const wasIn = hour >= window.start;
        const isIn = hour >= start;
        if (wasIn === isIn) continue;
        const sign = isIn ? 1 : -1;
        for (const [id, agg] of buckets) addTo(window.sums, id, sign * agg.count, sign * agg.sum);
      }
      window.start = start;
    }
    const keepFrom = oldestNeeded(now);
    for (const hour of this.#hours.keys()) if (hour < keepFrom) this.#hours.delete(hour);
  }

  /** The window's aggregates per grid|key (min and max folded from its hours, for keys that have them). */
  window(name: WindowName): Map<string, Agg> {
    const window = this.#windows.get(name)!;
    const result = new Map<string, Agg>();
    for (const [id, { count, sum }] of window.sums) if (count !== 0 || sum !== 0) result.set(id, { count, sum, min: null, max: null });
    for (const [hour, buckets] of this.#hours) {
      if (hour < window.start) continue;
      for (const [id, agg] of buckets) {
        if (agg.min === null && agg.max === null) continue;
        const target = result.get(id);
        if (!target) continue;
        target.min = target.min === null ? agg.min : agg.min === null ? target.min : Math.min(target.min, agg.min);
        target.max = target.max === null ? agg.max : agg.max === null ? target.max : Math.max(target.max, agg.max);
      }
    }
    return result;
  }

  /** Buckets of one hour (for hourly charts). */
  hour(hour: number): ReadonlyMap<string, Agg> {
    return this.#hours.get(hour) ?? new Map();
  }
}

function addTo(sums: Map<string, { count: number; sum: number }>, id: string, count: number, sum: number): void {
  const current = sums.get(id);
  if (current) {
    current.count += count;
    current.sum += sum;
  } else {
    sums.set(id, { count, sum });
  }
}
