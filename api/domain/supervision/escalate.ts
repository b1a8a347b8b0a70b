// Escalation to the county centre (对上承接): the event is marked escalated and an outbox row is
// written in the same transaction, so nothing is lost between the commit and the county. The county
// side reads the outbox (GET /escalations) or, when ESCALATION_WEBHOOK_URL is set, the hub POSTs each
// row there until it is taken (2xx), backing off between attempts.
import type { Escalation } from '../../../contract/closedLoop.ts';
import type { EventSummary } from '../../../contract/api.ts';
import type { EventStatus } from '../../../contract/domain.ts';
import { audit } from '../../audit.ts';
import type { Db, Queryable } from '../../db/index.ts';
import { logFacts } from '../../realtime/facts.ts';
import { DomainError } from '../errors.ts';
import { eventSummary } from '../events/summary.ts';
import type { Township } from '../township.ts';

interface EscalationRow {
  id: number; event_id: number; reason: string; by: string; at: Date; payload: EventSummary;
  delivered_at: Date | null; attempts: number; last_error: string | null;
}

const toEscalation = (r: EscalationRow): Escalation => ({
  id: r.id, eventId: r.event_id, eventNumber: r.payload.number, reason: r.reason, by: r.by, at: r.at.toISOString(), event: r.payload,
  deliveredAt: r.delivered_at?.toISOString() ?? null, attempts: r.attempts, lastError: r.last_error,
});

export async function escalationOf(q: Queryable, eventId: number): Promise<Escalation | null> {
  const [row] = await q.query<EscalationRow>('SELECT * FROM escalations WHERE event_id = $1', [eventId]);
  return row ? toEscalation(row) : null;
}

export async function escalateEvent(db: Db, township: Township, eventId: number, reason: string, by: { actor: string; ip: string | null }): Promise<Escalation> {
  return db.tx(async (q) => {
    const [event] = await q.query<{ id: number; number: string; status: EventStatus; grid_code: string; escalated_at: Date | null }>(
      'SELECT id, number, status, grid_code, escalated_at FROM events WHERE id = $1 AND township_code = $2 FOR UPDATE', [eventId, township.code]);
    if (!event) throw new DomainError('not_found', `No event ${eventId}.`);
    if (event.escalated_at) throw new DomainError('conflict', `Event ${event.number} was escalated at ${event.escalated_at.toISOString()}; it is the county's now.`);
    if (event.status === 'closed' || event.status === 'evaluated') throw new DomainError('conflict', `Event ${event.number} is closed; it cannot be escalated.`);
    await q.query('UPDATE events SET escalated_at = now() WHERE id = $1', [event.id]);
    await q.query(`INSERT INTO event_log (event_id, actor, action, note) VALUES ($1, $2, 'escalated', $3)`, [event.id, by.actor, reason]);
    const summary = (await eventSummary(q, event.id))!;
    const [row] = await q.query<EscalationRow>(
      'INSERT INTO escalations (township_code, event_id, reason, by, payload) VALUES ($1, $2, $3, $4, $5) RETURNING *',
      [township.code, event.id, reason, by.actor, JSON.stringify(summary)]);
    await audit(q, { actor: by.actor, action: 'event.escalated', target: `event:${event.number}`, detail: { escalation: row!.id }, ip: by.ip });
    await logFacts(q, township.code, [{ kind: 'event:updated', grid: event.grid_code, payload: summary }]);
    return toEscalation(row!);
  });
}

export async function listEscalations(q: Queryable, townshipCode: string, after: number, limit: number): Promise<Escalation[]> {
  const rows = await q.query<EscalationRow>('SELECT * FROM escalations WHERE township_code = $1 AND id > $2 ORDER BY id LIMIT $3', [townshipCode, after, limit]);
  return rows.map(toEscalation);
}

/** Backoff after the n-th failed attempt: 5 s, 10 s, 20 s … at most an hour. */
export const retryDelayMs = (attempts: number) => Math.min(3_600_000, 5_000 * 2 ** Math.max(0, attempts - 1));
const DELIVERY_TIMEOUT_MS = 10_000;
const DELIVERY_BATCH = 20;

/**
 * POSTs due outbox rows to the county's webhook, one at a time in id order; a 2xx marks a row
 * delivered, anything else schedules its next attempt. Returns how many were delivered.
 */
export async function deliverEscalations(db: Db, townshipCode: string, webhookUrl: string, now = new Date()): Promise<number> {
  const due = await db.query<EscalationRow>(
    `SELECT * FROM escalations WHERE township_code = $1 AND delivered_at IS NULL AND next_attempt_at <= $2 ORDER BY id LIMIT ${DELIVERY_BATCH}`, [townshipCode, now]);
  let delivered = 0;
  for (const row of due) {
    const escalation = toEscalation(row);
    let error: string | null = null;
    try {
      const res = await fetch(webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `escalation-${townshipCode}-${row.id}` },
        body: JSON.stringify(escalation),
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      await res.arrayBuffer();
      if (!res.ok) error = `HTTP ${res.status}`;
    } catch (cause) {
      error = (cause as Error).message;
    }
    if (error === null) {
      await db.query('UPDATE escalations SET delivered_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = $1', [row.id]);
      delivered += 1;
    } else {
      await db.query('UPDATE escalations SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3 WHERE id = $1',
        [row.id, error.slice(0, 500), new Date(Date.now() + retryDelayMs(row.attempts + 1))]);
    }
  }
  return delivered;
}
