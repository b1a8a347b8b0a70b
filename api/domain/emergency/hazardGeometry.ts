// The shape of a hazard area from what the room gave: a drawn polygon (checked: closed rings, no
// self-intersection), a circle around a point, both banks of a stretch of the river, or the flood fill
// of a gauge's water level. Whatever the method, the area is clipped to the township and refused when it
// misses it or is far larger than it (a slip of the hand, not a flood). Pure: no database.
import * as turf from '@turf/turf';
import type { Feature, LineString, MultiPolygon, Polygon } from 'geojson';
import { HAZARD_MAX_TOWNSHIP_MULTIPLE, type HazardAreaInput } from '../../../contract/incidents.ts';
import { DomainError } from '../errors.ts';

type Area = Polygon | MultiPolygon;
type ValidInput = Exclude<HazardAreaInput, { method: 'water_level' }>;

export interface HazardShape { geometry: Area; areaM2: number }

/** Refuses rings that are not closed or cross themselves, naming the first bad ring. */
function checkDrawn(geometry: Area): void {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  polygons.forEach((rings, p) => rings.forEach((ring, r) => {
    const path = geometry.type === 'Polygon' ? `geometry.coordinates.${r}` : `geometry.coordinates.${p}.${r}`;
    const [first, last] = [ring[0]!, ring[ring.length - 1]!];
    if (first[0] !== last[0] || first[1] !== last[1]) {
      throw new DomainError('validation', 'A ring of the hazard area is not closed: repeat its first position at its end.', [{ path, message: 'not closed' }]);
    }
  }));
  const crossings = turf.kinks(geometry).features.length;
  if (crossings > 0) {
    throw new DomainError('validation', `The drawn hazard area crosses itself (${crossings} crossing${crossings > 1 ? 's' : ''}); redraw it without crossing lines.`,
      [{ path: 'geometry', message: 'self-intersecting' }]);
  }
  if (turf.area(geometry) <= 0) throw new DomainError('validation', 'The drawn hazard area has no area.', [{ path: 'geometry', message: 'empty' }]);
}

/** The river stretch from `fromKm` to `toKm` along the line (from its first vertex), buffered by `widthM` on each bank. */
function riverStretch(river: LineString, fromKm: number, toKm: number, widthM: number): Area {
  const lengthKm = turf.length(turf.lineString(river.coordinates), { units: 'kilometers' });
  if (fromKm >= lengthKm) {
    throw new DomainError('validation', `The river is ${lengthKm.toFixed(1)} km long here: start the stretch before that.`, [{ path: 'fromKm', message: `beyond ${lengthKm.toFixed(1)} km` }]);
  }
  const stretch = turf.lineSliceAlong(turf.lineString(river.coordinates), fromKm, Math.min(toKm, lengthKm), { units: 'kilometers' });
  return turf.buffer(stretch, widthM, { units: 'meters' })!.geometry;
}

/** The raw shape for a method other than water_level (which needs the elevation model: see hazards.ts). */
export function rawShape(input: ValidInput, river: LineString): Area {
  switch (input.method) {
    case 'polygon':
      checkDrawn(input.geometry as Area);
      return input.geometry as Area;
    case 'point_buffer':
      return turf.buffer(turf.point([input.lon, input.lat]), input.radiusM, { units: 'meters', steps: 32 })!.geometry;
    case 'river_buffer':
      return riverStretch(river, input.fromKm, input.toKm, input.widthM);
  }
}

/** Clips a shape to the township; refuses one that misses it or is more than HAZARD_MAX_TOWNSHIP_MULTIPLE times its size. */
export function clipToTownship(shape: Area, township: Area): HazardShape {
  const townshipM2 = turf.area(township);
  const rawM2 = turf.area(shape);
  if (rawM2 > HAZARD_MAX_TOWNSHIP_MULTIPLE * townshipM2) {
    throw new DomainError('validation',
      `The hazard area (${(rawM2 / 1e6).toFixed(1)} km²) is more than ${HAZARD_MAX_TOWNSHIP_MULTIPLE} times the township (${(townshipM2 / 1e6).toFixed(1)} km²): draw the affected part only.`,
      [{ path: 'geometry', message: 'too large' }]);
  }
  const clipped = turf.intersect(turf.featureCollection([turf.feature(shape), turf.feature(township)]) as never) as Feature<Area> | null;
  const areaM2 = clipped ? turf.area(clipped) : 0;
  if (!clipped || areaM2 < 1) {
    throw new DomainError('outside_township', 'The hazard area lies outside the township.', [{ path: 'geometry', message: 'outside the township' }]);
  }
  return { geometry: clipped.geometry, areaM2 };
}
