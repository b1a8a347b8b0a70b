import * as turf from '@turf/turf';
import fc from 'fast-check';
import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { partitionPolygon } from '../../gis-data/scripts/partition.ts';
import { createRandom } from '../../gis-data/scripts/random.ts';
import { spreadPoints } from '../../gis-data/scripts/sample.ts';
import { areaMismatch, starPolygon, worstOverlap } from './tiling.ts';

const CENTRE: [number, number] = [119.1, 29.06];
const KM_PER_DEG_LAT = 111.32;
const KM_PER_DEG_LON = KM_PER_DEG_LAT * Math.cos((CENTRE[1] * Math.PI) / 180);

/** Convex polygons: the hull of 4–20 random points within 5 km of the centre. */
const convexPolygons = fc
  .array(fc.tuple(fc.double({ min: -5, max: 5, noNaN: true }), fc.double({ min: -5, max: 5, noNaN: true })), { minLength: 4, maxLength: 20 })
  .map((xy) => turf.convex(turf.featureCollection(xy.map(([x, y]) => turf.point([CENTRE[0] + x / KM_PER_DEG_LON, CENTRE[1] + y / KM_PER_DEG_LAT])))))
  .filter((hull): hull is NonNullable<typeof hull> => hull !== null)
  .map((hull) => hull.geometry as Polygon)
  .filter((p) => turf.area(p) > 0.05e6);
/** Convex-ish polygons: star shapes with radii within ±40 % of each other (mildly concave). */
const convexishPolygons = fc.array(fc.double({ min: 0.6, max: 1, noNaN: true }), { minLength: 6, maxLength: 30 }).map((r) => starPolygon(CENTRE, r.map((x) => x * 3)));
/** Strongly concave star shapes, where Voronoi cells fall apart and stray pieces must be merged. */
const concavePolygons = fc.array(fc.double({ min: 0.15, max: 1, noNaN: true }), { minLength: 6, maxLength: 30 }).map((r) => starPolygon(CENTRE, r.map((x) => x * 3)));
const seeds = fc.integer({ min: 0, max: 2 ** 31 - 1 });
const counts = fc.integer({ min: 2, max: 9 });
/** Floating-point slack of clipping. */
const TOLERANCE = 1e-6;

function tiles(polygon: Polygon, seed: number, count: number): boolean {
  const sites = spreadPoints(createRandom(seed), polygon, count);
  const parts = partitionPolygon(polygon, sites);
  return (
    parts.length === count &&
    parts.every((p) => p.type === 'Polygon' && turf.kinks(p).features.length === 0) &&
    sites.every((s, i) => turf.booleanPointInPolygon(s, parts[i] as Polygon)) &&
    areaMismatch(polygon, parts) < TOLERANCE &&
    worstOverlap(parts).share < TOLERANCE
  );
}

describe('Voronoi partition', () => {
  it('tiles a convex polygon: one Polygon per site, holding its site, areas adding up, no overlaps', () => {
    fc.assert(fc.property(convexPolygons, seeds, counts, tiles), { numRuns: 60 });
  });

  it('tiles a convex-ish (mildly concave) polygon the same way', () => {
    fc.assert(fc.property(convexishPolygons, seeds, counts, tiles), { numRuns: 60 });
  });

  it('tiles a strongly concave polygon too, merging the pieces a cell falls into', () => {
    fc.assert(fc.property(concavePolygons, seeds, fc.integer({ min: 2, max: 12 }), tiles), { numRuns: 60 });
  });

  it('keeps every part in one piece where a Voronoi cell falls apart in a U-shaped polygon', () => {
    // A U: two arms joined at the bottom. The site in the gap's cell reaches into both arms.
    const u: Polygon = {
      type: 'Polygon',
      coordinates: [[[119.0, 29.0], [119.06, 29.0], [119.06, 29.06], [119.04, 29.06], [119.04, 29.01], [119.02, 29.01], [119.02, 29.06], [119.0, 29.06], [119.0, 29.0]]],
    };
    const sites = [[119.01, 29.05], [119.05, 29.05], [119.03, 29.005], [119.01, 29.02], [119.05, 29.02]];
    const parts = partitionPolygon(u, sites);
    expect(parts.map((p) => p.type)).toEqual(Array(5).fill('Polygon'));
    expect(areaMismatch(u, parts)).toBeLessThan(1e-6);
    expect(worstOverlap(parts).share).toBeLessThan(1e-6);
  });

  it('returns the polygon itself for a single site', () => {
    const polygon = starPolygon(CENTRE, [1, 1, 1, 1, 1, 1]);
    expect(partitionPolygon(polygon, [CENTRE])).toEqual([polygon]);
  });

  it('refuses duplicate sites and sites outside the polygon, saying how to fix it', () => {
    const polygon = starPolygon(CENTRE, [1, 1, 1, 1, 1, 1]);
    expect(() => partitionPolygon(polygon, [CENTRE, CENTRE])).toThrow(/duplicate/);
    expect(() => partitionPolygon(polygon, [CENTRE, [120, 30]])).toThrow(/not inside the polygon/);
  });
});
