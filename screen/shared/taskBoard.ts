// The order of a dispatch board (派遣看板), the wall's and the console's alike: what the room must
// chase is on top. A task falls late only at its due time, so the order holds between clock ticks.
import type { TaskSummary } from '../../contract/closedLoop.ts';

export const isLate = (task: Pick<TaskSummary, 'dueAt'>, now: number) => Date.parse(task.dueAt) < now;

/** Late first, then the earliest due, then the oldest. */
export function boardOrder(tasks: Iterable<TaskSummary>, now: number): TaskSummary[] {
  return [...tasks].sort((a, b) => Number(isLate(b, now)) - Number(isLate(a, now)) || Date.parse(a.dueAt) - Date.parse(b.dueAt) || a.id - b.id);
}
