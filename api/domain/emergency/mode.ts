// Peacetime / emergency mode of the room (平战转换). The latest switch is the current mode; every
// switch is kept with who, when and why.
import type { ModeState, RoomMode } from '../../../contract/api.ts';
import { audit } from '../../audit.ts';
import type { Db, Queryable } from '../../db/index.ts';
import { DomainError } from '../errors.ts';
import { logFacts } from '../../realtime/facts.ts';

const PEACETIME: ModeState = { mode: 'peacetime', incidentEventId: null, reason: null, switchedBy: null, switchedAt: null };

export async function currentMode(q: Queryable, townshipCode: string): Promise<ModeState> {
  const [row] = await q.query<{ mode: RoomMode; incident_event_id: number | null; reason: string; switched_by: string; at: Date }>(
    'SELECT mode, incident_event_id, reason, switched_by, at FROM mode_switches WHERE township_code = $1 ORDER BY at DESC, id DESC LIMIT 1',
    [townshipCode],
  );
  return row
    ? { mode: row.mode, incidentEventId: row.incident_event_id, reason: row.reason, switchedBy: row.switched_by, switchedAt: row.at.toISOString() }
    : PEACETIME;
}

export async function switchMode(db: Db, townshipCode: string, request: { mode: RoomMode; reason: string; incidentEventId?: number }, actor: string, ip: string | null): Promise<ModeState> {
  return db.tx(async (q) => {
    if (request.incidentEventId !== undefined) {
      const found = await q.query('SELECT 1 FROM events WHERE id = $1 AND township_code = $2', [request.incidentEventId, townshipCode]);
      if (found.length === 0) throw new DomainError('unknown_reference', `No event ${request.incidentEventId} in this township.`, [{ path: 'incidentEventId', message: 'unknown event' }]);
    }
    await q.query('INSERT INTO mode_switches (township_code, mode, incident_event_id, reason, switched_by) VALUES ($1, $2, $3, $4, $5)', [
      townshipCode, request.mode, request.incidentEventId ?? null, request.reason, actor,
    ]);
    await audit(q, { actor, action: 'mode.switched', target: `township:${townshipCode}`, detail: { mode: request.mode, reason: request.reason, incidentEventId: request.incidentEventId ?? null }, ip });
    const mode = await currentMode(q, townshipCode);
    await logFacts(q, townshipCode, [{ kind: 'mode:changed', grid: null, payload: mode }]);
    return mode;
  });
}
