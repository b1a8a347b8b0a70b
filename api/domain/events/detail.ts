// One event whole, as the console shows it: its log as a timeline, linked reports, tasks, notices
// and escalation. The reporter is masked unless the caller may and says why (audited).
import type { EventDetail, EventLogEntry } from '../../../contract/closedLoop.ts';
import type { EventStatus } from '../../../contract/domain.ts';
import { audit } from '../../audit.ts';
import { coversGrid } from '../../auth/permissions.ts';
import type { Scope } from '../../auth/principal.ts';
import type { Queryable } from '../../db/index.ts';
import { tasksOfEvent } from '../dispatch/tasks.ts';
import { DomainError } from '../errors.ts';
import { escalationOf } from '../supervision/escalate.ts';
import { supervisionsOf } from '../supervision/supervise.ts';
import type { Township } from '../township.ts';
import { reportsOf } from './duplicates.ts';
import { EVENT_SUMMARY_SELECT, toSummary, type EventRow } from './summary.ts';

export interface Unmask { actor: string; reason: string; ip: string | null }

export async function eventDetail(q: Queryable, township: Township, scope: Scope, id: number, unmask: Unmask | null): Promise<EventDetail> {
  const [row] = await q.query<EventRow & { content: string; township_code: string }>(
    `${EVENT_SUMMARY_SELECT.replace('SELECT e.id,', 'SELECT e.content, e.township_code, e.id,')} WHERE e.id = $1`, [id]);
  const grid = row ? township.grids.get(row.grid_code) : undefined;
  // Outside the caller's scope it does not exist for them (its existence is not confirmed).
  if (!row || row.township_code !== township.code || !grid || !coversGrid(scope, grid)) throw new DomainError('not_found', `No event ${id}.`);
  const event = toSummary(row);
  if (unmask) {
    event.reporterName = row.reporter_name;
    event.reporterPhone = row.reporter_phone;
    await audit(q, { actor: unmask.actor, action: 'event.reporter_unmasked', target: `event:${row.number}`, detail: { reason: unmask.reason }, ip: unmask.ip });
  }
  const log = await q.query<{ at: Date; actor: string; action: string; from_status: EventStatus | null; to_status: EventStatus | null; note: string | null }>(
    'SELECT at, actor, action, from_status, to_status, note FROM event_log WHERE event_id = $1 ORDER BY at, id', [id]);
  return {
    event,
    content: row.content,
    itemCode: row.item_code,
    log: log.map((l): EventLogEntry => ({ at: l.at.toISOString(), actor: l.actor, action: l.action, fromStatus: l.from_status, toStatus: l.to_status, note: l.note })),
    reports: await reportsOf(q, id, unmask !== null),
    tasks: await tasksOfEvent(q, id),
    supervisions: await supervisionsOf(q, id),
    escalation: await escalationOf(q, id),
    unmasked: unmask !== null,
  };
}
