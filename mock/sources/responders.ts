// The field: departments, response forces and grid workers answering their dispatch tasks through
// the hub's API, as their field apps do (an integration key with the `tasks` scope). Each task gets
// its pace when first seen: accepted after a few minutes (now and then refused, with a reason),
// arrived after the trip, done after the work. Times are simulated seconds.
import type { TaskSummary } from '../../contract/closedLoop.ts';
import type { TaskTransitionInput } from '../../contract/schemas.ts';
import type { Random } from '../../gis-data/scripts/random.ts';
import type { HubClient, PostFailure } from '../hubClient.ts';

export const RESPONDER_PACE = {
  refuseChance: 0.06,
  acceptAfterS: [60, 600],
  arriveAfterS: [300, 1800],
  workS: [600, 5400],
} as const;

const REFUSALS = ['车辆故障，无法出动', '人员已派往别处', '不在辖区，建议改派', '设备检修中'];
const FEEDBACK = ['已到场处置完毕', '隐患已排除，现场已恢复', '已协调相关方处理，群众满意', '已处置并拍照留档'];

interface Plan { acceptAt: number; refuse: boolean; arriveAt: number; doneAt: number }

export class Responders {
  readonly #plans = new Map<number, Plan>();

  constructor(private readonly rng: Random, private readonly client: HubClient, private readonly onFailure: (what: string, failure: PostFailure) => void,
    private readonly refuseChance: number = RESPONDER_PACE.refuseChance, private readonly leaveEvacuation = false) {}

  /** Answers what is due on the open tasks at `clock` (simulated seconds); returns how many answers were sent. */
  async tick(clock: number): Promise<number> {
    const { tasks } = await this.client.get<{ tasks: TaskSummary[] }>('/tasks?open=true&limit=5000');
    const open = new Set(tasks.map((t) => t.id));
    for (const id of this.#plans.keys()) if (!open.has(id)) this.#plans.delete(id);
    let sent = 0;
    for (const task of tasks) {
      // The room's evacuation tasks, when a scenario answers them as their field apps.
      if (this.leaveEvacuation && task.eventSource === 'emergency_command') continue;
      const plan = this.#planFor(task.id, clock);
      const step = this.#due(task, plan, clock);
      if (!step) continue;
      const result = await this.client.post(`/tasks/${task.id}/transition`, step);
      // 409: the room moved it meanwhile (cancelled it, say); the next look sees where it stands.
      if (!result.ok && result.status !== 409) this.onFailure(`task ${task.id} → ${step.to}`, result);
      if (result.ok) sent += 1;
    }
    return sent;
  }

  #planFor(id: number, clock: number): Plan {
    let plan = this.#plans.get(id);
    if (!plan) {
      const acceptAt = clock + this.rng.float(...RESPONDER_PACE.acceptAfterS);
      const arriveAt = acceptAt + this.rng.float(...RESPONDER_PACE.arriveAfterS);
      plan = { acceptAt, refuse: this.rng.chance(this.refuseChance), arriveAt, doneAt: arriveAt + this.rng.float(...RESPONDER_PACE.workS) };
      this.#plans.set(id, plan);
    }
    return plan;
  }

  #due(task: TaskSummary, plan: Plan, clock: number): TaskTransitionInput | null {
    if (task.status === 'notified' && clock >= plan.acceptAt) {
      return plan.refuse ? { to: 'refused', reason: this.rng.pick(REFUSALS) } : { to: 'accepted' };
    }
    // A department sends someone, but its task has no trip of its own to report.
    if (task.status === 'accepted' && task.party.kind !== 'department' && clock >= plan.arriveAt) return { to: 'arrived' };
    if ((task.status === 'arrived' || (task.status === 'accepted' && task.party.kind === 'department')) && clock >= plan.doneAt) {
      return { to: 'done', feedback: this.rng.pick(FEEDBACK) };
    }
    return null;
  }
}
