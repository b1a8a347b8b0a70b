// Shapes the console map draws, as pure functions (the map itself is in useGeoMap.ts).
import type { Geometry, Position } from '../../shared/geojson.ts';

type AreaGeometry = Extract<Geometry, { type: 'Polygon' | 'MultiPolygon' }>;

/**
 * The rings of an area wound for a non-zero fill: outer rings one way, holes the other, so the holes
 * come out unfilled whatever winding the GeoJSON came with.
 */
export function windForFill(geometry: AreaGeometry): Position[][] {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.flatMap((rings) => rings.map((ring, i) => {
    const counterClockwise = ringArea(ring) > 0;
    return counterClockwise === (i === 0) ? ring : [...ring].reverse();
  }));
}

function ringArea(ring: Position[]): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) sum += (ring[i]![0] ?? 0) * (ring[i + 1]![1] ?? 0) - (ring[i + 1]![0] ?? 0) * (ring[i]![1] ?? 0);
  return sum / 2;
}
