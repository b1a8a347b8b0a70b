// Undoing a wrong duplicate match: the report becomes an event of its own, dated when it came in,
// with the category, item and level of the event it was wrongly linked to (the duty officer
// corrects them like any event's).
import type { EventSummary } from '../../../contract/api.ts';
import { audit } from '../../audit.ts';
import type { Db } from '../../db/index.ts';
import { logFacts } from '../../realtime/facts.ts';
import { findItemAnyState } from '../catalogue/catalogue.ts';
import { DomainError } from '../errors.ts';
import type { RoomPolicy } from '../policy.ts';
import type { Township } from '../township.ts';
import { detachReport, markUnlinked } from './duplicates.ts';
import { DEFAULT_DEADLINE_HOURS, insertEvent } from './intake.ts';
import { eventSummary } from './summary.ts';

export async function unlinkReport(db: Db, township: Township, eventId: number, reportId: number, actor: { actor: string; ip: string | null }, policy: RoomPolicy, now = new Date()): Promise<{ from: EventSummary; created: EventSummary }> {
  return db.tx(async (q) => {
    const detached = await detachReport(q, township.code, eventId, reportId, actor.actor, now);
    const [origin] = await q.query<{ category: EventSummary['category']; level: EventSummary['level']; item_code: string | null }>(
      'SELECT category, level, item_code FROM events WHERE id = $1', [eventId]);
    const { report } = detached;
    const grid = township.locateGrid(report.lon, report.lat);
    if (!grid) throw new DomainError('outside_township', `Report ${report.id} lies outside ${township.name}.`);
    const item = origin!.item_code ? await findItemAnyState(q, origin!.item_code) : null;
    const created = await insertEvent(q, township, {
      externalId: report.external_id, title: report.title, content: report.content, category: origin!.category, itemCode: origin!.item_code,
      level: origin!.level, source: report.source, reporterName: report.reporter_name, reporterPhone: report.reporter_phone,
      lon: report.lon, lat: report.lat, datum: 'WGS84', grid, occurredAt: report.occurred_at, acceptedAt: report.received_at,
      deadlineHours: item?.deadline_hours[origin!.level] ?? DEFAULT_DEADLINE_HOURS[origin!.level],
    }, actor, policy);
    await markUnlinked(q, report.id, created.id, now);
    await audit(q, { actor: actor.actor, action: 'event.report_unlinked', target: `event:${detached.eventNumber}`, detail: { report: report.id, became: created.number }, ip: actor.ip });
    const from = (await eventSummary(q, eventId))!;
    await logFacts(q, township.code, [{ kind: 'event:updated', grid: detached.eventGrid, payload: from }]);
    return { from, created };
  });
}
