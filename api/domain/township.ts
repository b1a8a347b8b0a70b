// The township this hub serves, held in memory: its outline, a grid index for locating points, and
// the reference rows (grids, devices, workers) that every ingest consults. Reference data changes
// rarely and only through the hub, which calls reload() after such a change.
import { booleanPointInPolygon } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import type { DeviceType } from '../../contract/domain.ts';
import type { Queryable } from '../db/index.ts';
import { GridIndex } from '../geo/gridIndex.ts';

export interface GridRef {
  code: string;
  name: string;
  villageCode: string;
  villageName: string;
  /** The centre of its bounding box: where a grid worker is taken to be when nothing better is known. */
  centre: { lon: number; lat: number };
}
export interface DeviceRef {
  code: string;
  type: DeviceType;
  gridCode: string;
  lon: number;
  lat: number;
  warnAbove: number;
  criticalAbove: number;
}
export interface WorkerRef { code: string; name: string; gridCode: string }

export interface Township {
  code: string;
  name: string;
  countyName: string;
  bbox: [number, number, number, number];
  attribution: string[];
  schematic: boolean;
  contains(lon: number, lat: number): boolean;
  /** The grid holding the point; for a point inside the township but in a sliver between grids, the nearest grid. */
  locateGrid(lon: number, lat: number): GridRef | null;
  grids: Map<string, GridRef>;
  /** The grids that share a border (or a corner) with each grid. */
  neighbours: Map<string, string[]>;
  devices: Map<string, DeviceRef>;
  workers: Map<string, WorkerRef>;
}

interface GridRow { code: string; name: string; village_code: string; village_name: string; geometry: Polygon | MultiPolygon; bbox: number[] }

export async function loadTownship(q: Queryable, code?: string): Promise<Township | null> {
  const [row] = await q.query<{ code: string; name: string; county_name: string; geometry: Polygon | MultiPolygon; bbox: number[]; attribution: string[]; schematic: boolean }>(
    `SELECT code, name, county_name, geometry, bbox, attribution, schematic FROM townships
     WHERE $1::text IS NULL OR code = $1 ORDER BY code LIMIT 1`,
    [code ?? null],
  );
  if (!row) return null;
  const gridRows = await q.query<GridRow>(
    `SELECT g.code, g.name, g.village_code, v.name AS village_name, g.geometry, g.bbox
     FROM grids g JOIN villages v ON v.code = g.village_code WHERE v.township_code = $1 ORDER BY g.code`,
    [row.code],
  );
  const deviceRows = await q.query<{ code: string; type: DeviceType; grid_code: string; lon: number; lat: number; warn_above: number; critical_above: number }>(
    `SELECT d.code, d.type, d.grid_code, d.lon, d.lat, d.warn_above, d.critical_above
     FROM devices d JOIN grids g ON g.code = d.grid_code JOIN villages v ON v.code = g.village_code
     WHERE v.township_code = $1 AND d.active`,
    [row.code],
  );
  const workerRows = await q.query<{ code: string; name: string; grid_code: string }>(
    `SELECT w.code, w.name, w.grid_code FROM workers w JOIN grids g ON g.code = w.grid_code JOIN villages v ON v.code = g.village_code
     WHERE v.township_code = $1 AND w.active`,
    [row.code],
  );

  const grids = new Map<string, GridRef>(
    gridRows.map((g) => [g.code, { code: g.code, name: g.name, villageCode: g.village_code, villageName: g.village_name,
      centre: { lon: (g.bbox[0]! + g.bbox[2]!) / 2, lat: (g.bbox[1]! + g.bbox[3]!) / 2 } }]),
  );
  const index = new GridIndex(
    gridRows.map((g) => ({ code: g.code, geometry: g.geometry })),
  );
  const centres = [...grids.values()].map((g) => ({ code: g.code, ...g.centre }));
  const outline = { type: 'Feature' as const, properties: {}, geometry: row.geometry };

  const contains = (lon: number, lat: number) => booleanPointInPolygon([lon, lat], outline);
  return {
    code: row.code,
    name: row.name,
    countyName: row.county_name,
    bbox: row.bbox as [number, number, number, number],
    attribution: row.attribution,
    schematic: row.schematic,
    contains,
    locateGrid(lon, lat) {
      const found = index.locate(lon, lat);
      if (found) return grids.get(found) ?? null;
      if (!contains(lon, lat) || centres.length === 0) return null;
      let best = centres[0]!;
      let bestDistance = Infinity;
      for (const centre of centres) {
        const distance = (centre.lon - lon) ** 2 + (centre.lat - lat) ** 2;
        if (distance < bestDistance) [best, bestDistance] = [centre, distance];
      }
      return grids.get(best.code) ?? null;
    },
    grids,
    neighbours: sharedBorders(gridRows),
    devices: new Map(deviceRows.map((d) => [d.code, { code: d.code, type: d.type, gridCode: d.grid_code, lon: d.lon, lat: d.lat, warnAbove: d.warn_above, criticalAbove: d.critical_above }])),
    workers: new Map(workerRows.map((w) => [w.code, { code: w.code, name: w.name, gridCode: w.grid_code }])),
  };
}

/** Vertices are compared at 1e-6° (about 0.1 m): a tiling shares the vertices of its common borders. */
const VERTEX_PRECISION = 1e6;

/** Grids that share at least one vertex: neighbours in a tiling such as gis-data's (or any clean import). */
export function sharedBorders(rows: Pick<GridRow, 'code' | 'geometry'>[]): Map<string, string[]> {
  const byVertex = new Map<string, Set<string>>();
  for (const row of rows) {
    const polygons = row.geometry.type === 'Polygon' ? [row.geometry.coordinates] : row.geometry.coordinates;
    for (const ring of polygons.flat()) {
      for (const [lon, lat] of ring) {
        const key = `${Math.round(lon! * VERTEX_PRECISION)},${Math.round(lat! * VERTEX_PRECISION)}`;
        let owners = byVertex.get(key);
        if (!owners) byVertex.set(key, (owners = new Set()));
        owners.add(row.code);
      }
    }
  }
  const neighbours = new Map<string, Set<string>>(rows.map((r) => [r.code, new Set()]));
  for (const owners of byVertex.values()) {
    if (owners.size < 2) continue;
    for (const a of owners) for (const b of owners) if (a !== b) neighbours.get(a)!.add(b);
  }
  return new Map([...neighbours].map(([code, set]) => [code, [...set].sort()]));
}
