// The hub's statistics: an incremental aggregator fed from stat_buckets, plus the current state,
// brought up to date after each change by reading back only what changed: the buckets written
// since the last read (by any hub, see migration 007) and the parts of the state the write touched.
// Snapshots per scope come from memory; verify() recomputes everything from the raw rows and lists
// every difference.
import type { StatsSnapshot } from '../../contract/api.ts';
import type { Scope } from '../auth/principal.ts';
import type { Db } from '../db/index.ts';
import { StatsAggregator } from './aggregator.ts';
import { assemble, type TownshipRefs } from './assemble.ts';
import { aggregatorFrom, bucketsWrittenSince, rawBuckets, storedBuckets } from './raw.ts';
import { liveState, partsDueAt, rawState, STATE_PARTS, type LiveState, type StatePart } from './state.ts';
import { oldestNeeded } from './windows.ts';

export interface Mismatch { scope: string; path: string; live: unknown; raw: unknown }

export class StatsService {
  #aggregator: StatsAggregator;
  /** The database snapshot the buckets were last read in: the next read takes what was written since. */
  #bucketsSeen: string;
  #bucketsStale = false;
  #state: LiveState | null = null;
  #staleParts = new Set<StatePart>(STATE_PARTS);
  #refreshing: Promise<void> | null = null;

  private constructor(private readonly db: Db, private readonly refs: () => TownshipRefs, now: Date, bucketsSeen: string) {
    this.#aggregator = new StatsAggregator(now);
    this.#bucketsSeen = bucketsSeen;
  }

  static async start(db: Db, refs: () => TownshipRefs, now = new Date()): Promise<StatsService> {
    const stored = await storedBuckets(db, refs().code, new Date(oldestNeeded(now)));
    const service = new StatsService(db, refs, now, stored.snapshot);
    service.#aggregator.apply(stored.rows);
    return service;
  }

  /**
   * Something was written: before the next snapshot, the buckets written since the last read are read
   * back, and so are these parts of the state (all of them unless the writer says which it touched).
   */
  changed(parts: readonly StatePart[] = STATE_PARTS): void {
    this.#bucketsStale = true;
    for (const part of parts) this.#staleParts.add(part);
  }

  /** Whether the clock alone has changed figures since the last snapshot: a new hour, an event overdue, a patrol gone quiet. */
  changedByClock(now = new Date()): boolean {
    return this.#aggregator.movesAt(now) || (this.#state !== null && partsDueAt(this.#state, now).length > 0);
  }

  async #refresh(now: Date): Promise<void> {
    while (this.#refreshing) await this.#refreshing;
    if (this.#state) for (const part of partsDueAt(this.#state, now)) this.#staleParts.add(part);
    if (!this.#bucketsStale && this.#staleParts.size === 0) {
      this.#aggregator.advance(now);
      return;
    }
    const readBuckets = this.#bucketsStale;
    const parts = [...this.#staleParts];
    this.#bucketsStale = false;
    this.#staleParts.clear();
    this.#refreshing = (async () => {
      try {
        const code = this.refs().code;
        if (readBuckets) {
          const written = await bucketsWrittenSince(this.db, code, new Date(oldestNeeded(now)), this.#bucketsSeen);
          this.#aggregator.apply(written.rows);
          this.#bucketsSeen = written.snapshot;
        }
        this.#aggregator.advance(now);
        if (parts.length > 0) this.#state = await liveState(this.db, code, now, parts, this.#state);
      } catch (error) {
        this.#bucketsStale ||= readBuckets;
        for (const part of parts) this.#staleParts.add(part);
        throw error;
      }
    })();
    try {
      await this.#refreshing;
    } finally {
      this.#refreshing = null;
    }
  }

  async snapshot(scope: Scope, now = new Date()): Promise<StatsSnapshot> {
    await this.#refresh(now);
    return assemble({ aggregator: this.#aggregator, state: this.#state!.rows, now }, scope, this.refs());
  }

  /**
   * Every figure of every scope given, live against recomputed from the raw rows. Both sides are
   * read in one repeatable-read transaction, and the live aggregator is brought to exactly that
   * snapshot first (bucket values are set, not recounted: drift in its incremental window sums
   * would survive and show), so writes going on meanwhile cannot cause false alarms.
   */
  async verify(scopes: Scope[], now = new Date()): Promise<{ checked: number; mismatches: Mismatch[] }> {
    while (this.#refreshing) await this.#refreshing;
    let release!: () => void;
    this.#refreshing = new Promise<void>((resolve) => (release = resolve));
    try {
      const code = this.refs().code;
      const read = await this.db.tx(async (q) => {
        await q.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
        return {
          raw: await rawBuckets(q, code, now),
          stored: await storedBuckets(q, code, new Date(oldestNeeded(now))),
          rawState: await rawState(q, code, now),
          liveState: await liveState(q, code, now),
        };
      });
      this.#aggregator.advance(now);
      this.#aggregator.resetTo(read.stored.rows);
      const live = this.#aggregator;
      const recomputed = aggregatorFrom(read.raw, now);
      const mismatches: Mismatch[] = [];
      let checked = 0;
      for (const scope of scopes) {
        const a = assemble({ aggregator: live, state: read.liveState.rows, now }, scope, this.refs());
        const b = assemble({ aggregator: recomputed, state: read.rawState, now }, scope, this.refs());
        const name = scope.gridCode ?? scope.villageCode ?? scope.townshipCode;
        checked += compare(a, b, '', (path, x, y) => mismatches.push({ scope: name, path, live: x, raw: y }));
      }
      // The live side now stands exactly at the verifier's snapshot: what was written since is read next
      // (state parts named by writes meanwhile are still marked stale).
      this.#bucketsSeen = read.stored.snapshot;
      this.#bucketsStale = true;
      this.#state = read.liveState;
      return { checked, mismatches };
    } finally {
      this.#refreshing = null;
      release();
    }
  }
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
