// The replay of an incident (工作复盘): what happened around it, oldest first — gauge readings and
// the alarms they raised, warnings, the incident's own steps, the room's switches, every hazard area
// version, dispatch task states (at their event's place), shelter arrivals (at the shelter, with its
// capacity), patrol positions — read from the rows, so the replay changes nothing. The window runs
// from two hours before the incident (or its source) to its close (or now).
import type { HazardArea, HazardMethod, IncidentTimeline, TimelineItem } from '../../../contract/incidents.ts';
import type { Queryable } from '../../db/index.ts';
import { incidentSummary } from './incidents.ts';

const LEAD_MS = 2 * 3_600_000;
/** Readings and patrol points are many: at most this many of each. */
export const TIMELINE_LIMIT = 5_000;

const iso = (d: Date) => d.toISOString();

export async function incidentTimeline(q: Queryable, townshipCode: string, incidentId: number, now = new Date()): Promise<IncidentTimeline> {
  const incident = await incidentSummary(q, townshipCode, incidentId);
  const [source] = await q.query<{ at: Date | null }>(
    `SELECT CASE i.from_kind
       WHEN 'event' THEN (SELECT accepted_at FROM events WHERE id = i.from_id)
       WHEN 'alarm' THEN (SELECT raised_at FROM alarms WHERE id = i.from_id)
       WHEN 'warning' THEN (SELECT raised_at FROM warnings WHERE id = i.from_id) END AS at
     FROM incidents i WHERE i.id = $1`, [incidentId]);
  const started = Math.min(Date.parse(incident.openedAt), source?.at?.getTime() ?? Infinity);
  const from = new Date(started - LEAD_MS);
  const to = incident.closedAt ? new Date(incident.closedAt) : now;
  const window = [townshipCode, from, to];
  const inTownship = 'JOIN devices d ON d.code = x.device_code JOIN grids g ON g.code = d.grid_code JOIN villages v ON v.code = g.village_code AND v.township_code = $1';
  const items: TimelineItem[] = [];
  const truncated: TimelineItem['kind'][] = [];

  // The water-level gauges' readings: what the replay's level chart and the flood fill replay follow.
  const readings = await q.query<{ device_code: string; ts: Date; value: number; warn_above: number }>(
    `SELECT x.device_code, x.ts, x.value, d.warn_above FROM readings x ${inTownship}
     WHERE d.type = 'water_level' AND x.ts BETWEEN $2 AND $3 ORDER BY x.ts, x.id LIMIT ${TIMELINE_LIMIT + 1}`, window);
  if (readings.length > TIMELINE_LIMIT) truncated.push('reading');
  for (const r of readings.slice(0, TIMELINE_LIMIT)) items.push({ at: iso(r.ts), kind: 'reading', deviceCode: r.device_code, value: r.value, overThreshold: r.value > r.warn_above });

  const alarms = await q.query<{ id: number; device_code: string; severity: string; value: number; lon: number; lat: number; raised_at: Date; acknowledged_at: Date | null; cleared_at: Date | null }>(
    `SELECT x.id, x.device_code, x.severity, x.value, d.lon, d.lat, x.raised_at, x.acknowledged_at, x.cleared_at FROM alarms x ${inTownship}
     WHERE x.raised_at <= $3 AND coalesce(x.cleared_at, $3) >= $2 ORDER BY x.id`, window);
  for (const a of alarms) {
    const base = { kind: 'alarm' as const, alarmId: a.id, deviceCode: a.device_code, severity: a.severity, value: a.value, lon: a.lon, lat: a.lat };
    if (a.raised_at >= from) items.push({ ...base, at: iso(a.raised_at), step: 'raised' });
    if (a.acknowledged_at && a.acknowledged_at >= from && a.acknowledged_at <= to) items.push({ ...base, at: iso(a.acknowledged_at), step: 'acknowledged' });
    if (a.cleared_at && a.cleared_at <= to) items.push({ ...base, at: iso(a.cleared_at), step: 'cleared' });
  }

  const warnings = await q.query<{ id: number; level: string; title: string; lon: number | null; lat: number | null; raised_at: Date; acknowledged_at: Date | null; resolved_at: Date | null }>(
    `SELECT id, level, title, lon, lat, raised_at, acknowledged_at, resolved_at FROM warnings
     WHERE township_code = $1 AND raised_at <= $3 AND coalesce(resolved_at, $3) >= $2 ORDER BY id`, window);
  for (const w of warnings) {
    const base = { kind: 'warning' as const, warningId: w.id, level: w.level, title: w.title, lon: w.lon, lat: w.lat };
    if (w.raised_at >= from) items.push({ ...base, at: iso(w.raised_at), step: 'raised' });
    if (w.acknowledged_at && w.acknowledged_at >= from && w.acknowledged_at <= to) items.push({ ...base, at: iso(w.acknowledged_at), step: 'acknowledged' });
    if (w.resolved_at && w.resolved_at <= to) items.push({ ...base, at: iso(w.resolved_at), step: 'resolved' });
  }

  const levels = await q.query<{ response_level: string; reason: string; set_by: string; at: Date; first: boolean }>(
    'SELECT response_level, reason, set_by, at, id = min(id) OVER () AS first FROM incident_levels WHERE incident_id = $1 ORDER BY id', [incidentId]);
  for (const l of levels) items.push({ at: iso(l.at), kind: 'incident', step: l.first ? 'opened' : 'level', responseLevel: l.response_level, reason: l.reason, by: l.set_by });
  if (incident.closedAt) {
    const [closed] = await q.query<{ close_reason: string | null }>('SELECT close_reason FROM incidents WHERE id = $1', [incidentId]);
    items.push({ at: incident.closedAt, kind: 'incident', step: 'closed', responseLevel: null, reason: closed?.close_reason ?? null, by: incident.closedBy ?? '' });
  }

  const switches = await q.query<{ mode: 'peacetime' | 'emergency'; reason: string; switched_by: string; at: Date }>(
    'SELECT mode, reason, switched_by, at FROM mode_switches WHERE township_code = $1 AND at BETWEEN $2 AND $3 ORDER BY at, id', window);
  for (const s of switches) items.push({ at: iso(s.at), kind: 'mode', mode: s.mode, reason: s.reason, by: s.switched_by });

  const areas = await q.query<{ version: number; method: HazardMethod; area_m2: number; geometry: HazardArea['geometry']; created_at: Date }>(
    'SELECT version, method, area_m2, geometry, created_at FROM hazard_areas WHERE incident_id = $1 ORDER BY version', [incidentId]);
  for (const a of areas) items.push({ at: iso(a.created_at), kind: 'hazard', version: a.version, method: a.method, areaM2: a.area_m2, geometry: a.geometry });

  // Task states of the events dispatched in the window inside any hazard area version's bounds, and of the incident's source event.
  const tasks = await q.query<{ id: number; event_id: number; party_name: string; created_at: Date; accepted_at: Date | null; arrived_at: Date | null; done_at: Date | null; status: string; status_at: Date; lon: number; lat: number }>(
    `SELECT t.id, t.event_id, t.party_name, t.created_at, t.accepted_at, t.arrived_at, t.done_at, t.status, t.status_at, e.lon, e.lat
     FROM tasks t JOIN events e ON e.id = t.event_id
     WHERE e.township_code = $1 AND t.created_at BETWEEN $2 AND $3
       AND (e.id = $4 OR e.alarm_id IN (SELECT a.id FROM alarms a WHERE a.raised_at BETWEEN $2 AND $3) OR $5::boolean)
     ORDER BY t.id`,
    [...window, incident.from?.kind === 'event' ? incident.from.id : null, areas.length > 0]);
  for (const t of tasks) {
    const steps: [string, Date | null][] = [['notified', t.created_at], ['accepted', t.accepted_at], ['arrived', t.arrived_at], ['done', t.done_at]];
    if (['refused', 'cancelled'].includes(t.status)) steps.push([t.status, t.status_at]);
    for (const [status, at] of steps) if (at && at <= to) items.push({ at: iso(at), kind: 'task', taskId: t.id, eventId: t.event_id, status, party: t.party_name, lon: t.lon, lat: t.lat });
  }

  const arrivals = await q.query<{ shelter_code: string; people: number; at: Date; lon: number; lat: number; capacity: number | null }>(
    `SELECT a.shelter_code, a.people, a.at, p.lon, p.lat, p.capacity FROM shelter_arrivals a JOIN places p ON p.code = a.shelter_code
     WHERE a.incident_id = $1 ORDER BY a.at, a.id`, [incidentId]);
  for (const a of arrivals) items.push({ at: iso(a.at), kind: 'arrival', shelterCode: a.shelter_code, people: a.people, lon: a.lon, lat: a.lat, capacity: a.capacity });

  const patrol = await q.query<{ worker_code: string; ts: Date; lon: number; lat: number }>(
    `SELECT p.worker_code, p.ts, p.lon, p.lat FROM patrol_points p JOIN grids g ON g.code = p.grid_code JOIN villages v ON v.code = g.village_code AND v.township_code = $1
     WHERE p.ts BETWEEN $2 AND $3 ORDER BY p.ts, p.id LIMIT ${TIMELINE_LIMIT + 1}`, window);
  if (patrol.length > TIMELINE_LIMIT) truncated.push('patrol');
  for (const p of patrol.slice(0, TIMELINE_LIMIT)) items.push({ at: iso(p.ts), kind: 'patrol', workerCode: p.worker_code, lon: p.lon, lat: p.lat });

  items.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return { incident, from: iso(from), to: iso(to), items, truncated };
}
