// Geometry helpers shared by the generator: a local metric frame, rounding, clipping, parts.
import * as turf from '@turf/turf';
import type { MultiPolygon, Polygon, Position } from 'geojson';

export const COORD_DECIMALS = 6; // about 0.1 m: enough for a schematic map, small files
const COORD_SCALE = 10 ** COORD_DECIMALS;
export const KM_PER_DEG_LAT = 111.32;
/** Parts smaller than this are clipping noise, not shapes. */
export const SLIVER_KM2 = 1e-6; // 1 m²

export type Area = Polygon | MultiPolygon;
/** A [lon, lat] position that may be read-only (e.g. a constant in an options object). */
export type Coord = readonly number[];

export function roundCoord(value: number): number {
  const rounded = Math.round(value * COORD_SCALE) / COORD_SCALE;
  return rounded === 0 ? 0 : rounded; // no "-0" in the files
}

export function roundPosition(p: Coord): [number, number] {
  return [roundCoord(p[0] ?? NaN), roundCoord(p[1] ?? NaN)];
}

/** Rounds a polygon to COORD_DECIMALS, drops repeated positions and re-closes the rings. */
export function roundPolygon(polygon: Polygon): Polygon {
  const rings = polygon.coordinates.map((ring, i) => {
    const out: [number, number][] = [];
    for (const p of ring) {
      const r = roundPosition(p);
      const last = out[out.length - 1];
      if (!last || last[0] !== r[0] || last[1] !== r[1]) out.push(r);
    }
    const first = out[0];
    const last = out[out.length - 1];
    if (first && last && (first[0] !== last[0] || first[1] !== last[1])) out.push([first[0], first[1]]);
    if (out.length < 4) throw new Error(`Ring ${i} collapsed to ${out.length} positions after rounding; the shape is too small to keep.`);
    return out;
  });
  return { type: 'Polygon', coordinates: rings };
}

/** A local equirectangular frame in kilometres around an origin: good to a few metres over a township. */
export interface LocalFrame {
  toKm(p: Coord): [number, number];
  toLonLat(xy: readonly [number, number]): [number, number];
}

export function localFrame(origin: Coord): LocalFrame {
  const [lon0, lat0] = [origin[0] ?? 0, origin[1] ?? 0];
  const kmPerDegLon = KM_PER_DEG_LAT * Math.cos((lat0 * Math.PI) / 180);
  return {
    toKm: (p) => [((p[0] ?? 0) - lon0) * kmPerDegLon, ((p[1] ?? 0) - lat0) * KM_PER_DEG_LAT],
    toLonLat: ([x, y]) => [lon0 + x / kmPerDegLon, lat0 + y / KM_PER_DEG_LAT],
  };
}

export function areaKm2(geometry: Area): number {
  return turf.area(geometry) / 1e6;
}

export function parts(geometry: Area): Polygon[] {
  if (geometry.type === 'Polygon') return [geometry];
  return geometry.coordinates.map((coordinates) => ({ type: 'Polygon', coordinates }));
}

export function largestPart(geometry: Area): Polygon {
  let best: Polygon | undefined;
  let bestArea = -1;
  for (const part of parts(geometry)) {
    const a = areaKm2(part);
    if (a > bestArea) [best, bestArea] = [part, a];
  }
  if (!best) throw new Error('largestPart() got a geometry without parts.');
  return best;
}

/** The common part of two areas, or null when they do not overlap. */
export function intersectAreas(a: Area, b: Area): Area | null {
  const result = turf.intersect(turf.featureCollection([turf.feature(a), turf.feature(b)]));
  return result ? result.geometry : null;
}

export function unionAreas(a: Area, b: Area): Area | null {
  const result = turf.union(turf.featureCollection([turf.feature(a), turf.feature(b)]));
  return result ? result.geometry : null;
}

export function containsPoint(area: Area, p: Coord): boolean {
  return turf.booleanPointInPolygon([p[0] ?? NaN, p[1] ?? NaN], area, { ignoreBoundary: true });
}

/** Distance from a point to a line in kilometres. */
export function distanceToLineKm(p: Coord, line: Position[]): number {
  return turf.pointToLineDistance([p[0] ?? NaN, p[1] ?? NaN], turf.lineString(line), { units: 'kilometers' });
}
