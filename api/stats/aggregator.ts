// Rolling window totals kept in memory and updated incrementally: a changed bucket adds its
// difference to every window that holds its hour, and as time passes the hours that leave a window
// are subtracted. Nothing is ever recounted from the rows. Min and max cannot be subtracted: they
// widen as buckets grow and are folded afresh from the window's hours only when an hour leaves it.
import { emptyAgg, type Agg } from './keys.ts';
import { oldestNeeded, WINDOW_NAMES, windowStart, type WindowName } from './windows.ts';

export interface BucketRow { hour: number; grid: string; key: string; count: number; sum: number; min: number | null; max: number | null }

/** `grid|key`: the unit the aggregator sums. */
export const gridKey = (grid: string, key: string) => `${grid}|${key}`;

/** `grid|key` ids split once each: the same few thousand come back in every snapshot of every scope. */
const splitIds = new Map<string, readonly [grid: string, key: string]>();
export function splitGridKey(id: string): readonly [grid: string, key: string] {
  let split = splitIds.get(id);
  if (!split) {
    const cut = id.indexOf('|');
    split = [id.slice(0, cut), id.slice(cut + 1)];
    splitIds.set(id, split);
  }
  return split;
}

interface Window {
  start: number;
  sums: Map<string, { count: number; sum: number }>;
  /** Min and max per grid|key: widened as buckets grow; folded afresh only after hours leave the window. */
  extremes: Map<string, { min: number | null; max: number | null }>;
  extremesStale: boolean;
}

export class StatsAggregator {
  readonly #hours = new Map<number, Map<string, Agg>>();
  readonly #windows = new Map<WindowName, Window>();
  /** Bumped on every change, so a window's figures are built once per change, however many scopes ask. */
  #version = 0;
  readonly #built = new Map<WindowName, { version: number; aggs: ReadonlyMap<string, Agg> }>();
  /** The latest time the windows were moved to: they never move back. */
  #clock: number;

  constructor(now: Date) {
    this.#clock = now.getTime();
    for (const name of WINDOW_NAMES) this.#windows.set(name, { start: windowStart(name, now), sums: new Map(), extremes: new Map(), extremesStale: false });
  }

  /** The time the windows stand at (epoch ms). */
  get clock(): number {
    return this.#clock;
  }

  /** Sets buckets to the values read from the database; windows change by the difference. */
  apply(rows: Iterable<BucketRow>): void {
    for (const row of rows) {
      this.#version++;
      let hour = this.#hours.get(row.hour);
      if (!hour) this.#hours.set(row.hour, (hour = new Map()));
      const id = gridKey(row.grid, row.key);
      const before = hour.get(id) ?? emptyAgg();
      const dCount = row.count - before.count;
      const dSum = row.sum - before.sum;
      hour.set(id, { count: row.count, sum: row.sum, min: row.min, max: row.max });
      // A bucket's extremes only widen as rows are added; any narrowing means a fresh fold.
      const narrowed = (before.min !== null && (row.min === null || row.min > before.min)) || (before.max !== null && (row.max === null || row.max < before.max));
      for (const window of this.#windows.values()) {
        if (row.hour < window.start) continue;
        if (dCount !== 0 || dSum !== 0) addTo(window.sums, id, dCount, dSum);
        if (narrowed) window.extremesStale = true;
        else if (row.min !== null || row.max !== null) widen(window.extremes, id, row.min, row.max);
      }
    }
  }

  /** Whether every window starts where it would at `now` (the verifier compares only such windows). */
  standsAt(now: Date): boolean {
    for (const [name, window] of this.#windows) if (windowStart(name, now) !== window.start) return false;
    return true;
  }

  /** Whether advance(now) would move any window: a clock hour (or day, or month) has begun. */
  movesAt(now: Date): boolean {
    if (now.getTime() <= this.#clock) return false;
    for (const [name, window] of this.#windows) if (windowStart(name, now) !== window.start) return true;
    return false;
  }

  /**
   * Moves every window to `now`: hours that left a window are subtracted, hours no window needs are
   * dropped. A `now` before the clock is ignored (a caller that took its time earlier than another).
   */
  advance(now: Date): void {
    if (now.getTime() <= this.#clock) return;
    this.#clock = now.getTime();
    for (const [name, window] of this.#windows) {
      const start = windowStart(name, now);
      if (start === window.start) continue;
      for (const [hour, buckets] of this.#hours) {
        const wasIn = hour >= window.start;
        const isIn = hour >= start;
        if (wasIn === isIn) continue;
        const sign = isIn ? 1 : -1;
        for (const [id, agg] of buckets) addTo(window.sums, id, sign * agg.count, sign * agg.sum);
        window.extremesStale = true;
      }
      window.start = start;
      this.#version++;
    }
    const keepFrom = oldestNeeded(now);
    for (const hour of this.#hours.keys()) if (hour < keepFrom) this.#hours.delete(hour);
  }

  /** The window's aggregates per grid|key, with min and max for keys that have them (shared: do not change them). */
  window(name: WindowName): ReadonlyMap<string, Agg> {
    const built = this.#built.get(name);
    if (built?.version === this.#version) return built.aggs;
    const window = this.#windows.get(name)!;
    if (window.extremesStale) this.#refoldExtremes(window);
    const aggs = new Map<string, Agg>();
    for (const [id, { count, sum }] of window.sums) {
      if (count === 0 && sum === 0) continue;
      const extremes = window.extremes.get(id);
      aggs.set(id, { count, sum, min: extremes?.min ?? null, max: extremes?.max ?? null });
    }
    this.#built.set(name, { version: this.#version, aggs });
    return aggs;
  }

  #refoldExtremes(window: Window): void {
    window.extremes.clear();
    for (const [hour, buckets] of this.#hours) {
      if (hour < window.start) continue;
      for (const [id, agg] of buckets) if (agg.min !== null || agg.max !== null) widen(window.extremes, id, agg.min, agg.max);
    }
    window.extremesStale = false;
  }

  /** Buckets of one hour (for hourly charts). */
  hour(hour: number): ReadonlyMap<string, Agg> {
    return this.#hours.get(hour) ?? new Map();
  }

  /** How many buckets each grid has in the hours held (the verifier sizes its reads by it). */
  bucketsPerGrid(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const buckets of this.#hours.values()) {
      for (const id of buckets.keys()) {
        const grid = splitGridKey(id)[0];
        counts.set(grid, (counts.get(grid) ?? 0) + 1);
      }
    }
    return counts;
  }
}

function widen(extremes: Map<string, { min: number | null; max: number | null }>, id: string, min: number | null, max: number | null): void {
  const current = extremes.get(id);
  if (!current) {
    extremes.set(id, { min, max });
    return;
  }
  if (min !== null) current.min = current.min === null ? min : Math.min(current.min, min);
  if (max !== null) current.max = current.max === null ? max : Math.max(current.max, max);
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
