// The wall's dispatch board (派遣看板): the open tasks, kept from the hub's list and the pushes after
// it. Pure functions: useHub holds the state, TaskBoard orders it by the clock.
import type { TaskSummary } from '../../../contract/closedLoop.ts';
import { OPEN_TASK_STATUSES } from '../../../contract/domain.ts';

/** Open tasks the wall asks for: the hub's default page, far more than a township has open at once. */
export const OPEN_TASKS_LIMIT = 1000;

/** The board after one pushed task: a done, refused or cancelled task leaves it, any other takes its place in it. */
export function applyTask(list: readonly TaskSummary[], task: TaskSummary): TaskSummary[] {
  const others = list.filter((t) => t.id !== task.id);
  return OPEN_TASK_STATUSES.includes(task.status) ? [...others, task] : others;
}

/** Open tasks only, one per id (the later copy wins). */
export function openOnly(tasks: readonly TaskSummary[]): TaskSummary[] {
  return tasks.reduce<TaskSummary[]>(applyTask, []);
}
