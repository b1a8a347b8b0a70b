// The slice of GeoJSON (RFC 7946) the wall draws, and helpers to walk it. Coordinates are WGS84 [lon, lat].
export type Position = number[];
export type Geometry =
  | { type: 'Point'; coordinates: Position }
  | { type: 'MultiPoint'; coordinates: Position[] }
  | { type: 'LineString'; coordinates: Position[] }
  | { type: 'MultiLineString'; coordinates: Position[][] }
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] };

export interface Feature<P = Record<string, unknown>> {
  type: 'Feature';
  geometry: Geometry | null;
  properties: P;
}

export interface FeatureCollection<P = Record<string, unknown>> {
  type: 'FeatureCollection';
  features: Feature<P>[];
}

/** Every line to stroke: polygon rings (outer and holes) and line strings. */
export function linesOf(geometry: Geometry | null): Position[][] {
  switch (geometry?.type) {
    case 'LineString':
      return [geometry.coordinates];
    case 'MultiLineString':
    case 'Polygon':
      return geometry.coordinates;
    case 'MultiPolygon':
      return geometry.coordinates.flat();
    default:
      return [];
  }
}

/** Outer rings of a (multi)polygon, holes left out: what gets a fill. */
export function outerRingsOf(geometry: Geometry | null): Position[][] {
  if (geometry?.type === 'Polygon') return geometry.coordinates.slice(0, 1);
  if (geometry?.type === 'MultiPolygon') return geometry.coordinates.flatMap((polygon) => polygon.slice(0, 1));
  return [];
}

export function pointOf(geometry: Geometry | null): Position | undefined {
  if (geometry?.type === 'Point') return geometry.coordinates;
  if (geometry?.type === 'MultiPoint') return geometry.coordinates[0];
  return undefined;
}

/** Where to put a name label: the centre of the largest outer ring's bounding box. */
export function labelPointOf(geometry: Geometry | null): Position | undefined {
  let best: { area: number; centre: Position } | undefined;
  for (const ring of outerRingsOf(geometry)) {
    const [west, south, east, north] = bboxOf(ring);
    const area = (east - west) * (north - south);
    if (!best || area > best.area) best = { area, centre: [(west + east) / 2, (south + north) / 2] };
  }
  return best?.centre;
}

export function bboxOf(positions: Position[]): [number, number, number, number] {
  let west = Infinity, south = Infinity, east = -Infinity, north = -Infinity;
  for (const [lon = NaN, lat = NaN] of positions) {
    west = Math.min(west, lon);
    east = Math.max(east, lon);
    south = Math.min(south, lat);
    north = Math.max(north, lat);
  }
  return [west, south, east, north];
}
