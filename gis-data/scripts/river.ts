// A schematic line of the Qu river (衢江) crossing the township from west to east.
import * as turf from '@turf/turf';
import type { LineString, Polygon } from 'geojson';
import { localFrame, roundPosition } from './geo.ts';
import type { Random } from './random.ts';

export interface RiverOptions {
  anchor: readonly [number, number]; // a point the river passes near (north of the township seat)
  slope: number; // km north per km east: the Qu river runs west-south-west → east-north-east here
  meanderKm: number; // amplitude of the bends
  overhangKm: number; // how far the line runs beyond the township on each side
  stepKm: number; // spacing of the line's vertices
}

export const RIVER_DEFAULTS: RiverOptions = {
  anchor: [119.097, 29.077],
  slope: 0.12,
  meanderKm: 0.45,
  overhangKm: 1.5,
  stepKm: 0.25,
};

export function buildRiver(rng: Random, township: Polygon, options: RiverOptions = RIVER_DEFAULTS): LineString {
  const frame = localFrame(options.anchor);
  const [minX, minY, maxX, maxY] = turf.bbox(township);
  const west = frame.toKm([minX, minY])[0] - options.overhangKm;
  const east = frame.toKm([maxX, maxY])[0] + options.overhangKm;
  const bends = [1, 2, 3].map((k) => ({ wavelengthKm: rng.float(5, 9) / k, amplitude: options.meanderKm / k, phase: rng.float(0, 2 * Math.PI) }));
  const coordinates: [number, number][] = [];
  for (let x = west; x <= east + 1e-9; x += options.stepKm) {
    const y = options.slope * x + bends.reduce((sum, b) => sum + b.amplitude * Math.sin((2 * Math.PI * x) / b.wavelengthKm + b.phase), 0);
    coordinates.push(roundPosition(frame.toLonLat([x, y])));
  }
  return { type: 'LineString', coordinates };
}
