// Shelters during an incident (转移安置): arrivals recorded as a field app reports them, occupancy
// as their sum, and the next shelter with room from a point. An arrival is never refused for being
// over capacity or inside the hazard area: the people are there, and the room must know it (the
// "nearly full" warning and the wall say so).
import * as turf from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import type { ArrivalInput, ShelterState, ShelterUpdate } from '../../../contract/incidents.ts';
import { audit } from '../../audit.ts';
import type { Db, Queryable } from '../../db/index.ts';
import { distanceM } from '../../geo/distance.ts';
import { logFacts } from '../../realtime/facts.ts';
import { DomainError } from '../errors.ts';
import { currentHazardArea } from './hazards.ts';

interface ShelterRow { code: string; name: string; capacity: number | null; lon: number; lat: number; occupancy: number }

function toState(row: ShelterRow, area: Polygon | MultiPolygon | null): ShelterState {
  const capacity = row.capacity ?? 0;
  return { code: row.code, name: row.name, capacity, occupancy: row.occupancy, free: Math.max(0, capacity - row.occupancy), lon: row.lon, lat: row.lat,
    inHazardArea: area !== null && turf.booleanPointInPolygon([row.lon, row.lat], area) };
}

async function shelterRows(q: Queryable, townshipCode: string, incidentId: number, code?: string): Promise<ShelterRow[]> {
  return q.query<ShelterRow>(
    `SELECT p.code, p.name, p.capacity, p.lon, p.lat, coalesce(sum(a.people), 0)::int AS occupancy
     FROM places p JOIN grids g ON g.code = p.grid_code JOIN villages v ON v.code = g.village_code
     LEFT JOIN shelter_arrivals a ON a.shelter_code = p.code AND a.incident_id = $2
     WHERE v.township_code = $1 AND p.kind = 'shelter' AND ($3::text IS NULL OR p.code = $3)
     GROUP BY p.code, p.name, p.capacity, p.lon, p.lat ORDER BY p.code`,
    [townshipCode, incidentId, code ?? null]);
}

async function lockIncident(q: Queryable, townshipCode: string, incidentId: number): Promise<void> {
  const [incident] = await q.query<{ status: string; number: string }>('SELECT status, number FROM incidents WHERE id = $1 AND township_code = $2 FOR UPDATE', [incidentId, townshipCode]);
  if (!incident) throw new DomainError('not_found', `No incident ${incidentId}; list them with GET /api/v1/incidents.`);
  if (incident.status !== 'open') throw new DomainError('conflict', `Incident ${incident.number} is closed; arrivals are recorded while it is open.`);
}

/** The incident's current hazard area, or null before one is drawn. */
async function hazardOf(q: Queryable, townshipCode: string, incidentId: number): Promise<Polygon | MultiPolygon | null> {
  return ((await currentHazardArea(q, townshipCode, incidentId))?.geometry as Polygon | MultiPolygon | undefined) ?? null;
}

export async function shelterStates(q: Queryable, townshipCode: string, incidentId: number): Promise<ShelterState[]> {
  const area = await hazardOf(q, townshipCode, incidentId);
  return (await shelterRows(q, townshipCode, incidentId)).map((row) => toState(row, area));
}

/** The nearest shelter outside the hazard area with room for `people`, from a point; null when none has room. */
export function nextShelterWithRoom(shelters: readonly ShelterState[], from: { lon: number; lat: number }, people: number): (ShelterState & { distanceM: number }) | null {
  return shelters
    .filter((s) => !s.inHazardArea && s.free >= people)
    .map((s) => ({ ...s, distanceM: Math.round(distanceM(from.lon, from.lat, s.lon, s.lat)) }))
    .sort((a, b) => a.distanceM - b.distanceM || a.code.localeCompare(b.code))[0] ?? null;
}

export async function recordArrival(db: Db, townshipCode: string, incidentId: number, shelterCode: string, input: ArrivalInput, actor: string, ip: string | null):
  Promise<{ update: ShelterUpdate; duplicate: boolean }> {
  return db.tx(async (q) => {
    await lockIncident(q, townshipCode, incidentId);
    const [shelter] = await shelterRows(q, townshipCode, incidentId, shelterCode);
    if (!shelter) {
      throw new DomainError('unknown_reference', `No shelter "${shelterCode}" in this township; list them with GET /api/v1/incidents/${incidentId}/shelters.`,
        [{ path: 'code', message: 'unknown shelter' }]);
    }
    if (input.externalId) {
      const [seen] = await q.query<{ incident_id: number; shelter_code: string; people: number }>(
        'SELECT incident_id, shelter_code, people FROM shelter_arrivals WHERE township_code = $1 AND external_id = $2', [townshipCode, input.externalId]);
      if (seen) {
        if (seen.incident_id !== incidentId || seen.shelter_code !== shelterCode || seen.people !== input.people) {
          throw new DomainError('conflict', `Arrival "${input.externalId}" was recorded before with other details; send a new externalId for a new arrival.`);
        }
        return { update: { incidentId, shelter: toState(shelter, await hazardOf(q, townshipCode, incidentId)) }, duplicate: true };
      }
    }
    await q.query(
      `INSERT INTO shelter_arrivals (township_code, incident_id, shelter_code, people, external_id, note, reported_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [townshipCode, incidentId, shelterCode, input.people, input.externalId ?? null, input.note ?? '', actor]);
    await audit(q, { actor, action: 'shelter.arrival', target: `shelter:${shelterCode}`, detail: { incidentId, people: input.people }, ip });
    const [after] = await shelterRows(q, townshipCode, incidentId, shelterCode);
    const update: ShelterUpdate = { incidentId, shelter: toState(after!, await hazardOf(q, townshipCode, incidentId)) };
    await logFacts(q, townshipCode, [{ kind: 'shelter:updated', grid: null, payload: update }]);
    return { update, duplicate: false };
  });
}
