// Taking in an event (受理): resolve its catalogue item, place it, and either link it to an open event
// it repeats (a further report, counted once) or number it and store it with its first log line, in
// one transaction. A retried report with the same externalId gets the stored record back.
import type { z } from 'zod';
import type { EventAccepted, EventSummary } from '../../../contract/api.ts';
import type { EventCategory, EventLevel, EventSource } from '../../../contract/domain.ts';
import type { EventInput } from '../../../contract/schemas.ts';
import { audit } from '../../audit.ts';
import { coversGrid } from '../../auth/permissions.ts';
import type { Scope } from '../../auth/principal.ts';
import type { Db, Queryable } from '../../db/index.ts';
import { toWgs84 } from '../../geo/datum.ts';
import { logFacts } from '../../realtime/facts.ts';
import { bump, eventAcceptedBumps } from '../../stats/buckets.ts';
import { findItem, type ItemRow } from '../catalogue/catalogue.ts';
import { DomainError } from '../errors.ts';
import type { RoomPolicy } from '../policy.ts';
import { chinaDayStamp, HOUR_MS } from '../time.ts';
import type { GridRef, Township } from '../township.ts';
import { duplicateCandidates, linkReport, type ReportFields } from './duplicates.ts';
import { eventSummary, EVENT_SUMMARY_SELECT, toSummary, type EventRow } from './summary.ts';

/** Default handling deadline by level when neither the report nor a catalogue item gives one (hours). */
export const DEFAULT_DEADLINE_HOURS: Record<EventLevel, number> = {
  extraordinary: 2,
  major: 6,
  significant: 24,
  general: 72,
};

const UNIQUE_VIOLATION = '23505';

type ValidEvent = z.output<typeof EventInput>;

/** Who reports: named in the event log and the audit trail; a scoped reporter reports only inside their scope. */
export interface Reporter {
  actor: string;
  scope: Scope;
  ip: string | null;
}

/** A new event's fields, as stored. */
export interface NewEvent {
  externalId: string | null;
  title: string;
  content: string;
  category: EventCategory;
  itemCode: string | null;
  level: EventLevel;
  source: EventSource;
  reporterName: string | null;
  reporterPhone: string | null;
  lon: number;
  lat: number;
  datum: string;
  grid: GridRef;
  occurredAt: Date;
  acceptedAt: Date;
  deadlineHours: number;
  alarmId?: number;
}

async function findByExternalId(q: Queryable, externalId: string): Promise<EventSummary | null> {
  const [row] = await q.query<EventRow>(
    `${EVENT_SUMMARY_SELECT} WHERE e.external_id = $1
        OR e.id = (SELECT r.event_id FROM event_reports r WHERE r.external_id = $1 AND r.unlinked_at IS NULL)`,
    [externalId],
  );
  return row ? toSummary(row) : null;
}

/** The level, category and deadline a report gets from its catalogue item (if any) and its own fields. */
function classify(input: ValidEvent, item: ItemRow | null): { category: EventCategory; level: EventLevel; deadlineHours: number } {
  if (item && input.category && input.category !== item.category) {
    throw new DomainError('validation', `Item "${item.code}" (${item.name}) is of category "${item.category}", not "${input.category}"; leave category out or pick another item.`,
      [{ path: 'category', message: `must be ${item.category} for item ${item.code}, or left out` }]);
  }
  const level = input.level ?? item?.default_level ?? 'general';
  const deadlineHours = input.deadlineHours ?? item?.deadline_hours[level] ?? DEFAULT_DEADLINE_HOURS[level];
  return { category: item?.category ?? input.category!, level, deadlineHours };
}

export async function acceptEvent(db: Db, township: Township, input: ValidEvent, reporter: Reporter, policy: RoomPolicy, now = new Date()): Promise<EventAccepted> {
  const visible = (event: EventSummary) => coversGrid(reporter.scope, { code: event.gridCode, villageCode: township.grids.get(event.gridCode)?.villageCode ?? '' });
  if (input.externalId) {
    const seen = await findByExternalId(db, input.externalId);
    if (seen && visible(seen)) return { event: seen, duplicate: true };
    if (seen) throw new DomainError('conflict', 'This externalId belongs to another report; use a new one.');
  }
  const item = input.itemCode ? await findItem(db, township.code, input.itemCode) : null;
  if (input.itemCode && !item) {
    throw new DomainError('unknown_reference', `No active catalogue item "${input.itemCode}"; see GET /api/v1/catalogue.`, [{ path: 'itemCode', message: 'unknown or retired item' }]);
  }
  const { category, level, deadlineHours } = classify(input, item);
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
  const report: ReportFields = {
    externalId: input.externalId ?? null, source: input.source, title: input.title, content: input.content,
    reporterName: input.reporterName ?? null, reporterPhone: input.reporterPhone ?? null, lon, lat, occurredAt,
  };

  try {
    return await db.tx(async (q) => {
      // A further report of an open event: named by the duty officer, or found close by and soon after.
      const target = input.duplicateOf !== undefined
        ? { id: input.duplicateOf, explicit: true }
        : input.newEvent ? null : (await duplicateCandidates(q, township, reporter.scope, category, lon, lat, now, policy))[0] ?? null;
      if (target) {
        const linked = await linkReport(q, township, target.id, report, reporter, now);
        if (!visible(linked.event)) throw new DomainError('not_found', `No open event ${target.id} in the area you serve.`);
        return { event: linked.event, duplicate: false, linked: { reportId: linked.reportId, distanceM: linked.distanceM } };
      }
      const event = await insertEvent(q, township, {
        ...report, category, itemCode: item?.code ?? null, level, datum: input.datum, grid, acceptedAt: now, deadlineHours,
      }, reporter, policy);
      return { event, duplicate: false };
    });
  } catch (error) {
    // Two copies of one report raced past the first lookup: the loser answers with the winner's record.
    if (input.externalId && (error as { code?: string }).code === UNIQUE_VIOLATION) {
      const seen = await findByExternalId(db, input.externalId);
      if (seen && visible(seen)) return { event: seen, duplicate: true };
    }
    throw error;
  }
}

/**
 * Numbers and stores a new event with its first log line, its statistics and its fact (in the
 * caller's transaction). Its deadline, and the moment it counts as nearing it, are fixed now.
 */
export async function insertEvent(q: Queryable, township: Township, e: NewEvent, reporter: Omit<Reporter, 'scope'>, policy: RoomPolicy): Promise<EventSummary> {
  const [counter] = await q.query<{ last: number }>(
    `INSERT INTO event_counters (township_code, day, last) VALUES ($1, $2::date, 1)
     ON CONFLICT (township_code, day) DO UPDATE SET last = event_counters.last + 1 RETURNING last`,
    [township.code, chinaDayIso(e.acceptedAt)],
  );
  // Unique across the county, which sees every township's events.
  const number = `${township.code}-${chinaDayStamp(e.acceptedAt)}-${String(counter!.last).padStart(4, '0')}`;
  const deadlineAt = new Date(e.acceptedAt.getTime() + e.deadlineHours * HOUR_MS);
  const nearingAt = new Date(e.acceptedAt.getTime() + policy.nearingShare * e.deadlineHours * HOUR_MS);
  const [row] = await q.query<{ id: number }>(
    `INSERT INTO events (number, external_id, township_code, grid_code, title, content, category, item_code, level, source,
                         reporter_name, reporter_phone, lon, lat, datum_in, occurred_at, accepted_at, nearing_at, deadline_at, alarm_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20) RETURNING id`,
    [number, e.externalId, township.code, e.grid.code, e.title, e.content, e.category, e.itemCode, e.level, e.source,
      e.reporterName, e.reporterPhone, e.lon, e.lat, e.datum, e.occurredAt, e.acceptedAt, nearingAt, deadlineAt, e.alarmId ?? null],
  );
  await q.query(
    `INSERT INTO event_log (event_id, at, actor, action, to_status, note) VALUES ($1, $2, $3, 'accept', 'accepted', $4)`,
    [row!.id, e.acceptedAt, reporter.actor, e.datum === 'WGS84' ? null : `location converted from ${e.datum}`],
  );
  await bump(q, township.code, eventAcceptedBumps({ acceptedAt: e.acceptedAt, grid: e.grid.code, level: e.level, category: e.category, source: e.source }));
  await audit(q, { actor: reporter.actor, action: 'event.accepted', target: `event:${number}`, detail: { source: e.source, grid: e.grid.code, item: e.itemCode }, ip: reporter.ip });
  const summary = (await eventSummary(q, row!.id))!;
  await logFacts(q, township.code, [{ kind: 'event:new', grid: e.grid.code, payload: summary }]);
  return summary;
}

/** 'YYYY-MM-DD' of the China-time day holding `at`. */
function chinaDayIso(at: Date): string {
  const stamp = chinaDayStamp(at);
  return `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6)}`;
}
