// The hub's statistics: an incremental aggregator fed from stat_buckets, plus the current state,
// brought up to date after each change by reading back only what changed: the buckets written
// since the last read (by any hub, see migration 007) and the parts of the state the write touched.
// Snapshots per scope come from memory; verify() recomputes everything from the raw rows and lists
// every difference.
import type { StatsSnapshot } from '../../contract/api.ts';
import type { Scope } from '../auth/principal.ts';
import type { Db, Queryable } from '../db/index.ts';
import { StatsAggregator, type BucketRow } from './aggregator.ts';
import { assemble, type TownshipRefs } from './assemble.ts';
import { bucketsWrittenSince, rawBuckets, storedBuckets } from './raw.ts';
import { liveState, partsDueAt, STATE_PARTS, type LiveState, type StatePart } from './state.ts';
import { verifyOnce, type LiveStatistics, type Verification } from './verify.ts';
import { oldestNeeded } from './windows.ts';

export type { Mismatch } from './verify.ts';
export { figureDifferences } from './verify.ts';

/** Passes of verify() begun before a clock hour gets in the way every time. */
const VERIFY_ATTEMPTS = 3;

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

  /** Runs `work` alone: reads and changes of the aggregator and the state take turns. */
  async #exclusive<T>(work: () => Promise<T>): Promise<T> {
    while (this.#refreshing) await this.#refreshing;
    const run = work();
    this.#refreshing = run.then(() => undefined, () => undefined);
    try {
      return await run;
    } finally {
      this.#refreshing = null;
    }
  }

  /** The buckets written since the last read, read with `q` and applied (in the caller's turn). */
  async #readBackBuckets(q: Queryable, now: Date): Promise<void> {
    const written = await bucketsWrittenSince(q, this.refs().code, new Date(oldestNeeded(now)), this.#bucketsSeen);
    this.#aggregator.apply(written.rows);
    this.#bucketsSeen = written.snapshot;
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
    await this.#exclusive(async () => {
      try {
        if (readBuckets) await this.#readBackBuckets(this.db, now);
        this.#aggregator.advance(now);
        if (parts.length > 0) this.#state = await liveState(this.db, this.refs().code, now, parts, this.#state);
      } catch (error) {
        this.#bucketsStale ||= readBuckets;
        for (const part of parts) this.#staleParts.add(part);
        throw error;
      }
    });
  }

  async snapshot(scope: Scope, now = new Date()): Promise<StatsSnapshot> {
    await this.#refresh(now);
    return assemble({ aggregator: this.#aggregator, state: this.#state!.rows, now }, scope, this.refs());
  }

  /**
   * Every figure of every scope given, as the walls are shown it, against the same figure recomputed
   * from the raw rows (see verify.ts): a few grids at a time, so the walls keep their pushes while it
   * runs. Starts over when a clock hour begins meanwhile (the windows moved), at most a few times.
   */
  async verify(scopes: Scope[], now?: Date): Promise<Verification> {
    let at = now ?? new Date();
    const live: LiveStatistics = {
      // Read back first, so the batches are sized by every bucket written so far.
      bucketsPerGrid: (when) => this.#exclusive(async () => {
        await this.#readBackBuckets(this.db, when);
        return this.#aggregator.bucketsPerGrid();
      }),
      withRawRows: (grids, when, use) => this.#withRawRows(grids, when, use),
    };
    for (let attempt = 0; attempt < VERIFY_ATTEMPTS; attempt++) {
      const result = await verifyOnce(this.db, this.refs(), scopes, at, live);
      if (result) return result;
      at = new Date(Math.max(Date.now(), this.#aggregator.clock));
    }
    throw new Error(`verify: the statistics windows moved on ${VERIFY_ATTEMPTS} times while verifying; try again.`);
  }

  /**
   * In its turn and in one read-only snapshot: the buckets written since the last read are read back
   * (the live aggregator then stands at that snapshot) and the raw rows of `grids` are read; both go
   * to `use` before anything else may change the aggregator. False when its windows do not stand at `now`.
   */
  #withRawRows(grids: readonly string[], now: Date, use: (live: StatsAggregator, raw: BucketRow[]) => void): Promise<boolean> {
    return this.#exclusive(async () => {
      const raw = await this.db.tx(async (q) => {
        await q.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
        await this.#readBackBuckets(q, now);
        return rawBuckets(q, this.refs().code, now, grids);
      });
      this.#aggregator.advance(now);
      if (!this.#aggregator.standsAt(now)) return false;
      use(this.#aggregator, raw);
      return true;
    });
  }
}
