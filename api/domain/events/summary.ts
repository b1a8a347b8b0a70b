// An event as screens and lists see it: one SELECT and one mapping, personal fields masked.
import type { EventSummary } from '../../../contract/api.ts';
import { IN_SCOPE_SQL, scopeParams } from '../../auth/permissions.ts';
import type { Scope } from '../../auth/principal.ts';
import type { Queryable } from '../../db/index.ts';
import { maskName, maskPhone } from '../mask.ts';

export interface EventRow {
  id: number;
  number: string;
  title: string;
  category: EventSummary['category'];
  level: EventSummary['level'];
  source: EventSummary['source'];
  status: EventSummary['status'];
  lon: number;
  lat: number;
  grid_code: string;
  grid_name: string;
  village_name: string;
  reporter_name: string | null;
  reporter_phone: string | null;
  occurred_at: Date;
  accepted_at: Date;
  nearing_at: Date;
  deadline_at: Date;
  closed_at: Date | null;
  item_code: string | null;
  reports: number;
  supervisions: number;
  escalated_at: Date | null;
}

export const EVENT_SUMMARY_SELECT = `
  SELECT e.id, e.number, e.title, e.category, e.level, e.source, e.status, e.lon, e.lat, e.grid_code,
         g.name AS grid_name, v.name AS village_name, e.reporter_name, e.reporter_phone,
         e.occurred_at, e.accepted_at, e.nearing_at, e.deadline_at, e.closed_at, e.item_code, e.reports,
         e.supervisions, e.escalated_at
  FROM events e JOIN grids g ON g.code = e.grid_code JOIN villages v ON v.code = g.village_code`;

export function toSummary(row: EventRow): EventSummary {
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    category: row.category,
    level: row.level,
    source: row.source,
    status: row.status,
    lon: row.lon,
    lat: row.lat,
    gridCode: row.grid_code,
    gridName: row.grid_name,
    villageName: row.village_name,
    reporterName: maskName(row.reporter_name),
    reporterPhone: maskPhone(row.reporter_phone),
    occurredAt: row.occurred_at.toISOString(),
    acceptedAt: row.accepted_at.toISOString(),
    nearingAt: row.nearing_at.toISOString(),
    deadlineAt: row.deadline_at.toISOString(),
    closedAt: row.closed_at?.toISOString() ?? null,
    itemCode: row.item_code,
    reports: row.reports,
    supervisions: row.supervisions,
    escalatedAt: row.escalated_at?.toISOString() ?? null,
  };
}

/** One event by id, as summarised; null when there is none. */
export async function eventSummary(q: Queryable, id: number): Promise<EventSummary | null> {
  const [row] = await q.query<EventRow>(`${EVENT_SUMMARY_SELECT} WHERE e.id = $1`, [id]);
  return row ? toSummary(row) : null;
}

export async function listEvents(q: Queryable, scope: Scope, options: { openOnly: boolean; limit: number }): Promise<EventSummary[]> {
  const rows = await q.query<EventRow>(
    `${EVENT_SUMMARY_SELECT}
     WHERE ${IN_SCOPE_SQL}
       AND ($4::boolean IS FALSE OR e.status NOT IN ('closed', 'evaluated'))
     ORDER BY e.accepted_at DESC, e.id DESC LIMIT $5`,
    [...scopeParams(scope), options.openOnly, options.limit],
  );
  return rows.map(toSummary);
}
