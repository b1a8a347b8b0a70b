// Where the schematic township is river plain and where it is hills: the Qu river plain in the north,
// the foothills in the south (reservoirs, geological-hazard sites).
import * as turf from '@turf/turf';
import type { LineString, Polygon } from 'geojson';
import { type Coord, distanceToLineKm } from './geo.ts';

export const TERRAIN = {
  hillsShare: 0.45, // the southern share of the township's north–south extent counts as hills
  hillsMinRiverKm: 3.5, // and hills are at least this far from the river
};

export type HillTest = (p: Coord) => boolean;

export function hillTest(township: Polygon, river: LineString, options = TERRAIN): HillTest {
  const [, minLat, , maxLat] = turf.bbox(township);
  const northEdge = minLat + options.hillsShare * (maxLat - minLat);
  return (p) => (p[1] ?? Infinity) < northEdge && distanceToLineKm(p, river.coordinates) >= options.hillsMinRiverKm;
}
