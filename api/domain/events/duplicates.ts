// Duplicate reports: the same fire called in by three neighbours is one event with three reports.
// A report of the same category within RoomPolicy.duplicateRadiusM of an open event accepted within
// duplicateWindowMs before it is linked to the nearest such event; it adds to the event's report
// count and to nothing else (the statistics count events). A duty officer can undo a wrong match:
// the report then becomes an event of its own, dated when it came in.
import type { EventSummary } from '../../../contract/api.ts';
import type { EventCategory, EventSource } from '../../../contract/domain.ts';
import type { EventReport } from '../../../contract/closedLoop.ts';
import { audit } from '../../audit.ts';
import { coversGrid } from '../../auth/permissions.ts';
import type { Scope } from '../../auth/principal.ts';
import type { Queryable } from '../../db/index.ts';
import { distanceM } from '../../geo/distance.ts';
import { logFacts } from '../../realtime/facts.ts';
import { DomainError } from '../errors.ts';
import { maskName, maskPhone } from '../mask.ts';
import type { RoomPolicy } from '../policy.ts';
import type { Township } from '../township.ts';
import { eventSummary } from './summary.ts';

/** What a report says, whether it becomes an event or is linked to one. */
export interface ReportFields {
  externalId: string | null;
  source: EventSource;
  title: string;
  content: string;
  reporterName: string | null;
  reporterPhone: string | null;
  lon: number;
  lat: number;
  occurredAt: Date;
}

export interface DuplicateCandidate { event: EventSummary; distanceM: number }

const OPEN = `status NOT IN ('closed', 'evaluated')`;

/**
 * Open events a report of `category` at (lon, lat) would repeat, nearest first (each within the
 * radius and the window), among those in the reporter's `scope`: a report is never linked to, nor
 * offered, an event its reporter may not see.
 */
export async function duplicateCandidates(q: Queryable, township: Township, scope: Scope, category: EventCategory, lon: number, lat: number, now: Date, policy: RoomPolicy): Promise<{ id: number; distanceM: number }[]> {
  if (policy.duplicateRadiusM <= 0 || policy.duplicateWindowMs <= 0) return []; // linking is off
  const rows = await q.query<{ id: number; lon: number; lat: number; grid_code: string }>(
    `SELECT id, lon, lat, grid_code FROM events WHERE township_code = $1 AND category = $2 AND ${OPEN} AND accepted_at >= $3 AND accepted_at <= $4`,
    [township.code, category, new Date(now.getTime() - policy.duplicateWindowMs), now],
  );
  return rows
    .filter((r) => { const grid = township.grids.get(r.grid_code); return grid !== undefined && coversGrid(scope, grid); })
    .map((r) => ({ id: r.id, distanceM: distanceM(lon, lat, r.lon, r.lat) }))
    .filter((c) => c.distanceM <= policy.duplicateRadiusM)
    .sort((a, b) => a.distanceM - b.distanceM || a.id - b.id);
}

/** Links a report to open event `eventId` (in the caller's transaction). */
export async function linkReport(q: Queryable, township: Township, eventId: number, report: ReportFields, reporter: { actor: string; ip: string | null }, now: Date): Promise<{ event: EventSummary; reportId: number; distanceM: number }> {
  const [event] = await q.query<{ id: number; number: string; lon: number; lat: number; grid_code: string; status: string }>(
    `SELECT id, number, lon, lat, grid_code, status FROM events WHERE id = $1 AND township_code = $2 FOR UPDATE`, [eventId, township.code]);
  if (!event) throw new DomainError('not_found', `No event ${eventId}.`, [{ path: 'duplicateOf', message: 'no such event' }]);
  if (event.status === 'closed' || event.status === 'evaluated') {
    throw new DomainError('conflict', `Event ${event.number} is closed; take the report in as a new event.`, [{ path: 'duplicateOf', message: 'event is closed' }]);
  }
  const distance = Math.round(distanceM(report.lon, report.lat, event.lon, event.lat));
  const [row] = await q.query<{ id: number }>(
    `INSERT INTO event_reports (event_id, external_id, source, title, content, reporter_name, reporter_phone, lon, lat, distance_m, occurred_at, received_at, received_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
    [event.id, report.externalId, report.source, report.title, report.content, report.reporterName, report.reporterPhone,
      report.lon, report.lat, distance, report.occurredAt, now, reporter.actor],
  );
  await q.query('UPDATE events SET reports = reports + 1 WHERE id = $1', [event.id]);
  await q.query(`INSERT INTO event_log (event_id, at, actor, action, note) VALUES ($1, $2, $3, 'report_linked', $4)`,
    [event.id, now, reporter.actor, `report ${row!.id} (${report.source}, ${distance} m away)`]);
  await audit(q, { actor: reporter.actor, action: 'event.report_linked', target: `event:${event.number}`, detail: { report: row!.id, source: report.source, distanceM: distance }, ip: reporter.ip });
  const summary = (await eventSummary(q, event.id))!;
  await logFacts(q, township.code, [{ kind: 'event:updated', grid: event.grid_code, payload: summary }]);
  return { event: summary, reportId: row!.id, distanceM: distance };
}

interface ReportRow {
  id: number;
  source: EventSource;
  title: string;
  content: string;
  reporter_name: string | null;
  reporter_phone: string | null;
  lon: number;
  lat: number;
  distance_m: number;
  occurred_at: Date;
  received_at: Date;
  received_by: string;
  external_id: string | null;
}

export function toReport(row: ReportRow, unmasked = false): EventReport {
  return {
    id: row.id, source: row.source, title: row.title,
    reporterName: unmasked ? row.reporter_name : maskName(row.reporter_name),
    reporterPhone: unmasked ? row.reporter_phone : maskPhone(row.reporter_phone),
    lon: row.lon, lat: row.lat, distanceM: row.distance_m, receivedAt: row.received_at.toISOString(), receivedBy: row.received_by,
  };
}

export async function reportsOf(q: Queryable, eventId: number, unmasked = false): Promise<EventReport[]> {
  const rows = await q.query<ReportRow>('SELECT * FROM event_reports WHERE event_id = $1 AND unlinked_at IS NULL ORDER BY received_at, id', [eventId]);
  return rows.map((r) => toReport(r, unmasked));
}

/** A report taken off the event it was linked to, and what became of it. */
export interface Unlinked { report: ReportRow; eventId: number; eventNumber: string; eventGrid: string }

/** Takes report `reportId` off event `eventId` (in the caller's transaction); the caller makes it an event. */
export async function detachReport(q: Queryable, townshipCode: string, eventId: number, reportId: number, actor: string, now: Date): Promise<Unlinked> {
  const [event] = await q.query<{ id: number; number: string; grid_code: string }>(
    'SELECT id, number, grid_code FROM events WHERE id = $1 AND township_code = $2 FOR UPDATE', [eventId, townshipCode]);
  if (!event) throw new DomainError('not_found', `No event ${eventId}.`);
  const [report] = await q.query<ReportRow>(
    'SELECT * FROM event_reports WHERE id = $1 AND event_id = $2 AND unlinked_at IS NULL FOR UPDATE', [reportId, eventId]);
  if (!report) throw new DomainError('not_found', `Event ${event.number} has no linked report ${reportId}.`);
  await q.query('UPDATE events SET reports = reports - 1 WHERE id = $1', [event.id]);
  await q.query(`INSERT INTO event_log (event_id, at, actor, action, note) VALUES ($1, $2, $3, 'report_unlinked', $4)`,
    [event.id, now, actor, `report ${report.id} was not this event`]);
  return { report, eventId: event.id, eventNumber: event.number, eventGrid: event.grid_code };
}

/** Marks a detached report as having become event `newEventId`. */
export async function markUnlinked(q: Queryable, reportId: number, newEventId: number, now: Date): Promise<void> {
  await q.query('UPDATE event_reports SET unlinked_at = $2, unlinked_to = $3 WHERE id = $1', [reportId, now, newEventId]);
}
