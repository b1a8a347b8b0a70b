// point-to-grid: which grid holds each of many points. Ours is the hub's GridIndex (Flatbush over
// grid bounding boxes, then an exact point-in-polygon test on the few candidates); the baseline
// tests the point against every grid polygon in file order until one holds it.
import { bbox as turfBbox, booleanPointInPolygon } from '@turf/turf';
import { GridIndex } from '../api/geo/gridIndex.ts';
import { createRandom, type Random } from '../gis-data/scripts/random.ts';
import { samplePointInPolygon } from '../gis-data/scripts/sample.ts';
import type { Area } from '../gis-data/scripts/geo.ts';
import { BENCH_DEFAULTS, compare, formatMs, formatRatio, goalText, median, type Benchmark } from './harness.ts';

export const POINT_TO_GRID_DEFAULTS = {
  seed: 20261121,
  points: 100_000,
  quickPoints: 10_000,
  insideShare: 0.9, // share of points drawn inside the township; the rest lie in its bbox but outside it
  maxOutsideTries: 1000, // rejection attempts for one outside point
};

const benchmark: Benchmark = {
  name: 'point-to-grid',
  description: 'seeded points to grids: GridIndex (cell table + exact point-in-polygon) vs point-in-polygon over the grids until one holds the point',
  async run(ctx) {
    const size = ctx.quick ? POINT_TO_GRID_DEFAULTS.quickPoints : POINT_TO_GRID_DEFAULTS.points;
    const township = ctx.gis.township.features[0];
    if (!township) throw new Error('gis-data has no township feature: regenerate it with `npm run gis`.');
    const grids = ctx.gis.grids.features;

    const { lons, lats, inside } = seededPoints(createRandom(POINT_TO_GRID_DEFAULTS.seed), township.geometry, size);
    ctx.log(`point-to-grid: ${size} points (${inside} inside the township), ${grids.length} grids`);

    const buildStart = performance.now();
    const index = new GridIndex(grids.map((f) => ({ code: f.properties.code, geometry: f.geometry })));
    const buildMs = performance.now() - buildStart;

    const oursOut: (string | null)[] = new Array(size).fill(null);
    const baselineOut: (string | null)[] = new Array(size).fill(null);
    const ours = {
      run() {
        let assigned = 0;
        for (let i = 0; i < size; i++) {
          const code = index.locate(lons[i]!, lats[i]!);
          oursOut[i] = code;
          if (code !== null) assigned++;
        }
        return assigned;
      },
    };
    const baseline = {
      run() {
        let assigned = 0;
        for (let i = 0; i < size; i++) {
          const point = [lons[i]!, lats[i]!];
          let code: string | null = null;
          for (const grid of grids) {
            if (booleanPointInPolygon(point, grid)) {
              code = grid.properties.code;
              break;
            }
          }
          baselineOut[i] = code;
          if (code !== null) assigned++;
        }
        return assigned;
      },
    };

    const reps = ctx.quick ? BENCH_DEFAULTS.quickReps : BENCH_DEFAULTS.reps;
    const samples = await compare(ours, baseline, { reps });

    // Both sides keep the assignments of their last run: they must agree point for point.
    let assigned = 0;
    for (let i = 0; i < size; i++) {
      if (oursOut[i] !== baselineOut[i]) {
        throw new Error(`point-to-grid: GridIndex and the plain loop disagree on point ${i} [${lons[i]}, ${lats[i]}]: ` +
          `${oursOut[i] ?? 'no grid'} vs ${baselineOut[i] ?? 'no grid'}. Look for overlapping grids or a stale index.`);
      }
      if (oursOut[i] !== null) assigned++;
    }

    const oursMs = median(samples.ours.totalMs);
    const baselineMs = median(samples.baseline.totalMs);
    const ratio = baselineMs / oursMs;
    const goal = { atLeast: 50, source: 'issue: GridIndex at least 50× the plain loop' };
    const perPointUs = (ms: number) => `${((ms * 1000) / size).toFixed(2)} µs/point`;
    return {
      name: benchmark.name,
      summary: `ours ${formatMs(oursMs)} (${perPointUs(oursMs)})  baseline ${formatMs(baselineMs)} (${perPointUs(baselineMs)})  ` +
        `ratio ${formatRatio(ratio)}  ${goalText(ratio, goal)}  [${size} points, ${assigned} in a grid, identical assignments]`,
      ratio,
      goal,
      data: { points: size, insideTownship: inside, assignedToGrid: assigned, grids: grids.length, indexBuildMs: buildMs, reps,
        oursMedianMs: oursMs, baselineMedianMs: baselineMs, samples },
    };
  },
};

export default benchmark;

/**
 * `count` points, rounded like the gis-data files: insideShare of them uniform inside the township,
 * the rest uniform over the part of its bounding box that lies outside it.
 */
function seededPoints(rng: Random, area: Area, count: number): { lons: Float64Array; lats: Float64Array; inside: number } {
  const lons = new Float64Array(count);
  const lats = new Float64Array(count);
  const [minX, minY, maxX, maxY] = turfBbox(area);
  let inside = 0;
  for (let i = 0; i < count; i++) {
    let p: [number, number];
    if (rng.chance(POINT_TO_GRID_DEFAULTS.insideShare)) {
      p = samplePointInPolygon(rng, area);
      inside++;
    } else {
      p = samplePointInPolygon(rng, { type: 'Polygon', coordinates: [[[minX, minY], [maxX, minY], [maxX, maxY], [minX, maxY], [minX, minY]]] },
        { accept: (q) => !booleanPointInPolygon(q, area), maxTries: POINT_TO_GRID_DEFAULTS.maxOutsideTries });
    }
    lons[i] = p[0];
    lats[i] = p[1];
  }
  return { lons, lats, inside };
}
