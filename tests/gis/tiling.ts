// Test helpers: does a set of polygons tile a whole? (areas add up, no two overlap)
import * as turf from '@turf/turf';
import Flatbush from 'flatbush';
import type { MultiPolygon, Polygon } from 'geojson';

type Area = Polygon | MultiPolygon;

const M_PER_DEG_LAT = 111_320;
const REFERENCE_LAT = 29; // one fixed scale for all areas, so that parts and wholes compare exactly

/**
 * Planar area in m² with lon/lat edges taken as straight lines (as GeoJSON draws them).
 * turf.area() is spherical: adding a vertex in the middle of a long edge changes it by up to 1e-4,
 * which would hide or fake a tiling error of that size.
 */
export function areaM2(geometry: Area): number {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const sx = M_PER_DEG_LAT * Math.cos((REFERENCE_LAT * Math.PI) / 180);
  let total = 0;
  for (const rings of polygons) {
    rings.forEach((ring, r) => {
      const [x0 = 0, y0 = 0] = ring[0] ?? []; // measured from the first vertex: keeps the products small
      let twice = 0;
      for (let i = 0; i + 1 < ring.length; i++) {
        const [x1 = 0, y1 = 0] = ring[i] ?? [];
        const [x2 = 0, y2 = 0] = ring[i + 1] ?? [];
        twice += (x1 - x0) * sx * (y2 - y0) * M_PER_DEG_LAT - (x2 - x0) * sx * (y1 - y0) * M_PER_DEG_LAT;
      }
      total += (r === 0 ? 1 : -1) * Math.abs(twice / 2);
    });
  }
  return total;
}

export function intersectionM2(a: Area, b: Area): number {
  const common = turf.intersect(turf.featureCollection([turf.feature(a), turf.feature(b)]));
  return common ? areaM2(common.geometry) : 0;
}

export interface Overlap {
  i: number;
  j: number;
  overlapM2: number;
  /** The overlap as a share of the smaller of the two. */
  share: number;
}

/** The worst overlap between any two of the parts, found through a bbox index (flatbush). */
export function worstOverlap(parts: readonly Area[]): Overlap {
  let worst: Overlap = { i: -1, j: -1, overlapM2: 0, share: 0 };
  if (parts.length < 2) return worst;
  const index = new Flatbush(parts.length);
  const boxes = parts.map((p) => turf.bbox(p));
  for (const [minX, minY, maxX, maxY] of boxes) index.add(minX, minY, maxX, maxY);
  index.finish();
  boxes.forEach(([minX, minY, maxX, maxY], i) => {
    for (const j of index.search(minX, minY, maxX, maxY)) {
      if (j <= i) continue;
      const a = parts[i] as Area;
      const b = parts[j] as Area;
      const overlapM2 = intersectionM2(a, b);
      const share = overlapM2 / Math.min(areaM2(a), areaM2(b));
      if (share > worst.share) worst = { i, j, overlapM2, share };
    }
  });
  return worst;
}

/** |sum of part areas − whole area| / whole area. */
export function areaMismatch(whole: Area, parts: readonly Area[]): number {
  const sum = parts.reduce((s, p) => s + areaM2(p), 0);
  return Math.abs(sum - areaM2(whole)) / areaM2(whole);
}

/** The share of a part's area that lies outside the container. */
export function shareOutside(part: Area, container: Area): number {
  return 1 - intersectionM2(part, container) / areaM2(part);
}

/** A star-shaped polygon around a centre: one radius (km) per vertex, evenly spaced angles. */
export function starPolygon(centre: readonly [number, number], radiiKm: readonly number[]): Polygon {
  const kmPerDegLat = 111.32;
  const kmPerDegLon = kmPerDegLat * Math.cos((centre[1] * Math.PI) / 180);
  const ring = radiiKm.map((r, i) => {
    const a = (2 * Math.PI * i) / radiiKm.length;
    return [centre[0] + (r * Math.cos(a)) / kmPerDegLon, centre[1] + (r * Math.sin(a)) / kmPerDegLat];
  });
  ring.push(ring[0] as number[]);
  return { type: 'Polygon', coordinates: [ring] };
}
