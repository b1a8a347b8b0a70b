// Dispatch tasks: one per party of a dispatch (a department, a force, a grid worker). Each goes
// notified → accepted → arrived → done, or is refused with a reason; the room may cancel an open one.
// The event follows its tasks: to handling when the first is accepted, to feedback when every task
// that was not refused or cancelled is done. Every step is in the event's log, the audit trail and
// the fact log (task:updated, and event:updated when the event moved).
import type { EventSummary } from '../../../contract/api.ts';
import type { TaskParty, TaskPartyKind, TaskSummary } from '../../../contract/closedLoop.ts';
import { OPEN_TASK_STATUSES, type EventSource, type EventStatus, type TaskStatus } from '../../../contract/domain.ts';
import { audit } from '../../audit.ts';
import { can, coversGrid, IN_SCOPE_SQL, scopeParams } from '../../auth/permissions.ts';
import { actorName, type Principal, type Scope } from '../../auth/principal.ts';
import type { Db, Queryable } from '../../db/index.ts';
import { logFacts, type Fact } from '../../realtime/facts.ts';
import { DomainError } from '../errors.ts';
import { eventSummary } from '../events/summary.ts';
import type { Township } from '../township.ts';

export interface TaskRow {
  id: number;
  event_id: number;
  event_number: string;
  event_title: string;
  event_source: EventSource;
  grid_code: string;
  party_kind: TaskPartyKind;
  party_code: string;
  party_name: string;
  status: TaskStatus;
  instructions: string;
  created_at: Date;
  created_by: string;
  status_at: Date;
  due_at: Date;
  reason: string | null;
  feedback: string | null;
}

export const TASK_SELECT = `
  SELECT t.id, t.event_id, e.number AS event_number, e.title AS event_title, e.source AS event_source, e.grid_code, t.party_kind, t.party_code,
         t.party_name, t.status, t.instructions, t.created_at, t.created_by, t.status_at, t.due_at, t.reason, t.feedback
  FROM tasks t JOIN events e ON e.id = t.event_id`;

export function toTask(r: TaskRow): TaskSummary {
  return {
    id: r.id, eventId: r.event_id, eventNumber: r.event_number, eventTitle: r.event_title, eventSource: r.event_source, gridCode: r.grid_code,
    party: { kind: r.party_kind, code: r.party_code, name: r.party_name }, status: r.status, instructions: r.instructions,
    createdAt: r.created_at.toISOString(), createdBy: r.created_by, statusAt: r.status_at.toISOString(), dueAt: r.due_at.toISOString(),
    reason: r.reason, feedback: r.feedback,
  };
}

export async function taskSummary(q: Queryable, id: number): Promise<TaskSummary> {
  const [row] = await q.query<TaskRow>(`${TASK_SELECT} WHERE t.id = $1`, [id]);
  return toTask(row!);
}

export async function tasksOfEvent(q: Queryable, eventId: number): Promise<TaskSummary[]> {
  return (await q.query<TaskRow>(`${TASK_SELECT} WHERE t.event_id = $1 ORDER BY t.id`, [eventId])).map(toTask);
}

/** Tasks in the caller's scope (by the event's grid), open ones or all, newest first. */
export async function listTasks(q: Queryable, scope: Scope, options: { openOnly: boolean; eventId?: number; limit: number }): Promise<TaskSummary[]> {
  const rows = await q.query<TaskRow>(
    `${TASK_SELECT} JOIN grids g ON g.code = e.grid_code JOIN villages v ON v.code = g.village_code
     WHERE ${IN_SCOPE_SQL} AND ($4::boolean IS FALSE OR t.status IN ('notified', 'accepted', 'arrived'))
       AND ($5::bigint IS NULL OR t.event_id = $5)
     ORDER BY t.created_at DESC, t.id DESC LIMIT $6`,
    [...scopeParams(scope), options.openOnly, options.eventId ?? null, options.limit],
  );
  return rows.map(toTask);
}

/** Steps a task may take: from → to. Cancelling is the room's (leader, duty officer), not the party's. */
const STEPS: Record<Exclude<TaskStatus, 'notified'>, readonly TaskStatus[]> = {
  accepted: ['notified'],
  refused: ['notified'],
  arrived: ['accepted'],
  done: ['accepted', 'arrived'],
  cancelled: ['notified', 'accepted', 'arrived'],
};

export interface TaskStep { to: Exclude<TaskStatus, 'notified'>; reason?: string; feedback?: string }

/**
 * Who answers a task: its own grid worker (an account linked to that worker), a field app with the
 * `tasks` scope (departments' and forces' apps), or the room on a party's behalf (it phoned them).
 */
function mayAnswer(principal: Principal, party: TaskParty, to: TaskStep['to']): boolean {
  if (!can(principal, 'tasks.answer')) return false;
  if (principal.kind === 'integration') return to !== 'cancelled';
  if (principal.kind !== 'user') return false;
  if (principal.role === 'leader' || principal.role === 'duty_officer') return true;
  return to !== 'cancelled' && party.kind === 'worker' && principal.workerCode === party.code;
}

export async function transitionTask(db: Db, township: Township, principal: Principal, taskId: number, step: TaskStep, ip: string | null): Promise<{ task: TaskSummary; event: EventSummary }> {
  const actor = actorName(principal);
  return db.tx(async (q) => {
    const [found] = await q.query<{ event_id: number }>(
      'SELECT t.event_id FROM tasks t JOIN events e ON e.id = t.event_id WHERE t.id = $1 AND e.township_code = $2', [taskId, township.code]);
    if (!found) throw new DomainError('not_found', `No task ${taskId}.`);
    // The event first, then the task: the order a dispatch and the event's own steps lock in, so two
    // writers never wait on each other in a circle (a task never moves to another event).
    const [event] = await q.query<{ id: number; number: string; status: EventStatus; grid_code: string }>(
      'SELECT id, number, status, grid_code FROM events WHERE id = $1 FOR UPDATE', [found.event_id]);
    const [task] = await q.query<{ id: number; event_id: number; status: TaskStatus; party_kind: TaskPartyKind; party_code: string; party_name: string }>(
      'SELECT id, event_id, status, party_kind, party_code, party_name FROM tasks WHERE id = $1 FOR UPDATE', [taskId]);
    if (!task) throw new DomainError('not_found', `No task ${taskId}.`);
    const grid = township.grids.get(event!.grid_code)!;
    const party: TaskParty = { kind: task.party_kind, code: task.party_code, name: task.party_name };
    if (!coversGrid(principal.scope, grid) || !mayAnswer(principal, party, step.to)) {
      throw new DomainError('forbidden', step.to === 'cancelled'
        ? 'Only the duty room (leader, duty officer) cancels a task.'
        : `Task ${task.id} is ${party.name}'s; only they, their field app or the duty room answer it.`);
    }
    if (!STEPS[step.to].includes(task.status)) {
      throw new DomainError('conflict', `Task ${task.id} is "${task.status}"; it can become "${step.to}" only from ${STEPS[step.to].map((s) => `"${s}"`).join(' or ')}.`);
    }
    const stamp = step.to === 'accepted' ? 'accepted_at' : step.to === 'arrived' ? 'arrived_at' : step.to === 'done' ? 'done_at' : null;
    await q.query(
      `UPDATE tasks SET status = $2, status_at = now(), reason = coalesce($3, reason), feedback = coalesce($4, feedback)
         ${stamp ? `, ${stamp} = now()` : ''} WHERE id = $1`,
      [task.id, step.to, step.reason ?? null, step.feedback ?? null],
    );
    const note = [party.name, step.reason, step.feedback].filter(Boolean).join(': ');
    await q.query(`INSERT INTO event_log (event_id, actor, action, note) VALUES ($1, $2, $3, $4)`, [event!.id, actor, `task_${step.to}`, note]);
    await audit(q, { actor, action: `task.${step.to}`, target: `event:${event!.number}`, detail: { task: task.id, party, reason: step.reason ?? null }, ip });

    const moved = await followTasks(q, event!, actor, ip);
    const summary = await taskSummary(q, task.id);
    const eventNow = (await eventSummary(q, event!.id))!;
    const facts: Fact[] = [{ kind: 'task:updated', grid: event!.grid_code, payload: summary }];
    if (moved) facts.push({ kind: 'event:updated', grid: event!.grid_code, payload: eventNow });
    await logFacts(q, township.code, facts);
    return { task: summary, event: eventNow };
  });
}

/** Moves the event as its tasks say: handling once one is accepted, feedback once all live ones are done. */
export async function followTasks(q: Queryable, event: { id: number; number: string; status: EventStatus }, actor: string, ip: string | null): Promise<boolean> {
  const [counts] = await q.query<{ live: number; accepted: number; done: number }>(
    `SELECT count(*) FILTER (WHERE status NOT IN ('refused', 'cancelled')) AS live,
            count(*) FILTER (WHERE status IN ('accepted', 'arrived', 'done')) AS accepted,
            count(*) FILTER (WHERE status = 'done') AS done
     FROM tasks WHERE event_id = $1`, [event.id]);
  let to: EventStatus | null = null;
  if (event.status === 'assigned' && counts!.accepted > 0) to = counts!.done === counts!.live ? 'feedback' : 'handling';
  else if (event.status === 'handling' && counts!.live > 0 && counts!.done === counts!.live) to = 'feedback';
  if (!to) return false;
  const path: EventStatus[] = event.status === 'assigned' && to === 'feedback' ? ['handling', 'feedback'] : [to];
  let from = event.status;
  for (const next of path) {
    await q.query(`INSERT INTO event_log (event_id, actor, action, from_status, to_status, note) VALUES ($1, $2, $3, $4, $5, $6)`,
      [event.id, actor, next, from, next, next === 'handling' ? 'a task was accepted' : 'every task is done']);
    await audit(q, { actor, action: `event.${next}`, target: `event:${event.number}`, detail: { from, by: 'tasks' }, ip });
    from = next;
  }
  await q.query('UPDATE events SET status = $2 WHERE id = $1', [event.id, to]);
  return true;
}

export const isOpenTask = (status: TaskStatus) => OPEN_TASK_STATUSES.includes(status);
