// Pushes the figures of one scope as deltas after changes. Bursts are coalesced: at most one push
// per window, and a change during a push schedules one more, so the last push always shows the
// final state. Each push names the version it applies to; a screen on another version asks for a
// snapshot instead.
import type { StatsDelta, StatsSnapshot } from '../../contract/api.ts';
import { diff, isEmpty, type FigureTree } from '../../contract/statsDelta.ts';
import type { Scope } from '../auth/principal.ts';
import type { Logger } from '../log.ts';
import type { StatsService } from '../stats/service.ts';

/** Top-level leaves that change on every push by themselves and carry no news. */
const IGNORED_LEAVES = ['generatedAt'] as const;

export class StatsPublisher {
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  #dirtyAgain = false;
  #closed = false;
  #current: { snapshot: StatsSnapshot; version: number } | null = null;
  /** Figures changed while nobody watched this scope: the next screen gets them computed afresh. */
  #stale = false;
  /** current() and a push both read and replace #current: they take turns, or a slow push could put back older figures. */
  #turn: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly stats: StatsService,
    readonly scope: Scope,
    private readonly windowMs: number,
    private readonly publish: (delta: StatsDelta) => void,
    private readonly log: Logger,
  ) {}

  /** The figures last pushed and their version: what a new screen starts from before the next delta. */
  current(): Promise<{ snapshot: StatsSnapshot; version: number }> {
    return this.#inTurn(async () => {
      if (!this.#current || this.#stale) {
        this.#stale = false;
        const version = (this.#current?.version ?? 0) + 1;
        this.#current = { snapshot: await this.stats.snapshot(this.scope), version };
      }
      return this.#current;
    });
  }

  #inTurn<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#turn.then(work);
    this.#turn = result.catch(() => undefined);
    return result;
  }

  /** Figures changed but no screen of this scope is connected: recompute only when one comes. */
  markStale(): void {
    this.#stale = true;
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
    this.#running = this.#inTurn(async () => {
      if (!this.#current) return; // nobody has been sent figures yet: nothing to update
      const before = this.#current;
      const snapshot = await this.stats.snapshot(this.scope);
      const changes = diff(before.snapshot as unknown as FigureTree, snapshot as unknown as FigureTree);
      for (const leaf of IGNORED_LEAVES) delete changes.changed[leaf];
      if (isEmpty(changes) || this.#closed) return;
      this.#current = { snapshot, version: before.version + 1 };
      this.publish({ base: before.version, version: before.version + 1, ...changes });
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
