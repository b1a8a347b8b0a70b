// Linked dispatch: recommendations, one dispatch to several parties, and the tasks (routes in
// api/http/routes/dispatch.ts).
import type { EventSummary } from '../../../contract/api.ts';
import type { DispatchResult, Recommendation, TaskSummary } from '../../../contract/closedLoop.ts';
import type { DispatchInput, TaskTransitionInput } from '../../../contract/schemas.ts';
import { hub, post } from './client.ts';

/** TaskListQuery's ceiling: every open task of a township fits. */
const OPEN_TASKS_LIMIT = 5_000;

export const fetchRecommendation = (eventId: number, signal?: AbortSignal) => hub<Recommendation>(`/events/${eventId}/recommendations`, { signal });

export const dispatchEvent = (eventId: number, input: DispatchInput) => post<DispatchResult>(`/events/${eventId}/dispatch`, input);

export const fetchOpenTasks = (signal?: AbortSignal) => hub<{ tasks: TaskSummary[] }>('/tasks', { query: { open: true, limit: OPEN_TASKS_LIMIT }, signal });

export const transitionTask = (taskId: number, step: TaskTransitionInput) => post<{ task: TaskSummary; event: EventSummary }>(`/tasks/${taskId}/transition`, step);
