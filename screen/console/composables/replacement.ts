// A refused task (a force or a grid worker said no) is replaced by the next nearest: the hub's
// recommendation no longer offers anyone who refused this event or already has a task of it, so its
// first candidate of the refused force's kind (or its first worker) is the one to send. Pure
// functions; the page asks before it sends.
import type { ForceKind } from '../../../contract/domain.ts';
import type { ForceCandidate, Recommendation, TaskSummary, WorkerCandidate } from '../../../contract/closedLoop.ts';

/**
 * Refused tasks of forces and workers that nothing has replaced yet: no task of the same kind of
 * party was created for the event at or after the refusal.
 */
export function unreplacedRefusals(tasks: readonly TaskSummary[]): TaskSummary[] {
  return tasks.filter((task) => task.status === 'refused' && task.party.kind !== 'department' &&
    !tasks.some((later) => later.id !== task.id && later.party.kind === task.party.kind && Date.parse(later.createdAt) >= Date.parse(task.statusAt)));
}

export type Replacement =
  | { kind: 'force'; candidate: ForceCandidate }
  | { kind: 'worker'; candidate: WorkerCandidate };

/**
 * Who replaces `refused`: the nearest free force of its kind (`kindOf` names the kind of a force
 * code, from the forces layer), or the nearest worker; null when the recommendation has nobody.
 */
export function nextNearest(refused: TaskSummary, recommendation: Recommendation, kindOf: (code: string) => ForceKind | undefined): Replacement | null {
  if (refused.party.kind === 'worker') {
    const worker = recommendation.workers[0];
    return worker ? { kind: 'worker', candidate: worker } : null;
  }
  if (refused.party.kind !== 'force') return null;
  const kind = kindOf(refused.party.code);
  const force = recommendation.lines.find((line) => line.kind === kind)?.candidates[0];
  return force ? { kind: 'force', candidate: force } : null;
}
