import * as turf from '@turf/turf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../gis-data/scripts/random.ts';
import { samplePointInPolygon, spreadPoints } from '../../gis-data/scripts/sample.ts';
import { starPolygon } from './tiling.ts';

const CENTRE: [number, number] = [119.1, 29.06];
/** Star-shaped polygons of 5–24 vertices, 0.05–4 km from the centre: convex, concave and spiky ones. */
const polygons = fc.array(fc.double({ min: 0.05, max: 4, noNaN: true }), { minLength: 5, maxLength: 24 }).map((radii) => starPolygon(CENTRE, radii));
const seeds = fc.integer({ min: 0, max: 2 ** 31 - 1 });
const hasSixDecimals = (x: number) => Math.abs(x * 1e6 - Math.round(x * 1e6)) < 1e-6;

describe('polygon sampler', () => {
  it('always returns a point strictly inside the polygon, already rounded to 6 decimals', () => {
    fc.assert(
      fc.property(polygons, seeds, (polygon, seed) => {
        const rng = createRandom(seed);
        for (let i = 0; i < 20; i++) {
          const p = samplePointInPolygon(rng, polygon);
          if (!turf.booleanPointInPolygon(p, polygon, { ignoreBoundary: true })) return false;
          if (!p.every(hasSixDecimals)) return false;
        }
        return true;
      }),
      { numRuns: 200 },
    );
  });

  it('returns the same points for the same seed', () => {
    const polygon = starPolygon(CENTRE, [1, 2, 1, 2, 1, 2]);
    expect(spreadPoints(createRandom(5), polygon, 10)).toEqual(spreadPoints(createRandom(5), polygon, 10));
  });

  it('spreads points: all inside, none on top of another', () => {
    fc.assert(
      fc.property(polygons, seeds, fc.integer({ min: 1, max: 12 }), (polygon, seed, count) => {
        const points = spreadPoints(createRandom(seed), polygon, count);
        const keys = new Set(points.map((p) => p.join(',')));
        return points.length === count && keys.size === count && points.every((p) => turf.booleanPointInPolygon(p, polygon, { ignoreBoundary: true }));
      }),
      { numRuns: 100 },
    );
  });

  it('spreads points more evenly than uniform sampling', () => {
    const polygon = starPolygon(CENTRE, Array.from({ length: 16 }, () => 3));
    const nearest = (points: [number, number][]) =>
      Math.min(...points.flatMap((p, i) => points.slice(i + 1).map((q) => turf.distance(p, q))));
    const uniformRng = createRandom(11);
    const uniform = Array.from({ length: 30 }, () => samplePointInPolygon(uniformRng, polygon));
    expect(nearest(spreadPoints(createRandom(11), polygon, 30))).toBeGreaterThan(nearest(uniform));
  });

  it('gives up with an explanation when the condition can never be met', () => {
    const polygon = starPolygon(CENTRE, [1, 1, 1, 1, 1]);
    expect(() => samplePointInPolygon(createRandom(1), polygon, { accept: () => false, maxTries: 50 })).toThrow(/accept\(\) condition/);
  });
});
