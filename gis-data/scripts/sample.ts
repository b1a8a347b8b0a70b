// Seeded point sampling inside a polygon: uniform (rejection in the bbox) and spread out (best candidate).
import * as turf from '@turf/turf';
import type { Position } from 'geojson';
import { type Area, containsPoint, localFrame, roundPosition } from './geo.ts';
import type { Random } from './random.ts';

export const SAMPLE_DEFAULTS = {
  maxTries: 20000, // rejection attempts before giving up on a polygon
  candidates: 24, // best-candidate: tries per point; more = more even spacing
};

export interface SampleOptions {
  /** Extra condition a point must meet (e.g. "inside this grid after rounding"). */
  accept?: (p: [number, number]) => boolean;
  maxTries?: number;
}

/**
 * A uniformly distributed point strictly inside the area, with coordinates already rounded
 * to the file precision (so it stays inside once written).
 */
export function samplePointInPolygon(rng: Random, area: Area, options: SampleOptions = {}): [number, number] {
  const maxTries = options.maxTries ?? SAMPLE_DEFAULTS.maxTries;
  const [minX, minY, maxX, maxY] = turf.bbox(area);
  for (let i = 0; i < maxTries; i++) {
    const p = roundPosition([rng.float(minX, maxX), rng.float(minY, maxY)]);
    if (containsPoint(area, p) && (!options.accept || options.accept(p))) return p;
  }
  throw new Error(`No point found inside the polygon after ${maxTries} tries: is it empty, or is the accept() condition impossible?`);
}

export interface SpreadOptions extends SampleOptions {
  /** Points already placed that the new ones keep away from. */
  fixed?: Position[];
  candidates?: number;
}

/**
 * `count` points inside the area, spread out by Mitchell's best-candidate algorithm:
 * each new point is the candidate farthest from all points so far (in kilometres).
 */
export function spreadPoints(rng: Random, area: Area, count: number, options: SpreadOptions = {}): [number, number][] {
  const candidates = options.candidates ?? SAMPLE_DEFAULTS.candidates;
  const [minX, minY, maxX, maxY] = turf.bbox(area);
  const frame = localFrame([(minX + maxX) / 2, (minY + maxY) / 2]);
  const placedKm = (options.fixed ?? []).map((p) => frame.toKm(p));
  const out: [number, number][] = [];
  for (let n = 0; n < count; n++) {
    let best: [number, number] | undefined;
    let bestDistance = -1;
    for (let c = 0; c < candidates; c++) {
      const p = samplePointInPolygon(rng, area, options);
      const [x, y] = frame.toKm(p);
      let nearest = Infinity;
      for (const [qx, qy] of placedKm) nearest = Math.min(nearest, (x - qx) ** 2 + (y - qy) ** 2);
      if (nearest > bestDistance) [best, bestDistance] = [p, nearest];
    }
    if (!best) throw new Error('spreadPoints() needs candidates >= 1.');
    out.push(best);
    placedKm.push(frame.toKm(best));
  }
  return out;
}
