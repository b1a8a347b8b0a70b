// Supervision notices (督办): a duty officer or leader presses on an event, or the hub does when its
// deadline passes. A notice is addressed to whoever holds the event's open tasks (or its grid when
// nobody does), counted on the event and in the statistics, logged, audited and pushed.
import type { Supervision, TaskParty } from '../../../contract/closedLoop.ts';
import type { EventStatus } from '../../../contract/domain.ts';
import { audit } from '../../audit.ts';
import type { Db, Queryable } from '../../db/index.ts';
import { logFacts, type Fact } from '../../realtime/facts.ts';
import { bump, supervisionBumps } from '../../stats/buckets.ts';
import { DomainError } from '../errors.ts';
import { eventSummary } from '../events/summary.ts';
import type { Township } from '../township.ts';

interface SupervisionRow { id: number; event_id: number; event_number: string; grid_code: string; kind: Supervision['kind']; text: string; by: string; at: Date; recipients: TaskParty[] }

export const SUPERVISION_SELECT = `
  SELECT s.id, s.event_id, e.number AS event_number, e.grid_code, s.kind, s.text, s.by, s.at, s.recipients
  FROM supervisions s JOIN events e ON e.id = s.event_id`;

export const toSupervision = (r: SupervisionRow): Supervision => ({
  id: r.id, eventId: r.event_id, eventNumber: r.event_number, gridCode: r.grid_code, kind: r.kind, text: r.text, by: r.by, at: r.at.toISOString(), recipients: r.recipients,
});

export async function supervisionsOf(q: Queryable, eventId: number): Promise<Supervision[]> {
  return (await q.query<SupervisionRow>(`${SUPERVISION_SELECT} WHERE s.event_id = $1 ORDER BY s.at, s.id`, [eventId])).map(toSupervision);
}

/**
 * Issues a notice on an open event in the caller's transaction (which holds the event's row) and
 * returns the facts to log: supervision:new and event:updated.
 */
export async function issueNotice(q: Queryable, township: Township, eventId: number, notice: { kind: Supervision['kind']; text: string; by: string; ip: string | null }, at: Date): Promise<{ supervision: Supervision; facts: Fact[] }> {
  const [event] = await q.query<{ id: number; number: string; status: EventStatus; grid_code: string }>(
    'SELECT id, number, status, grid_code FROM events WHERE id = $1 AND township_code = $2 FOR UPDATE', [eventId, township.code]);
  if (!event) throw new DomainError('not_found', `No event ${eventId}.`);
  if (event.status === 'closed' || event.status === 'evaluated') throw new DomainError('conflict', `Event ${event.number} is closed; there is nothing to press for.`);
  const holders = await q.query<TaskParty>(
    `SELECT DISTINCT party_kind AS kind, party_code AS code, party_name AS name FROM tasks
     WHERE event_id = $1 AND status IN ('notified', 'accepted', 'arrived') ORDER BY 1, 2`, [event.id]);
  const grid = township.grids.get(event.grid_code)!;
  const recipients: TaskParty[] = holders.length > 0 ? holders : [{ kind: 'department', code: `grid:${grid.code}`, name: grid.name }];
  const [row] = await q.query<{ id: number }>(
    'INSERT INTO supervisions (event_id, kind, text, by, at, recipients) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
    [event.id, notice.kind, notice.text, notice.by, at, JSON.stringify(recipients)]);
  await q.query('UPDATE events SET supervisions = supervisions + 1 WHERE id = $1', [event.id]);
  await q.query(`INSERT INTO event_log (event_id, at, actor, action, note) VALUES ($1, $2, $3, 'supervised', $4)`,
    [event.id, at, notice.by, `${notice.kind === 'overdue' ? '[超时自动督办] ' : ''}${notice.text}`]);
  await bump(q, township.code, supervisionBumps({ at, grid: event.grid_code }));
  await audit(q, { actor: notice.by, action: `event.supervised`, target: `event:${event.number}`, detail: { kind: notice.kind, recipients: recipients.length }, ip: notice.ip });
  const [stored] = await q.query<SupervisionRow>(`${SUPERVISION_SELECT} WHERE s.id = $1`, [row!.id]);
  const supervision = toSupervision(stored!);
  const summary = (await eventSummary(q, event.id))!;
  return { supervision, facts: [{ kind: 'supervision:new', grid: event.grid_code, payload: supervision }, { kind: 'event:updated', grid: event.grid_code, payload: summary }] };
}

/** A notice from the room (duty officer, leader). */
export async function superviseEvent(db: Db, township: Township, eventId: number, text: string, by: { actor: string; ip: string | null }): Promise<Supervision> {
  return db.tx(async (q) => {
    const { supervision, facts } = await issueNotice(q, township, eventId, { kind: 'manual', text, by: by.actor, ip: by.ip }, new Date());
    await logFacts(q, township.code, facts);
    return supervision;
  });
}
