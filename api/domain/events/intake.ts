// Taking in an event (受理): place it, number it, store it with its first log line, in one
// transaction. A retried report with the same externalId gets the stored record back.
import type { z } from 'zod';
import type { EventAccepted, EventSummary } from '../../../contract/api.ts';
import type { EventLevel } from '../../../contract/domain.ts';
import type { EventInput } from '../../../contract/schemas.ts';
import { audit } from '../../audit.ts';
import { logFacts } from '../../realtime/facts.ts';
import { bump, eventAcceptedBumps } from '../../stats/buckets.ts';
import { coversGrid, IN_SCOPE_SQL, scopeParams } from '../../auth/permissions.ts';
import type { Scope } from '../../auth/principal.ts';
import type { Db, Queryable } from '../../db/index.ts';
import { toWgs84 } from '../../geo/datum.ts';
import { DomainError } from '../errors.ts';
import { maskName, maskPhone } from '../mask.ts';
import { chinaDayStamp, HOUR_MS } from '../time.ts';
import type { Township } from '../township.ts';

/** Default handling deadline by level when the report gives none (hours). */
export const DEFAULT_DEADLINE_HOURS: Record<EventLevel, number> = {
  extraordinary: 2,
  major: 6,
  significant: 24,
  general: 72,
};

const UNIQUE_VIOLATION = '23505';

interface EventRow {
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
  deadline_at: Date;
}

export const EVENT_SUMMARY_SELECT = `
  SELECT e.id, e.number, e.title, e.category, e.level, e.source, e.status, e.lon, e.lat, e.grid_code,
         g.name AS grid_name, v.name AS village_name, e.reporter_name, e.reporter_phone,
         e.occurred_at, e.accepted_at, e.deadline_at
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
    deadlineAt: row.deadline_at.toISOString(),
  };
}

async function findByExternalId(q: Queryable, externalId: string): Promise<EventSummary | null> {
  const [row] = await q.query<EventRow>(`${EVENT_SUMMARY_SELECT} WHERE e.external_id = $1`, [externalId]);
  return row ? toSummary(row) : null;
}

type ValidEvent = z.output<typeof EventInput>;

/** Who reports: named in the event log and the audit trail; a scoped reporter reports only inside their scope. */
export interface Reporter {
  actor: string;
  scope: Scope;
  ip: string | null;
}

export async function acceptEvent(db: Db, township: Township, input: ValidEvent, reporter: Reporter, now = new Date()): Promise<EventAccepted> {
  const visible = (event: EventSummary) => coversGrid(reporter.scope, { code: event.gridCode, villageCode: township.grids.get(event.gridCode)?.villageCode ?? '' });
  if (input.externalId) {
    const seen = await findByExternalId(db, input.externalId);
    if (seen && visible(seen)) return { event: seen, duplicate: true };
    if (seen) throw new DomainError('conflict', 'This externalId belongs to another report; use a new one.');
  }
  const [lon, lat] = toWgs84([input.lon, input.lat], input.datum);
  const grid = township.locateGrid(lon, lat);
  if (!grid) {
    throw new DomainError('outside_township', `Location ${lon.toFixed(6)},${lat.toFixed(6)} (WGS84) is outside ${township.name}; check the coordinates and their datum.`, [
      { path: 'lon', message: 'point is outside the township' },
    ]);
  }
  if (!coversGrid(reporter.scope, grid)) {
    throw new DomainError('forbidden', `The location lies in ${grid.name}, outside the area you serve; report it to its grid or the duty officer.`);
  }
  // A time ahead of the hub's clock was refused at the door (CLOCK_SKEW_SECONDS).
  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : now;
  const deadlineAt = new Date(now.getTime() + (input.deadlineHours ?? DEFAULT_DEADLINE_HOURS[input.level]) * HOUR_MS);

  try {
    const event = await db.tx(async (q) => {
      const [counter] = await q.query<{ last: number }>(
        `INSERT INTO event_counters (township_code, day, last) VALUES ($1, $2::date, 1)
         ON CONFLICT (township_code, day) DO UPDATE SET last = event_counters.last + 1 RETURNING last`,
        [township.code, chinaDayIso(now)],
      );
      // Unique across the county, which sees every township's events.
      const number = `${township.code}-${chinaDayStamp(now)}-${String(counter!.last).padStart(4, '0')}`;
      const [row] = await q.query<{ id: number }>(
        `INSERT INTO events (number, external_id, township_code, grid_code, title, content, category, level, source,
                             reporter_name, reporter_phone, lon, lat, datum_in, occurred_at, accepted_at, deadline_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id`,
        [number, input.externalId ?? null, township.code, grid.code, input.title, input.content, input.category, input.level,
          input.source, input.reporterName ?? null, input.reporterPhone ?? null, lon, lat, input.datum, occurredAt, now, deadlineAt],
      );
      await q.query(
        `INSERT INTO event_log (event_id, at, actor, action, to_status, note) VALUES ($1, $2, $3, 'accept', 'accepted', $4)`,
        [row!.id, now, reporter.actor, input.datum === 'WGS84' ? null : `location converted from ${input.datum}`],
      );
      await bump(q, township.code, eventAcceptedBumps({ acceptedAt: now, grid: grid.code, level: input.level, category: input.category, source: input.source }));
      await audit(q, { actor: reporter.actor, action: 'event.accepted', target: `event:${number}`, detail: { source: input.source, grid: grid.code }, ip: reporter.ip });
      const [stored] = await q.query<EventRow>(`${EVENT_SUMMARY_SELECT} WHERE e.id = $1`, [row!.id]);
      const summary = toSummary(stored!);
      await logFacts(q, township.code, [{ kind: 'event:new', grid: grid.code, payload: summary }]);
      return summary;
    });
    return { event, duplicate: false };
  } catch (error) {
    // Two copies of one report raced past the first lookup: the loser answers with the winner's record.
    if (input.externalId && (error as { code?: string }).code === UNIQUE_VIOLATION) {
      const seen = await findByExternalId(db, input.externalId);
      if (seen && visible(seen)) return { event: seen, duplicate: true };
    }
    throw error;
  }
}

/** 'YYYY-MM-DD' of the China-time day holding `at`. */
function chinaDayIso(at: Date): string {
  const stamp = chinaDayStamp(at);
  return `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6)}`;
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
