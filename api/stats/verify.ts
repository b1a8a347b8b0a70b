// The verifier: every figure of every scope, as the hub shows it to the walls, against the same
// figure recomputed from the raw rows (events, readings, points), never from stat_buckets.
//
// It must not stall the room while it works: on the embedded database a statement runs on the hub's
// own thread, and one transaction over every row of the window took seconds, with every push and
// write waiting behind it. So it reads a few grids at a time, each batch in a short read-only
// transaction that first brings the live aggregator to its snapshot (the buckets written since the
// hub's last read, as any refresh does) and then reads the raw rows of those grids. The two sides of
// those grids are copied aside at once, and between batches the hub goes on serving. What is
// compared is what the walls are shown (the running window sums, never reset), so drift in them,
// a missed read-back or a bucket that disagrees with its rows all show. The live state (open events,
// alarms, latest readings, patrols) is small and read in one snapshot at the end. Both sides are then
// assembled per scope and compared leaf by leaf.
import type { Scope } from '../auth/principal.ts';
import type { Db } from '../db/index.ts';
import { splitGridKey, type BucketRow, type StatsAggregator } from './aggregator.ts';
import { assemble, type Sources, type TownshipRefs } from './assemble.ts';
import { HOUR_MS, type Agg } from './keys.ts';
import { aggregatorFrom } from './raw.ts';
import { liveState, rawState } from './state.ts';
import { WINDOW_NAMES, type WindowName } from './windows.ts';
import { chinaDayStart } from '../domain/time.ts';

export interface Mismatch { scope: string; path: string; live: unknown; raw: unknown }
export interface Verification { checked: number; mismatches: Mismatch[] }

/**
 * Buckets read per transaction, about: some 40 ms of the embedded database's time (it recomputes
 * about 20k buckets a second from their rows), whatever the history. A grid with more is read alone.
 */
export const BUCKETS_PER_READ = 800;

/** What the statistics service lends the verifier. */
export interface LiveStatistics {
  /** Buckets held per grid, to size the reads. */
  bucketsPerGrid(now: Date): Promise<ReadonlyMap<string, number>>;
  /**
   * In one snapshot, the live aggregator brought to it and the raw rows of `grids`, handed to `use`
   * before anything else can change the aggregator. False when its windows no longer stand at `now`
   * (a clock hour began meanwhile).
   */
  withRawRows(grids: readonly string[], now: Date, use: (live: StatsAggregator, raw: BucketRow[]) => void): Promise<boolean>;
}

type Aggs = Map<string, Agg>;

/**
 * Window aggregates and today's hours gathered grid by grid, each grid's from its own moment: one side
 * of the comparison. Kept per grid, so that a scope's figures are assembled from its own grids only
 * (hundreds of scopes, each over every bucket, would be seconds of the hub's thread).
 */
export class GridwiseFigures {
  readonly #windows = new Map<WindowName, Map<string, Aggs>>(WINDOW_NAMES.map((name) => [name, new Map()]));
  readonly #hours = new Map<number, Map<string, Aggs>>();

  /** Copies what `from` holds for `grids`: every window, and the hours of today (the hourly chart). */
  take(from: Pick<StatsAggregator, 'window' | 'hour'>, grids: ReadonlySet<string>, now: Date): void {
    const put = (byGrid: Map<string, Aggs>, id: string, agg: Agg) => {
      const grid = splitGridKey(id)[0];
      if (!grids.has(grid)) return;
      let aggs = byGrid.get(grid);
      if (!aggs) byGrid.set(grid, (aggs = new Map()));
      aggs.set(id, { ...agg });
    };
    for (const name of WINDOW_NAMES) {
      const byGrid = this.#windows.get(name)!;
      for (const [id, agg] of from.window(name)) put(byGrid, id, agg);
    }
    const today = chinaDayStart(now).getTime();
    for (let hour = today; hour < today + 24 * HOUR_MS; hour += HOUR_MS) {
      let byGrid = this.#hours.get(hour);
      if (!byGrid) this.#hours.set(hour, (byGrid = new Map()));
      for (const [id, agg] of from.hour(hour)) if (agg.count > 0) put(byGrid, id, agg);
    }
  }

  /** The aggregates of `grids` only, as assemble() reads an aggregator. */
  of(grids: readonly string[]): Pick<Sources['aggregator'], 'window' | 'hour'> {
    const merge = (byGrid: Map<string, Aggs> | undefined): ReadonlyMap<string, Agg> => {
      const merged = new Map<string, Agg>();
      if (byGrid) for (const grid of grids) for (const [id, agg] of byGrid.get(grid) ?? []) merged.set(id, agg);
      return merged;
    };
    return { window: (name) => merge(this.#windows.get(name)), hour: (hour) => merge(this.#hours.get(hour)) };
  }
}

/** The grids a scope covers. */
function gridsOf(scope: Scope, refs: TownshipRefs): string[] {
  if (scope.gridCode) return [scope.gridCode];
  const all = [...refs.grids];
  return (scope.villageCode ? all.filter(([, g]) => g.villageCode === scope.villageCode) : all).map(([code]) => code);
}

/** Grids in batches of about `target` buckets, in the order given. */
export function batchGrids(grids: readonly string[], bucketsPerGrid: ReadonlyMap<string, number>, target = BUCKETS_PER_READ): string[][] {
  const batches: string[][] = [];
  let batch: string[] = [];
  let size = 0;
  for (const grid of grids) {
    const n = bucketsPerGrid.get(grid) ?? 0;
    if (batch.length > 0 && size + n > target) {
      batches.push(batch);
      batch = [];
      size = 0;
    }
    batch.push(grid);
    size += n;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/**
 * Between batches the verifier steps aside at least as long as its last batch took (and at least
 * MIN_PAUSE_MS): a write needs several turns of the database (its credential, its transaction, the
 * read-back and the push), and each would otherwise wait for a batch. So the verifier takes at most
 * half of the database's time, and a leader's check costs the walls a few tens of milliseconds.
 * (A timer, not setImmediate: an immediate can run before due timers and waiting I/O.)
 */
const MIN_PAUSE_MS = 10;
/** Longest stretch of the final comparison without a pause. */
const CPU_SLICE_MS = 20;
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(MIN_PAUSE_MS, ms)));

/** One pass at `now`; null when the live windows moved past `now` before it finished. */
export async function verifyOnce(db: Db, refs: TownshipRefs, scopes: Scope[], now: Date, live: LiveStatistics): Promise<Verification | null> {
  const shown = new GridwiseFigures();
  const recomputed = new GridwiseFigures();
  for (const batch of batchGrids([...refs.grids.keys()], await live.bucketsPerGrid(now))) {
    const these = new Set(batch);
    const started = performance.now();
    const inStep = await live.withRawRows(batch, now, (aggregator, raw) => {
      shown.take(aggregator, these, now);
      recomputed.take(aggregatorFrom(raw, now), these, now);
    });
    if (!inStep) return null;
    await pause(performance.now() - started);
  }
  const state = await db.tx(async (q) => {
    await q.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    return { live: await liveState(q, refs.code, now), raw: await rawState(q, refs.code, now) };
  });
  // Assembling hundreds of scopes twice is CPU work on the hub's thread: done in slices.
  const mismatches: Mismatch[] = [];
  let checked = 0;
  let slice = performance.now();
  for (const scope of scopes) {
    const grids = gridsOf(scope, refs);
    const a = assemble({ aggregator: shown.of(grids), state: state.live.rows, now }, scope, refs);
    const b = assemble({ aggregator: recomputed.of(grids), state: state.raw, now }, scope, refs);
    const name = scope.gridCode ?? scope.villageCode ?? scope.townshipCode;
    checked += compare(a, b, '', (path, x, y) => mismatches.push({ scope: name, path, live: x, raw: y }));
    if (performance.now() - slice > CPU_SLICE_MS) {
      await pause(performance.now() - slice);
      slice = performance.now();
    }
  }
  return { checked, mismatches };
}

/**
 * Means are rounded to 6 decimals (see assemble.ts) from sums that, kept running, differ from sums
 * added afresh in their last bits: a rounding may land one unit apart. Those leaves compare within
 * one unit of the 6th decimal; every count, total and extreme compares exactly.
 */
const ROUNDED_LEAVES = new Set(['mean', 'meanHours', 'onTimeRate']);
const ROUNDING_UNIT = 1.000001e-6;

/** Every leaf where two figures trees differ, by path. */
export function figureDifferences(a: unknown, b: unknown): { path: string; a: unknown; b: unknown }[] {
  const found: { path: string; a: unknown; b: unknown }[] = [];
  compare(a, b, '', (path, x, y) => found.push({ path, a: x, b: y }));
  return found;
}

/** Compares two figures trees; returns how many leaves were compared. */
function compare(a: unknown, b: unknown, path: string, report: (path: string, a: unknown, b: unknown) => void): number {
  if (typeof a === 'number' && typeof b === 'number') {
    const leaf = path.slice(path.lastIndexOf('.') + 1);
    const same = a === b || (ROUNDED_LEAVES.has(leaf) && Math.abs(a - b) <= ROUNDING_UNIT * Math.max(1, Math.abs(a)));
    if (!same) report(path, a, b);
    return 1;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    let n = 0;
    for (const key of keys) n += compare((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], path ? `${path}.${key}` : key, report);
    return n;
  }
  if (a !== b) report(path, a, b);
  return 1;
}
