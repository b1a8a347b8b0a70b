// The closed loop after acceptance: 受理 → 交办 → 处置 → 反馈 → 核查 → 办结 → 评价. Each step names the
// action allowed to take it; every step is logged on the event and in the audit trail.
import type { EventStatus } from '../../../contract/domain.ts';
import type { EventSummary } from '../../../contract/api.ts';
import { audit } from '../../audit.ts';
import { logFacts, type Fact } from '../../realtime/facts.ts';
import { bump, eventClosedBumps } from '../../stats/buckets.ts';
import { can, coversGrid, type Action } from '../../auth/permissions.ts';
import { actorName, type Principal } from '../../auth/principal.ts';
import type { Db } from '../../db/index.ts';
import { DomainError } from '../errors.ts';
import { taskSummary } from '../dispatch/tasks.ts';
import { eventSummary } from './summary.ts';
import type { Township } from '../township.ts';

type Target = Exclude<EventStatus, 'accepted'>;

/** Why a task still open when its event is closed was cancelled (shown to its party and on the board). */
const CLOSED_TASK_REASON = '事件已办结';

/** Allowed steps: from → to, and the permission each needs. Verification may send an event back to handling. */
export const TRANSITIONS: Record<Target, { from: EventStatus[]; action: Action }> = {
  assigned: { from: ['accepted'], action: 'events.assign' },
  handling: { from: ['assigned', 'verifying'], action: 'events.handle' },
  feedback: { from: ['handling'], action: 'events.handle' },
  verifying: { from: ['feedback'], action: 'events.verify' },
  closed: { from: ['verifying'], action: 'events.close' },
  evaluated: { from: ['closed'], action: 'events.close' },
};

export interface TransitionRequest {
  to: Target;
  note?: string;
  evaluation?: number;
}

export async function transitionEvent(db: Db, township: Township, principal: Principal, eventId: number, request: TransitionRequest, ip: string | null): Promise<EventSummary> {
  const step = TRANSITIONS[request.to];
  const actor = actorName(principal);
  return db.tx(async (q) => {
    const [event] = await q.query<{ id: number; number: string; status: EventStatus; grid_code: string; accepted_at: Date; deadline_at: Date }>(
      'SELECT id, number, status, grid_code, accepted_at, deadline_at FROM events WHERE id = $1 AND township_code = $2 FOR UPDATE',
      [eventId, township.code],
    );
    if (!event) throw new DomainError('not_found', `No event ${eventId}.`);
    const grid = township.grids.get(event.grid_code);
    if (!grid || !coversGrid(principal.scope, grid)) throw new DomainError('forbidden', 'This event lies outside the area you serve.');
    // A return from verification to handling is the verifier's call, not the handler's.
    const sendBack = request.to === 'handling' && event.status === 'verifying';
    if (!can(principal, sendBack ? 'events.verify' : step.action)) {
      throw new DomainError('forbidden', `Your role may not move an event to "${request.to}".`);
    }
    if (!step.from.includes(event.status)) {
      throw new DomainError('conflict', `Event ${event.number} is "${event.status}"; it can go to "${request.to}" only from ${step.from.map((s) => `"${s}"`).join(' or ')}.`);
    }
    if ((request.to === 'evaluated') !== (request.evaluation !== undefined)) {
      throw new DomainError('validation', 'An evaluation (1–5) is given exactly when the event is evaluated.', [{ path: 'evaluation', message: 'required with to: evaluated, and only then' }]);
    }
    const closedAt = request.to === 'closed' ? new Date() : null;
    await q.query(
      `UPDATE events SET status = $2, closed_at = coalesce($4, closed_at), evaluation = coalesce($3, evaluation) WHERE id = $1`,
      [event.id, request.to, request.evaluation ?? null, closedAt],
    );
    if (closedAt) {
      await bump(q, township.code, eventClosedBumps({ acceptedAt: event.accepted_at, closedAt, deadlineAt: event.deadline_at, grid: event.grid_code }));
    }
    // A closed event needs nobody any more: its tasks still open are cancelled, so their parties are
    // free for the next dispatch and the dispatch board lets them go.
    const cancelled = closedAt
      ? await q.query<{ id: number; party_name: string }>(
        `UPDATE tasks SET status = 'cancelled', status_at = now(), reason = $2 WHERE event_id = $1 AND status IN ('notified', 'accepted', 'arrived')
         RETURNING id, party_name`, [event.id, CLOSED_TASK_REASON])
      : [];
    for (const task of cancelled) {
      await q.query(`INSERT INTO event_log (event_id, actor, action, note) VALUES ($1, $2, 'task_cancelled', $3)`, [event.id, actor, `${task.party_name}: ${CLOSED_TASK_REASON}`]);
    }
    await q.query('INSERT INTO event_log (event_id, actor, action, from_status, to_status, note) VALUES ($1, $2, $3, $4, $5, $6)', [
      event.id, actor, sendBack ? 'send_back' : request.to, event.status, request.to, request.note ?? null,
    ]);
    await audit(q, { actor, action: `event.${request.to}`, target: `event:${event.number}`, detail: { from: event.status }, ip });
    const summary = (await eventSummary(q, event.id))!;
    const facts: Fact[] = [{ kind: 'event:updated', grid: event.grid_code, payload: summary }];
    for (const task of cancelled) facts.push({ kind: 'task:updated', grid: event.grid_code, payload: await taskSummary(q, task.id) });
    await logFacts(q, township.code, facts);
    return summary;
  });
}
