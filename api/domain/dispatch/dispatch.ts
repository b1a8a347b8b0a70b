// One dispatch sends several parties at once (联勤联动): departments, response forces and grid
// workers, each a task with its instructions and due time. An event that was only accepted becomes
// assigned. A force that holds an open task elsewhere is refused: the room picks another (the
// recommendations offer the next nearest).
import type { DispatchResult, TaskParty, TaskSummary } from '../../../contract/closedLoop.ts';
import type { EventStatus } from '../../../contract/domain.ts';
import type { DispatchInput } from '../../../contract/schemas.ts';
import type { z } from 'zod';
import { audit } from '../../audit.ts';
import { coversGrid } from '../../auth/permissions.ts';
import { actorName, type Principal } from '../../auth/principal.ts';
import type { Db, Queryable } from '../../db/index.ts';
import { logFacts, type Fact } from '../../realtime/facts.ts';
import { DomainError } from '../errors.ts';
import { eventSummary } from '../events/summary.ts';
import type { Township } from '../township.ts';
import { taskSummary } from './tasks.ts';

/** An event takes new tasks while it is being worked on; once fed back, verified or closed it does not. */
const DISPATCHABLE: readonly EventStatus[] = ['accepted', 'assigned', 'handling'];

type Dispatch = z.output<typeof DispatchInput>;

/** The party named in a request, as stored; a 400 naming the item when it does not exist. */
async function resolveParty(q: Queryable, township: Township, party: Dispatch['tasks'][number]['party'], index: number): Promise<TaskParty> {
  const unknown = () => new DomainError('unknown_reference', `tasks.${index}: no ${party.kind} "${party.code}" in ${township.name}.`,
    [{ path: `tasks.${index}.party.code`, message: `unknown ${party.kind}` }]);
  if (party.kind === 'worker') {
    const worker = township.workers.get(party.code);
    if (!worker) throw unknown();
    return { kind: 'worker', code: worker.code, name: worker.name };
  }
  const [row] = party.kind === 'force'
    ? await q.query<{ name: string }>('SELECT name FROM response_forces WHERE code = $1 AND township_code = $2 AND available', [party.code, township.code])
    : await q.query<{ name: string }>('SELECT name FROM departments WHERE code = $1 AND township_code = $2', [party.code, township.code]);
  if (!row) throw unknown();
  return { kind: party.kind, code: party.code, name: row.name };
}

export async function dispatchEvent(db: Db, township: Township, principal: Principal, eventId: number, input: Dispatch, ip: string | null): Promise<DispatchResult> {
  const actor = actorName(principal);
  return db.tx(async (q) => {
    const [event] = await q.query<{ id: number; number: string; status: EventStatus; grid_code: string }>(
      'SELECT id, number, status, grid_code FROM events WHERE id = $1 AND township_code = $2 FOR UPDATE', [eventId, township.code]);
    if (!event) throw new DomainError('not_found', `No event ${eventId}.`);
    if (!coversGrid(principal.scope, township.grids.get(event.grid_code)!)) throw new DomainError('forbidden', 'This event lies outside the area you serve.');
    if (!DISPATCHABLE.includes(event.status)) {
      throw new DomainError('conflict', `Event ${event.number} is "${event.status}"; tasks are dispatched while it is accepted, assigned or being handled.`);
    }
    const parties: TaskParty[] = [];
    for (const [i, task] of input.tasks.entries()) parties.push(await resolveParty(q, township, task.party, i));
    const seen = new Set<string>();
    for (const [i, p] of parties.entries()) {
      const key = `${p.kind}:${p.code}`;
      if (seen.has(key)) throw new DomainError('validation', `tasks.${i}: ${p.name} is named twice; send each party once.`, [{ path: `tasks.${i}.party`, message: 'named twice' }]);
      seen.add(key);
    }
    // Lock the forces named, in code order, so two dispatches of the same free force queue instead of
    // both taking it: the later one's check below then sees the earlier one's committed task. (A lock
    // on their open tasks would not do: a free force has none.) Workers and departments may hold tasks
    // of several events; twice on this event is kept out by the event's lock.
    const forces = parties.filter((p) => p.kind === 'force').map((p) => p.code).sort();
    if (forces.length > 0) await q.query('SELECT code FROM response_forces WHERE code = ANY($1::text[]) ORDER BY code FOR UPDATE', [forces]);
    const busy = await q.query<{ party_kind: string; party_code: string; event_id: number }>(
      `SELECT party_kind, party_code, event_id FROM tasks WHERE status IN ('notified', 'accepted', 'arrived')
         AND (party_kind, party_code) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [parties.map((p) => p.kind), parties.map((p) => p.code)]);
    const taken = busy.find((b) => b.party_kind === 'force' || b.event_id === event.id);
    if (taken) {
      const name = parties.find((p) => p.kind === taken.party_kind && p.code === taken.party_code)!.name;
      throw new DomainError('conflict', taken.event_id === event.id
        ? `${name} already has an open task of this event.`
        : `${name} is on another task (event ${taken.event_id}); choose the next nearest.`);
    }
    return insertDispatch(q, township, event, parties.map((party, i) => ({ party, instructions: input.tasks[i]!.instructions, dueMinutes: input.tasks[i]!.dueMinutes })),
      { actor, note: input.note ?? null, ip });
  });
}

export interface NewTask { party: TaskParty; instructions: string; dueMinutes: number }

/**
 * Stores one dispatch of `tasks` to an event the caller has locked and checked (parties resolved and
 * free), moves an accepted event to assigned, and logs it everywhere: the event's log, the audit
 * trail and the facts every screen hears. In the caller's transaction.
 */
export async function insertDispatch(q: Queryable, township: Township, event: { id: number; number: string; status: EventStatus; grid_code: string },
  tasks: readonly NewTask[], by: { actor: string; note: string | null; ip: string | null }): Promise<DispatchResult> {
  const { actor, note, ip } = by;
  const [dispatch] = await q.query<{ id: number; at: Date }>('INSERT INTO dispatches (event_id, by, note) VALUES ($1, $2, $3) RETURNING id, at', [event.id, actor, note]);
  const ids: number[] = [];
  for (const task of tasks) {
    const [row] = await q.query<{ id: number }>(
      `INSERT INTO tasks (event_id, dispatch_id, party_kind, party_code, party_name, instructions, due_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [event.id, dispatch!.id, task.party.kind, task.party.code, task.party.name, task.instructions, new Date(dispatch!.at.getTime() + task.dueMinutes * 60_000), actor]);
    ids.push(row!.id);
  }
  const parties = tasks.map((t) => t.party);
  const names = parties.map((p) => p.name).join('、');
  await q.query(`INSERT INTO event_log (event_id, actor, action, note) VALUES ($1, $2, 'dispatch', $3)`, [event.id, actor, `${names}${note ? ` — ${note}` : ''}`]);
  if (event.status === 'accepted') {
    await q.query(`UPDATE events SET status = 'assigned' WHERE id = $1`, [event.id]);
    await q.query(`INSERT INTO event_log (event_id, actor, action, from_status, to_status, note) VALUES ($1, $2, 'assigned', 'accepted', 'assigned', 'dispatched')`, [event.id, actor]);
  }
  await audit(q, { actor, action: 'event.dispatched', target: `event:${event.number}`, detail: { dispatch: dispatch!.id, parties }, ip });
  const summaries: TaskSummary[] = [];
  for (const id of ids) summaries.push(await taskSummary(q, id));
  const summary = (await eventSummary(q, event.id))!;
  const facts: Fact[] = [{ kind: 'event:updated', grid: event.grid_code, payload: summary }, ...summaries.map((t) => ({ kind: 'task:updated' as const, grid: event.grid_code, payload: t }))];
  await logFacts(q, township.code, facts);
  return { event: summary, tasks: summaries };
}
