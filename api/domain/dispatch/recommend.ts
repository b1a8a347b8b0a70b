// Recommendations for linked dispatch (联勤联动): the run card of the event's catalogue item at its
// level, each line filled with the nearest forces of its kind that are free, and the grid workers
// of the event's grid and its neighbours.
//
// Travel is estimated, not routed: straight-line distance × DETOUR_FACTOR at the kind's speed, plus
// the time to turn out (SPEED_KMH, TURNOUT_MINUTES below; README "Linked dispatch"). A force is free
// when it is marked available and holds no open task (notified, accepted or arrived); a force that
// refused this event, or already has a task of it, is not offered for it again.
import type { EventLevel, ForceKind } from '../../../contract/domain.ts';
import type { ForceCandidate, Recommendation, RunCardLine, WorkerCandidate } from '../../../contract/closedLoop.ts';
import type { Queryable } from '../../db/index.ts';
import { distanceM } from '../../geo/distance.ts';
import { department, findItemAnyState, type ItemRow } from '../catalogue/catalogue.ts';
import { DomainError } from '../errors.ts';
import type { Township } from '../township.ts';
import { ForceIndex, type ForceRef } from './forceIndex.ts';

/** Assumed average speeds on township roads, km/h (police and fire drive with lights; volunteers come by e-bike). */
export const SPEED_KMH: Record<ForceKind, number> = {
  police: 45, fire: 40, medical: 45, emergency_team: 35, militia: 30, volunteer: 15, power: 35, water_conservancy: 35,
};
/** Minutes from the call to leaving: stations on duty are quick, teams gather first. */
export const TURNOUT_MINUTES: Record<ForceKind, number> = {
  police: 2, fire: 1, medical: 2, emergency_team: 10, militia: 15, volunteer: 10, power: 5, water_conservancy: 5,
};
/** Roads are longer than the straight line; 1.4 is a common factor for rural road networks. */
export const DETOUR_FACTOR = 1.4;
/** Candidates offered beyond a line's count, so a refusal has a next nearest ready. */
export const ALTERNATIVES = 3;
/** A worker's last patrol position counts as where they are for this long. */
const POSITION_FRESH_MS = 15 * 60_000;

export function etaMinutes(kind: ForceKind, metres: number): number {
  return Math.round(TURNOUT_MINUTES[kind] + (metres * DETOUR_FACTOR) / 1000 / SPEED_KMH[kind] * 60);
}

interface EventRow { id: number; level: EventLevel; category: string; item_code: string | null; lon: number; lat: number; grid_code: string }

/** Who cannot be offered for this event: on any open task, or already answering (or having refused) this one. */
async function unavailable(q: Queryable, eventId: number): Promise<{ forces: Set<string>; workers: Set<string> }> {
  const rows = await q.query<{ party_kind: string; party_code: string }>(
    `SELECT DISTINCT party_kind, party_code FROM tasks
     WHERE status IN ('notified', 'accepted', 'arrived') OR (event_id = $1 AND status <> 'cancelled')`,
    [eventId],
  );
  const forces = new Set<string>();
  const workers = new Set<string>();
  for (const r of rows) (r.party_kind === 'force' ? forces : r.party_kind === 'worker' ? workers : new Set()).add(r.party_code);
  return { forces, workers };
}

/** The item whose run card applies: the event's own, else the catalogue's first active item of its category. */
async function itemFor(q: Queryable, townshipCode: string, event: EventRow): Promise<ItemRow | null> {
  if (event.item_code) return findItemAnyState(q, event.item_code);
  const [row] = await q.query<ItemRow>(
    'SELECT * FROM event_items WHERE township_code = $1 AND category = $2 AND active ORDER BY code LIMIT 1', [townshipCode, event.category]);
  return row ?? null;
}

export async function recommend(q: Queryable, township: Township, forces: ForceIndex, eventId: number, now = new Date()): Promise<Recommendation> {
  const [event] = await q.query<EventRow>(
    'SELECT id, level, category, item_code, lon, lat, grid_code FROM events WHERE id = $1 AND township_code = $2', [eventId, township.code]);
  if (!event) throw new DomainError('not_found', `No event ${eventId}.`);
  const item = await itemFor(q, township.code, event);
  const busy = await unavailable(q, event.id);
  const runCard: RunCardLine[] = item?.run_card[event.level] ?? [];
  const lines = runCard.map(({ kind, count }) => ({
    kind,
    count,
    candidates: forces.nearest(kind, event.lon, event.lat, count + ALTERNATIVES, (f) => !busy.forces.has(f.code)).map((f) => candidate(f, event)),
  }));
  return {
    eventId: event.id,
    itemCode: item?.code ?? null,
    level: event.level,
    department: item ? await department(q, township.code, item.department_code) : null,
    lines,
    workers: await nearbyWorkers(q, township, event, busy.workers, now),
  };
}

function candidate(f: ForceRef, at: { lon: number; lat: number }): ForceCandidate {
  const metres = Math.round(distanceM(at.lon, at.lat, f.lon, f.lat));
  return { code: f.code, name: f.name, kind: f.kind, departmentCode: f.departmentCode, members: f.members, lon: f.lon, lat: f.lat, distanceM: metres, etaMinutes: etaMinutes(f.kind, metres) };
}

/** The event grid's workers first, then its neighbours', each group nearest first. */
async function nearbyWorkers(q: Queryable, township: Township, event: EventRow, busy: Set<string>, now: Date): Promise<WorkerCandidate[]> {
  const grids = [event.grid_code, ...(township.neighbours.get(event.grid_code) ?? [])];
  const rows = await q.query<{ code: string; name: string; role: WorkerCandidate['role']; grid_code: string; lon: number | null; lat: number | null; seen: Date | null }>(
    `SELECT w.code, w.name, w.role, w.grid_code, p.lon, p.lat, p.ts AS seen
     FROM workers w
       LEFT JOIN LATERAL (SELECT pp.lon, pp.lat, pp.ts FROM patrol_points pp WHERE pp.worker_code = w.code ORDER BY pp.ts DESC LIMIT 1) p ON true
     WHERE w.active AND w.grid_code = ANY($1::text[])`,
    [grids],
  );
  return rows
    .map((w) => {
      const fresh = w.seen !== null && now.getTime() - w.seen.getTime() <= POSITION_FRESH_MS;
      const from = fresh ? { lon: w.lon!, lat: w.lat! } : township.grids.get(w.grid_code)!.centre;
      return { code: w.code, name: w.name, role: w.role, gridCode: w.grid_code, ownGrid: w.grid_code === event.grid_code,
        distanceM: Math.round(distanceM(event.lon, event.lat, from.lon, from.lat)), busy: busy.has(w.code) };
    })
    .sort((a, b) => Number(b.ownGrid) - Number(a.ownGrid) || a.distanceM - b.distanceM || a.code.localeCompare(b.code));
}
