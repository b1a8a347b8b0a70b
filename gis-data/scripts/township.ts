// A schematic township outline: a noisy radial blob inside the real county outline.
import type { Polygon } from 'geojson';
import { areaKm2, intersectAreas, largestPart, localFrame } from './geo.ts';
import type { Random } from './random.ts';

export interface TownshipShapeOptions {
  centre: readonly [number, number]; // [lon, lat] of the blob's centre
  targetAreaKm2: number; // area after clipping to the county
  areaToleranceKm2: number;
  vertices: number;
  harmonics: number; // number of cosine waves that make the outline irregular
  waviness: number; // amplitude of the first wave, relative to the radius
  stretchX: number; // east–west stretch: the township lies along the river plain
}

export const TOWNSHIP_SHAPE: TownshipShapeOptions = {
  centre: [119.112, 29.058], // west of Longyou county, in the Qu river (衢江) plain
  targetAreaKm2: 140, // 湖镇镇 is about 120–160 km²
  areaToleranceKm2: 0.5,
  vertices: 144,
  harmonics: 12,
  waviness: 0.2,
  stretchX: 1.25,
};

const RADIUS_SEARCH_KM: readonly [number, number] = [2, 20];
const RADIUS_SEARCH_STEPS = 60;
const WAVE_DECAY = 0.7; // higher waves are smaller: a coastline-like outline, not a star
const MIN_RELATIVE_RADIUS = 0.45; // keeps the blob from pinching into two

/**
 * A noisy radial blob around `centre`, clipped to the county, scaled so that the clipped area is
 * `targetAreaKm2`. Returns the largest part as one Polygon (not yet rounded).
 */
export function buildTownship(rng: Random, county: Polygon, options: TownshipShapeOptions = TOWNSHIP_SHAPE): Polygon {
  const waves = Array.from({ length: options.harmonics }, (_, i) => ({
    k: i + 2,
    amplitude: (options.waviness / (i + 1) ** WAVE_DECAY) * rng.float(0.4, 1),
    phase: rng.float(0, 2 * Math.PI),
  }));
  const relativeRadius = (theta: number): number =>
    Math.max(MIN_RELATIVE_RADIUS, 1 + waves.reduce((sum, w) => sum + w.amplitude * Math.cos(w.k * theta + w.phase), 0));
  const frame = localFrame(options.centre);

  const shapeFor = (radiusKm: number): Polygon => {
    const ring: [number, number][] = [];
    for (let i = 0; i < options.vertices; i++) {
      const theta = (2 * Math.PI * i) / options.vertices;
      const r = radiusKm * relativeRadius(theta);
      ring.push(frame.toLonLat([r * Math.cos(theta) * options.stretchX, r * Math.sin(theta) / options.stretchX]));
    }
    ring.push(ring[0] as [number, number]);
    const blob: Polygon = { type: 'Polygon', coordinates: [ring] };
    const clipped = intersectAreas(blob, county);
    if (!clipped) throw new Error(`The township centre ${options.centre.join(',')} is outside the county outline: pick a centre inside it.`);
    return largestPart(clipped);
  };

  let [low, high] = RADIUS_SEARCH_KM;
  for (let step = 0; step < RADIUS_SEARCH_STEPS; step++) {
    const mid = (low + high) / 2;
    const shape = shapeFor(mid);
    const area = areaKm2(shape);
    if (Math.abs(area - options.targetAreaKm2) <= options.areaToleranceKm2) return shape;
    if (area < options.targetAreaKm2) low = mid;
    else high = mid;
  }
  throw new Error(`No radius in ${RADIUS_SEARCH_KM.join('–')} km gives a township of ${options.targetAreaKm2} km²: lower targetAreaKm2 or move the centre.`);
}
