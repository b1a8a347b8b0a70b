// Pushes fresh statistics of one scope after changes. Bursts are coalesced: at most one push per
// window, and a change during a push schedules one more, so the last push always shows the final state.
import type { StatsSnapshot } from '../../contract/api.ts';
import type { Scope } from '../auth/principal.ts';
import type { Logger } from '../log.ts';
import type { StatsService } from '../stats/service.ts';

export class StatsPublisher {
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  #dirtyAgain = false;
  #closed = false;

  constructor(
    private readonly stats: StatsService,
    readonly scope: Scope,
    private readonly windowMs: number,
    private readonly publish: (snapshot: StatsSnapshot) => void,
    private readonly log: Logger,
  ) {}

  snapshot(): Promise<StatsSnapshot> {
    return this.stats.snapshot(this.scope);
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
