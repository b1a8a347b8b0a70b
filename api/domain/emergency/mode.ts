// Peacetime / emergency mode of the room (平战转换). The latest switch is the current mode; every
// switch is kept with who, when, why and for which incident. A switch to emergency names an open
// incident. Switches are serialised per township (a lock on its row), so "the latest" is one switch
// even when two leaders press at once.
import type { ModeState } from '../../../contract/api.ts';
import type { ModeSwitch, ModeSwitchInput } from '../../../contract/incidents.ts';
import { audit } from '../../audit.ts';
import type { Db, Queryable } from '../../db/index.ts';
import { DomainError } from '../errors.ts';
import { logFacts } from '../../realtime/facts.ts';
import { incidentSummary } from './incidents.ts';

const PEACETIME: ModeState = { mode: 'peacetime', incident: null, reason: null, switchedBy: null, switchedAt: null };

export async function currentMode(q: Queryable, townshipCode: string): Promise<ModeState> {
  const [row] = await q.query<{ mode: ModeState['mode']; incident_id: number | null; reason: string; switched_by: string; at: Date }>(
    'SELECT mode, incident_id, reason, switched_by, at FROM mode_switches WHERE township_code = $1 ORDER BY at DESC, id DESC LIMIT 1',
    [townshipCode],
  );
  if (!row) return PEACETIME;
  const incident = row.mode === 'emergency' && row.incident_id !== null ? await incidentSummary(q, townshipCode, row.incident_id) : null;
  return { mode: row.mode, incident, reason: row.reason, switchedBy: row.switched_by, switchedAt: row.at.toISOString() };
}

export async function switchMode(db: Db, townshipCode: string, request: ModeSwitchInput, actor: string, ip: string | null): Promise<ModeState> {
  return db.tx(async (q) => {
    await q.query('SELECT 1 FROM townships WHERE code = $1 FOR UPDATE', [townshipCode]);
    const incidentId = request.mode === 'emergency' ? request.incidentId : null;
    if (incidentId !== null) {
      const [incident] = await q.query<{ status: string; number: string }>('SELECT status, number FROM incidents WHERE id = $1 AND township_code = $2', [incidentId, townshipCode]);
      if (!incident) throw new DomainError('unknown_reference', `No incident ${incidentId} in this township; open one first (POST /api/v1/incidents).`, [{ path: 'incidentId', message: 'unknown incident' }]);
      if (incident.status !== 'open') throw new DomainError('conflict', `Incident ${incident.number} is closed; the room switches to emergency only for an open incident.`);
    }
    await q.query('INSERT INTO mode_switches (township_code, mode, incident_id, reason, switched_by) VALUES ($1, $2, $3, $4, $5)', [
      townshipCode, request.mode, incidentId, request.reason, actor,
    ]);
    await audit(q, { actor, action: 'mode.switched', target: `township:${townshipCode}`, detail: { mode: request.mode, reason: request.reason, incidentId }, ip });
    const mode = await currentMode(q, townshipCode);
    await logFacts(q, townshipCode, [{ kind: 'mode:changed', grid: null, payload: mode }]);
    return mode;
  });
}

/** Every switch of the township (or of one incident), newest first. */
export async function modeSwitches(q: Queryable, townshipCode: string, incidentId?: number): Promise<ModeSwitch[]> {
  const rows = await q.query<{ id: number; mode: ModeSwitch['mode']; incident_id: number | null; reason: string; switched_by: string; at: Date }>(
    `SELECT id, mode, incident_id, reason, switched_by, at FROM mode_switches
     WHERE township_code = $1 AND ($2::bigint IS NULL OR incident_id = $2) ORDER BY at DESC, id DESC LIMIT 500`,
    [townshipCode, incidentId ?? null]);
  return rows.map((r) => ({ id: r.id, mode: r.mode, incidentId: r.incident_id, reason: r.reason, switchedBy: r.switched_by, at: r.at.toISOString() }));
}
