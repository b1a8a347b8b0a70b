// The impact of a hazard area (影响分析): residents, households, vulnerable people, places, shelters and
// forces it holds or has near it, counted by the spatial index over the township's points as stored.
// The index is built once per hub and again when reference data is reloaded; shelters' and forces'
// names come from the same rows.
import type { MultiPolygon, Polygon } from 'geojson';
import type { ForceKind, KeyGroup, PlaceKind } from '../../../contract/domain.ts';
import type { HazardArea, ImpactFigures } from '../../../contract/incidents.ts';
import type { Queryable } from '../../db/index.ts';
import { ImpactIndex, type Impact } from '../../geo/impactIndex.ts';

/** Shelters and forces this far around a hazard area are listed. */
export const NEARBY_M = 3_000;
/** How many of each the wall lists. */
const LISTED = 10;

export interface TownshipImpact {
  index: ImpactIndex;
  names: Map<string, string>;
}

export async function loadImpactIndex(q: Queryable, townshipCode: string): Promise<TownshipImpact> {
  const inTownship = 'JOIN grids g ON g.code = x.grid_code JOIN villages v ON v.code = g.village_code WHERE v.township_code = $1';
  const [households, keyPeople, places, forces] = await Promise.all([
    q.query<{ code: string; lon: number; lat: number; residents: number }>(`SELECT x.code, x.lon, x.lat, x.residents FROM households x ${inTownship} ORDER BY x.code`, [townshipCode]),
    q.query<{ code: string; lon: number; lat: number; groups: KeyGroup[] }>(`SELECT x.code, x.lon, x.lat, x.groups FROM key_people x ${inTownship} ORDER BY x.code`, [townshipCode]),
    q.query<{ code: string; name: string; kind: PlaceKind; lon: number; lat: number; capacity: number | null }>(
      `SELECT x.code, x.name, x.kind, x.lon, x.lat, x.capacity FROM places x ${inTownship} ORDER BY x.code`, [townshipCode]),
    q.query<{ code: string; name: string; kind: ForceKind; lon: number; lat: number }>(
      `SELECT code, name, kind, lon, lat FROM response_forces WHERE township_code = $1 ORDER BY code`, [townshipCode]),
  ]);
  const names = new Map<string, string>([...places, ...forces].map((p) => [p.code, p.name]));
  return { index: new ImpactIndex({ households, keyPeople, places, forces }), names };
}

/** Occupancy of the incident's shelters by code (shelter arrivals), 0 for those none reached. */
export type Occupancy = ReadonlyMap<string, number>;

export function impactOf(township: TownshipImpact, area: Pick<HazardArea, 'incidentId' | 'version' | 'geometry'>, occupancy: Occupancy): { figures: ImpactFigures; impact: Impact } {
  const impact = township.index.impactOf(area.geometry as Polygon | MultiPolygon, { nearbyM: NEARBY_M });
  const figures: ImpactFigures = {
    incidentId: area.incidentId,
    version: area.version,
    residents: impact.residents,
    households: impact.households,
    vulnerable: impact.vulnerable,
    vulnerablePeople: impact.vulnerablePeople.length,
    placesByKind: Object.fromEntries(Object.entries(impact.placesByKind).filter(([, n]) => n > 0)),
    shelters: impact.sheltersNearby.slice(0, LISTED).map((s) => {
      const occupied = occupancy.get(s.code) ?? 0;
      return { code: s.code, name: township.names.get(s.code) ?? s.code, capacity: s.capacity, occupancy: occupied, free: Math.max(0, s.capacity - occupied),
        distanceM: Math.round(s.distanceM), inside: s.inside };
    }),
    forces: impact.forcesNearby.slice(0, LISTED).map((f) => ({ code: f.code, name: township.names.get(f.code) ?? f.code, kind: f.kind,
      distanceM: Math.round(f.distanceM), inside: f.inside })),
    nearbyM: NEARBY_M,
  };
  return { figures, impact };
}

export async function shelterOccupancy(q: Queryable, incidentId: number): Promise<Occupancy> {
  const rows = await q.query<{ shelter_code: string; people: number }>(
    'SELECT shelter_code, sum(people)::int AS people FROM shelter_arrivals WHERE incident_id = $1 GROUP BY shelter_code', [incidentId]);
  return new Map(rows.map((r) => [r.shelter_code, r.people]));
}
