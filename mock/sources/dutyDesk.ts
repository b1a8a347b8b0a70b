// The simulated duty desk: a duty officer and a leader working the events the simulator itself
// reported, through the hub's API with their own sign-ins, as people at the console would. A new
// event is dispatched after a few minutes, taking the recommendation (the run card's nearest forces,
// the responsible department, a grid worker of the event's grid); a refused force is replaced by
// the next nearest; an event fed back is verified, closed and evaluated. Events reported by others
// (a person taking a call in the console) are left to the people in the room.
import type { EventSummary } from '../../contract/api.ts';
import type { ForceKind } from '../../contract/domain.ts';
import type { DispatchInput } from '../../contract/schemas.ts';
import type { Recommendation, TaskSummary } from '../../contract/closedLoop.ts';
import type { Random } from '../../gis-data/scripts/random.ts';
import type { HubClient, PostFailure } from '../hubClient.ts';

export const DESK_PACE = {
  dispatchAfterS: [60, 300],
  verifyAfterS: [300, 1200],
  closeAfterS: [60, 600],
  evaluateAfterS: [600, 3600],
  /** Minutes a task is given, at most (never past the event's deadline when that is sooner). */
  taskMinutes: 120,
} as const;

type Due = { at: number };

export class DutyDesk {
  /** Events this simulator reported: the desk works these only. */
  readonly #ours = new Set<number>();
  readonly #due = new Map<string, Due>();
  /** Refused tasks already replaced: task id → its event (forgotten with the event). Kept apart from #due, whose keys end in event ids. */
  readonly #replaced = new Map<number, number>();
  /** The kind of each force it sent, to replace a refusal with the next of the same kind. */
  readonly #kinds = new Map<string, ForceKind>();

  constructor(
    private readonly rng: Random,
    private readonly duty: HubClient,
    private readonly leader: HubClient,
    private readonly onFailure: (what: string, failure: PostFailure) => void,
  ) {}

  /** The simulator reported this event (new, not linked to another). */
  adopt(eventId: number): void {
    this.#ours.add(eventId);
  }

  /** Works what is due at `clock` (simulated seconds); returns how many actions it took. */
  async tick(clock: number): Promise<number> {
    if (this.#ours.size === 0) return 0;
    const { events } = await this.duty.get<{ events: EventSummary[] }>('/events?open=true&limit=10000');
    const open = new Map(events.filter((e) => this.#ours.has(e.id)).map((e) => [e.id, e]));
    for (const id of this.#ours) if (!open.has(id) && this.#wasSeen(id) && !this.#due.has(`evaluate:${id}`)) this.#forget(id);
    // Refusals of the forces it sent, not yet replaced: from the recent tasks, in one request.
    const { tasks } = await this.duty.get<{ tasks: TaskSummary[] }>('/tasks?limit=2000');
    const refused = new Map<number, TaskSummary[]>();
    for (const t of tasks) {
      if (t.status !== 'refused' || t.party.kind !== 'force' || this.#replaced.has(t.id) || !open.has(t.eventId)) continue;
      refused.set(t.eventId, [...(refused.get(t.eventId) ?? []), t]);
    }
    let actions = 0;
    for (const event of open.values()) {
      if (await this.#work(event, clock, refused.get(event.id) ?? [])) actions += 1;
    }
    // Closed events wait for their evaluation; they no longer show among the open ones.
    for (const key of [...this.#due.keys()].filter((k) => k.startsWith('evaluate:'))) {
      const id = Number(key.slice('evaluate:'.length));
      if (this.#ripe(key, clock, DESK_PACE.evaluateAfterS)) {
        await this.#step(this.leader, id, { to: 'evaluated', evaluation: this.rng.int(3, 5), note: '群众满意' });
        this.#forget(id);
        actions += 1;
      }
    }
    return actions;
  }

  async #work(event: EventSummary, clock: number, refused: TaskSummary[]): Promise<boolean> {
    if (event.status === 'accepted' && this.#ripe(`dispatch:${event.id}`, clock, DESK_PACE.dispatchAfterS)) return this.#dispatch(event);
    if ((event.status === 'assigned' || event.status === 'handling') && refused.length > 0) return this.#replaceRefused(event, refused);
    if (event.status === 'feedback' && this.#ripe(`verify:${event.id}`, clock, DESK_PACE.verifyAfterS)) {
      return this.#step(this.duty, event.id, { to: 'verifying', note: '电话回访核实' });
    }
    if (event.status === 'verifying' && this.#ripe(`close:${event.id}`, clock, DESK_PACE.closeAfterS)) {
      const closed = await this.#step(this.leader, event.id, { to: 'closed', note: '同意办结' });
      if (closed) this.#due.set(`evaluate:${event.id}`, { at: clock + this.rng.float(...DESK_PACE.evaluateAfterS) });
      return closed;
    }
    return false;
  }

  /** Takes the recommendation: each run-card line's nearest forces, the department, one grid worker. */
  async #dispatch(event: EventSummary): Promise<boolean> {
    const rec = await this.duty.get<Recommendation>(`/events/${event.id}/recommendations`);
    const minutes = this.#taskMinutes(event);
    const tasks: DispatchInput['tasks'] = [];
    for (const line of rec.lines) {
      for (const c of line.candidates.slice(0, line.count)) {
        this.#kinds.set(c.code, line.kind);
        tasks.push({ party: { kind: 'force', code: c.code }, instructions: '立即出动', dueMinutes: minutes });
      }
    }
    if (rec.department) tasks.push({ party: { kind: 'department', code: rec.department.code }, instructions: '牵头处置并反馈', dueMinutes: minutes });
    const worker = rec.workers.find((w) => w.ownGrid && !w.busy) ?? rec.workers.find((w) => !w.busy);
    if (worker) tasks.push({ party: { kind: 'worker', code: worker.code }, instructions: '到场核实，协助处置', dueMinutes: minutes });
    if (tasks.length === 0) return false;
    const result = await this.duty.post(`/events/${event.id}/dispatch`, { tasks, note: '按预案派遣' });
    if (!result.ok && result.status !== 409) this.onFailure(`dispatch of event ${event.id}`, result);
    return result.ok;
  }

  /** A force that refused is replaced by the next nearest of its kind (once per refusal). */
  async #replaceRefused(event: EventSummary, refused: TaskSummary[]): Promise<boolean> {
    const rec = await this.duty.get<Recommendation>(`/events/${event.id}/recommendations`);
    const tasks: DispatchInput['tasks'] = [];
    for (const task of refused) {
      this.#replaced.set(task.id, task.eventId);
      const line = rec.lines.find((l) => l.kind === this.#kinds.get(task.party.code));
      const next = line?.candidates.find((c) => !tasks.some((t) => t.party.code === c.code));
      if (!next || !line) continue;
      this.#kinds.set(next.code, line.kind);
      tasks.push({ party: { kind: 'force', code: next.code }, instructions: '改派：原力量无法出动', dueMinutes: this.#taskMinutes(event) });
    }
    if (tasks.length === 0) return false;
    const result = await this.duty.post(`/events/${event.id}/dispatch`, { tasks, note: '改派' });
    if (!result.ok && result.status !== 409) this.onFailure(`re-dispatch of event ${event.id}`, result);
    return result.ok;
  }

  async #step(client: HubClient, eventId: number, body: { to: string; note?: string; evaluation?: number }): Promise<boolean> {
    const result = await client.post(`/events/${eventId}/transition`, body);
    if (!result.ok && result.status !== 409) this.onFailure(`event ${eventId} → ${body.to}`, result);
    return result.ok;
  }

  #taskMinutes(event: EventSummary): number {
    const left = Math.floor((Date.parse(event.deadlineAt) - Date.now()) / 60_000);
    return Math.max(5, Math.min(DESK_PACE.taskMinutes, left));
  }

  /** Whether the step named `key` is due: its time is drawn when first asked. */
  #ripe(key: string, clock: number, after: readonly [number, number]): boolean {
    let due = this.#due.get(key);
    if (!due) this.#due.set(key, (due = { at: clock + this.rng.float(...after) }));
    return clock >= due.at;
  }

  #wasSeen(id: number): boolean {
    return [...this.#due.keys()].some((k) => k.endsWith(`:${id}`));
  }

  #forget(id: number): void {
    this.#ours.delete(id);
    for (const key of [...this.#due.keys()]) if (key.endsWith(`:${id}`) && !key.startsWith('evaluate:')) this.#due.delete(key);
    this.#due.delete(`evaluate:${id}`);
    for (const [task, event] of this.#replaced) if (event === id) this.#replaced.delete(task);
  }
}
