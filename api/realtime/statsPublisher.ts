// Pushes fresh statistics after changes. Bursts are coalesced: at most one computation per window,
// and a change during a computation schedules one more, so the last push always shows the final state.
import type { StatsSnapshot } from '../../contract/api.ts';
import type { Scope } from '../auth/principal.ts';
import type { Db } from '../db/index.ts';
import { computeSnapshot } from '../domain/stats.ts';
import type { Logger } from '../log.ts';

export class StatsPublisher {
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  #dirtyAgain = false;
  #closed = false;

  constructor(
    private readonly db: Db,
    readonly scope: Scope,
    private readonly windowMs: number,
    private readonly publish: (snapshot: StatsSnapshot) => void,
    private readonly log: Logger,
  ) {}

  /** A consistent snapshot of the figures as of now, read in one repeatable-read transaction. */
  snapshot(): Promise<StatsSnapshot> {
    return this.db.tx(async (q) => {
      await q.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      return computeSnapshot(q, this.scope);
    });
  }

  /** Marks the figures stale; a push follows within the coalescing window. */
  invalidate(): void {
    if (this.#closed) return;
    if (this.#running) {
      this.#dirtyAgain = true;
      return;
    }
    this.#timer ??= setTimeout(() => this.#run(), this.windowMs);
  }

  #run(): void {
    this.#timer = null;
    this.#running = this.snapshot()
      .then((snapshot) => {
        if (!this.#closed) this.publish(snapshot);
      })
      .catch((error: unknown) => this.log.error({ err: error }, 'statistics push failed'))
      .finally(() => {
        this.#running = null;
        if (this.#dirtyAgain) {
          this.#dirtyAgain = false;
          this.invalidate();
        }
      });
  }

  /** Stops pushing and waits for a computation in flight, so the database can close after it. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#running;
  }
}
