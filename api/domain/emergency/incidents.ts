// Incidents (突发事件): opened by a leader from an event, an alarm or a warning (or on their own
// judgement) with a response level; the level may change; closed once the room is back in peacetime.
// Every change is audited and pushed (`incident:updated`).
import type { IncidentInput, IncidentKind, IncidentSource, IncidentSummary } from '../../../contract/incidents.ts';
import type { ResponseLevel } from '../../../contract/warnings.ts';
import { audit } from '../../audit.ts';
import type { Db, Queryable } from '../../db/index.ts';
import { logFacts } from '../../realtime/facts.ts';
import { DomainError } from '../errors.ts';
import { chinaDayStamp } from '../time.ts';
import { logWarningFacts } from '../warnings/warnings.ts';

interface IncidentRow {
  id: number; number: string; title: string; kind: IncidentKind; response_level: ResponseLevel; status: 'open' | 'closed';
  from_kind: IncidentSource | null; from_id: number | null; opened_by: string; opened_at: Date; closed_by: string | null; closed_at: Date | null;
  hazard_version: number;
}

const SELECT = `SELECT i.id, i.number, i.title, i.kind, i.response_level, i.status, i.from_kind, i.from_id, i.opened_by, i.opened_at,
  i.closed_by, i.closed_at, coalesce((SELECT max(h.version) FROM hazard_areas h WHERE h.incident_id = i.id), 0)::int AS hazard_version
  FROM incidents i`;

const toSummary = (r: IncidentRow): IncidentSummary => ({
  id: r.id, number: r.number, title: r.title, kind: r.kind, responseLevel: r.response_level, status: r.status,
  from: r.from_kind && r.from_id !== null ? { kind: r.from_kind, id: r.from_id } : null, openedBy: r.opened_by, openedAt: r.opened_at.toISOString(),
  closedBy: r.closed_by, closedAt: r.closed_at?.toISOString() ?? null, hazardVersion: r.hazard_version,
});

export async function incidentSummary(q: Queryable, townshipCode: string, id: number): Promise<IncidentSummary> {
  const [row] = await q.query<IncidentRow>(`${SELECT} WHERE i.id = $1 AND i.township_code = $2`, [id, townshipCode]);
  if (!row) throw new DomainError('not_found', `No incident ${id}; list them with GET /api/v1/incidents.`);
  return toSummary(row);
}

export async function listIncidents(q: Queryable, townshipCode: string, openOnly: boolean): Promise<IncidentSummary[]> {
  const rows = await q.query<IncidentRow>(`${SELECT} WHERE i.township_code = $1 AND ($2::boolean IS FALSE OR i.status = 'open') ORDER BY i.opened_at DESC, i.id DESC LIMIT 200`,
    [townshipCode, openOnly]);
  return rows.map(toSummary);
}

/** Logs the incident's present state as a fact for every screen of the township. */
export async function logIncidentFact(q: Queryable, townshipCode: string, id: number): Promise<IncidentSummary> {
  const incident = await incidentSummary(q, townshipCode, id);
  await logFacts(q, townshipCode, [{ kind: 'incident:updated', grid: null, payload: incident }]);
  return incident;
}

const SOURCE_TABLE: Record<IncidentSource, string> = {
  event: 'SELECT 1 FROM events WHERE id = $1 AND township_code = $2',
  alarm: `SELECT 1 FROM alarms a JOIN devices d ON d.code = a.device_code JOIN grids g ON g.code = d.grid_code JOIN villages v ON v.code = g.village_code
          WHERE a.id = $1 AND v.township_code = $2`,
  warning: 'SELECT 1 FROM warnings WHERE id = $1 AND township_code = $2',
};

export async function openIncident(db: Db, townshipCode: string, input: IncidentInput, actor: string, ip: string | null, now = new Date()): Promise<IncidentSummary> {
  return db.tx(async (q) => {
    if (input.from) {
      const found = await q.query(SOURCE_TABLE[input.from.kind], [input.from.id, townshipCode]);
      if (found.length === 0) {
        throw new DomainError('unknown_reference', `No ${input.from.kind} ${input.from.id} in this township.`, [{ path: 'from.id', message: `unknown ${input.from.kind}` }]);
      }
    }
    const year = Number(chinaDayStamp(now).slice(0, 4));
    const [counter] = await q.query<{ last: number }>(
      `INSERT INTO incident_counters (township_code, year, last) VALUES ($1, $2, 1)
       ON CONFLICT (township_code, year) DO UPDATE SET last = incident_counters.last + 1 RETURNING last`, [townshipCode, year]);
    const number = `${townshipCode}-YJ${year}-${String(counter!.last).padStart(3, '0')}`;
    const [row] = await q.query<{ id: number }>(
      `INSERT INTO incidents (township_code, number, title, kind, response_level, from_kind, from_id, opened_by, opened_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [townshipCode, number, input.title, input.kind, input.responseLevel, input.from?.kind ?? null, input.from?.id ?? null, actor, now]);
    const id = row!.id;
    await q.query('INSERT INTO incident_levels (incident_id, response_level, reason, set_by, at) VALUES ($1, $2, $3, $4, $5)',
      [id, input.responseLevel, input.reason, actor, now]);
    if (input.from?.kind === 'warning') {
      const linked = await q.query<{ id: number }>('UPDATE warnings SET incident_id = $2 WHERE id = $1 AND incident_id IS NULL RETURNING id', [input.from.id, id]);
      if (linked.length === 0) throw new DomainError('conflict', `Warning ${input.from.id} already has an incident.`);
      await logWarningFacts(q, townshipCode, 'warning:updated', [input.from.id]);
    }
    await audit(q, { actor, action: 'incident.opened', target: `incident:${id}`, detail: { number, responseLevel: input.responseLevel, from: input.from ?? null, reason: input.reason }, ip });
    return logIncidentFact(q, townshipCode, id);
  });
}

async function lockOpen(q: Queryable, townshipCode: string, id: number): Promise<Pick<IncidentRow, 'number' | 'status' | 'response_level'>> {
  const [row] = await q.query<Pick<IncidentRow, 'number' | 'status' | 'response_level'>>(
    'SELECT number, status, response_level FROM incidents WHERE id = $1 AND township_code = $2 FOR UPDATE', [id, townshipCode]);
  if (!row) throw new DomainError('not_found', `No incident ${id}; list them with GET /api/v1/incidents.`);
  if (row.status !== 'open') throw new DomainError('conflict', `Incident ${row.number} is closed.`);
  return row;
}

export async function setResponseLevel(db: Db, townshipCode: string, id: number, level: ResponseLevel, reason: string, actor: string, ip: string | null): Promise<IncidentSummary> {
  return db.tx(async (q) => {
    const row = await lockOpen(q, townshipCode, id);
    if (row.response_level === level) throw new DomainError('conflict', `Incident ${row.number} is already at level ${level}.`);
    await q.query('UPDATE incidents SET response_level = $2 WHERE id = $1', [id, level]);
    await q.query('INSERT INTO incident_levels (incident_id, response_level, reason, set_by) VALUES ($1, $2, $3, $4)', [id, level, reason, actor]);
    await audit(q, { actor, action: 'incident.level_changed', target: `incident:${id}`, detail: { from: row.response_level, to: level, reason }, ip });
    return logIncidentFact(q, townshipCode, id);
  });
}

export async function closeIncident(db: Db, townshipCode: string, id: number, reason: string, actor: string, ip: string | null): Promise<IncidentSummary> {
  return db.tx(async (q) => {
    // The switch lock first, as a switch takes it: a switch to emergency for this incident cannot slip in.
    await q.query('SELECT 1 FROM townships WHERE code = $1 FOR UPDATE', [townshipCode]);
    const row = await lockOpen(q, townshipCode, id);
    const [mode] = await q.query<{ mode: string; incident_id: number | null }>(
      'SELECT mode, incident_id FROM mode_switches WHERE township_code = $1 ORDER BY at DESC, id DESC LIMIT 1', [townshipCode]);
    if (mode?.mode === 'emergency' && mode.incident_id === id) {
      throw new DomainError('conflict', `The room is in emergency mode for ${row.number}: switch back to peacetime first (POST /api/v1/mode).`);
    }
    await q.query(`UPDATE incidents SET status = 'closed', closed_by = $2, closed_at = now(), close_reason = $3 WHERE id = $1`, [id, actor, reason]);
    await audit(q, { actor, action: 'incident.closed', target: `incident:${id}`, detail: { reason }, ip });
    return logIncidentFact(q, townshipCode, id);
  });
}
