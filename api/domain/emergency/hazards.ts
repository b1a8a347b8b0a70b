// Hazard areas of an incident (危险区域): each new shape is a new version, every version kept; the
// latest is the current one. A shape comes drawn, as a buffer around a point or along the river, or
// from a river gauge's water level through the elevation model (the area follows the water).
import type { LineString, MultiPolygon, Polygon } from 'geojson';
import type { HazardArea, HazardAreaInput, HazardMethod, HazardUpdate, ImpactFigures } from '../../../contract/incidents.ts';
import { audit } from '../../audit.ts';
import type { Db, Queryable } from '../../db/index.ts';
import { floodArea } from '../../geo/floodFill.ts';
import { logFacts } from '../../realtime/facts.ts';
import { DomainError } from '../errors.ts';
import { clipToTownship, rawShape } from './hazardGeometry.ts';
import type { Terrain } from './terrain.ts';

type Area = Polygon | MultiPolygon;

interface HazardRow { incident_id: number; version: number; method: HazardMethod; params: Record<string, unknown>; geometry: Area; area_m2: number;
  reason: string; created_by: string; created_at: Date }

const toArea = (r: HazardRow): HazardArea => ({ incidentId: r.incident_id, version: r.version, method: r.method, params: r.params, geometry: r.geometry,
  areaM2: r.area_m2, reason: r.reason, createdBy: r.created_by, createdAt: r.created_at.toISOString() });

export interface HazardGeography {
  township: Area;
  river: LineString;
  terrain: Terrain | null;
}

export async function hazardGeography(q: Queryable, townshipCode: string, terrain: Terrain | null): Promise<HazardGeography> {
  const [row] = await q.query<{ geometry: Area; river: { features: { geometry: LineString }[] } }>(
    `SELECT t.geometry, m.geojson AS river FROM townships t JOIN map_layers m ON m.township_code = t.code AND m.name = 'river' WHERE t.code = $1`, [townshipCode]);
  if (!row) throw new Error(`Township ${townshipCode} has no river layer.`);
  return { township: row.geometry, river: row.river.features[0]!.geometry, terrain };
}

/** The flood fill of a gauge's water level; the params record what it was made from (the level used, the water surface). */
async function waterLevelShape(q: Queryable, geo: HazardGeography, input: Extract<HazardAreaInput, { method: 'water_level' }>): Promise<{ shape: Area; params: Record<string, unknown> }> {
  if (!geo.terrain) throw new DomainError('conflict', 'This township has no elevation model: draw the hazard area or buffer the river instead.');
  const gauge = geo.terrain.gauges.find((g) => g.deviceCodes.includes(input.deviceCode));
  if (!gauge) {
    throw new DomainError('unknown_reference', `Device "${input.deviceCode}" is not a river gauge with a known datum; choose one of ${geo.terrain.gauges.flatMap((g) => g.deviceCodes).join(', ')}.`,
      [{ path: 'deviceCode', message: 'not a river gauge' }]);
  }
  let levelM = input.levelM;
  if (levelM === undefined) {
    const [device] = await q.query<{ last_value: number | null }>('SELECT last_value FROM devices WHERE code = $1', [input.deviceCode]);
    if (device?.last_value === null || device?.last_value === undefined) {
      throw new DomainError('conflict', `Gauge ${input.deviceCode} has not reported yet: give levelM.`, [{ path: 'levelM', message: 'no reading to use' }]);
    }
    levelM = device.last_value;
  }
  const surfaceM = gauge.datumM + levelM;
  const flood = floodArea(geo.terrain.grid, { waterLevelM: surfaceM, seed: [gauge.lon, gauge.lat] });
  if (flood.cells === 0) {
    throw new DomainError('validation', `At ${levelM} m on gauge ${input.deviceCode} (water surface ${surfaceM.toFixed(2)} m) no land near it lies below the water.`,
      [{ path: 'levelM', message: 'floods nothing' }]);
  }
  return { shape: flood.geometry, params: { deviceCode: input.deviceCode, levelM, datumM: gauge.datumM, surfaceM: Number(surfaceM.toFixed(3)), cells: flood.cells } };
}

/**
 * Adds the next version and logs it, with its impact, as the `hazard:updated` fact in the same
 * transaction (a screen that sees the fact can read the version).
 */
export async function addHazardArea(db: Db, townshipCode: string, incidentId: number, input: HazardAreaInput, geo: HazardGeography,
  impactOf: (area: HazardArea) => ImpactFigures, actor: string, ip: string | null): Promise<HazardUpdate> {
  return db.tx(async (q) => {
    const [incident] = await q.query<{ status: string; number: string }>('SELECT status, number FROM incidents WHERE id = $1 AND township_code = $2 FOR UPDATE',
      [incidentId, townshipCode]);
    if (!incident) throw new DomainError('not_found', `No incident ${incidentId}; list them with GET /api/v1/incidents.`);
    if (incident.status !== 'open') throw new DomainError('conflict', `Incident ${incident.number} is closed: its hazard area is kept as it was.`);
    const { reason, method, ...given } = input;
    const made = method === 'water_level'
      ? await waterLevelShape(q, geo, input)
      : { shape: rawShape(input, geo.river), params: given as Record<string, unknown> };
    const { geometry, areaM2 } = clipToTownship(made.shape, geo.township);
    const [row] = await q.query<HazardRow>(
      `INSERT INTO hazard_areas (incident_id, version, method, params, geometry, area_m2, reason, created_by)
       VALUES ($1, coalesce((SELECT max(version) FROM hazard_areas WHERE incident_id = $1), 0) + 1, $2, $3, $4, $5, $6, $7)
       RETURNING *`,
      [incidentId, method, JSON.stringify(made.params), JSON.stringify(geometry), areaM2, reason, actor]);
    await audit(q, { actor, action: 'hazard_area.added', target: `incident:${incidentId}`, detail: { version: row!.version, method, areaM2: Math.round(areaM2), reason }, ip });
    const area = toArea(row!);
    const update: HazardUpdate = { area, impact: impactOf(area) };
    await logFacts(q, townshipCode, [{ kind: 'hazard:updated', grid: null, payload: update }]);
    return update;
  });
}

export async function hazardAreas(q: Queryable, townshipCode: string, incidentId: number): Promise<HazardArea[]> {
  const rows = await q.query<HazardRow>(
    `SELECT h.* FROM hazard_areas h JOIN incidents i ON i.id = h.incident_id WHERE h.incident_id = $1 AND i.township_code = $2 ORDER BY h.version`,
    [incidentId, townshipCode]);
  return rows.map(toArea);
}

/** The incident's current hazard area, or null before one is drawn. */
export async function currentHazardArea(q: Queryable, townshipCode: string, incidentId: number): Promise<HazardArea | null> {
  const [row] = await q.query<HazardRow>(
    `SELECT h.* FROM hazard_areas h JOIN incidents i ON i.id = h.incident_id WHERE h.incident_id = $1 AND i.township_code = $2 ORDER BY h.version DESC LIMIT 1`,
    [incidentId, townshipCode]);
  return row ? toArea(row) : null;
}
