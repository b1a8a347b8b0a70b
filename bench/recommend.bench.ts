// recommend: the choice behind GET /events/{id}/recommendations, for many events: each run-card
// line filled with the k nearest free forces of its kind, and the grid workers of the event's grid
// and its neighbours. Ours is what the hub runs (ForceIndex: a flatbush index per kind, the k-th
// planar distance widened by a margin, then an exact great-circle sort; workers from a grid → workers
// map over the grid's neighbours). The baseline does the same plainly: every force of the kind
// measured and sorted, every worker scanned for its grid. Both must choose the same, in the same
// order. Sizes: the demo township's forces, then synthetic ones spread over the county (a county
// command centre recommends across its townships), seeded.
import { bbox as turfBbox } from '@turf/turf';
import type { ForceKind } from '../contract/domain.ts';
import { exactOrder, ForceIndex, type ForceRef } from '../api/domain/dispatch/forceIndex.ts';
import { sharedBorders } from '../api/domain/township.ts';
import { createRandom, type Random } from '../gis-data/scripts/random.ts';
import { samplePointInPolygon } from '../gis-data/scripts/sample.ts';
import { BENCH_DEFAULTS, compare, formatMs, formatRatio, median, type Benchmark } from './harness.ts';

export const RECOMMEND_DEFAULTS = {
  seed: 20261202,
  events: 2_000, // recommendations per timed run
  quickEvents: 300,
  /** Forces: the demo's own, then that many synthetic ones over the county. */
  forceSizes: [0, 1_000, 10_000],
  quickForceSizes: [0, 1_000],
  busyShare: 0.2, // forces on a task elsewhere
  alternatives: 3, // as recommend.ts: candidates beyond a line's count
};

interface Line { kind: ForceKind; count: number }
interface Query { lon: number; lat: number; grid: string; lines: Line[] }
type Choice = { forces: string[][]; workers: string[] };

const benchmark: Benchmark = {
  name: 'recommend',
  description: 'run-card lines filled with the nearest free forces, plus nearby grid workers: ForceIndex per kind + grid neighbours vs sorting every force and scanning every worker',
  async run(ctx) {
    const d = RECOMMEND_DEFAULTS;
    const rng = createRandom(d.seed);
    const county = ctx.gis.county.features[0]!;
    const grids = ctx.gis.grids.features;
    const neighbours = sharedBorders(grids.map((g) => ({ code: g.properties.code, geometry: g.geometry })));
    const workers = ctx.gis.workers;
    const workersByGrid = new Map<string, string[]>();
    for (const w of workers) workersByGrid.set(w.gridCode, [...(workersByGrid.get(w.gridCode) ?? []), w.code]);
    const demoForces: ForceRef[] = ctx.gis.forces.features.map((f) => ({ code: f.properties.code, name: f.properties.name, kind: f.properties.kind,
      departmentCode: f.properties.departmentCode, members: f.properties.members, lon: f.geometry.coordinates[0]!, lat: f.geometry.coordinates[1]! }));
    const items = ctx.gis.catalogue.items;
    const queries: Query[] = Array.from({ length: ctx.quick ? d.quickEvents : d.events }, () => {
      const grid = rng.pick(grids);
      const [lon, lat] = samplePointInPolygon(rng, grid.geometry) as [number, number];
      const item = rng.pick(items);
      return { lon, lat, grid: grid.properties.code, lines: item.runCard[rng.pick(['general', 'significant', 'major', 'extraordinary'] as const)] };
    });

    const results = [];
    for (const extra of ctx.quick ? d.quickForceSizes : d.forceSizes) {
      const forces = [...demoForces, ...syntheticForces(rng, county.geometry, demoForces, extra)];
      const busy = new Set(forces.filter(() => rng.chance(d.busyShare)).map((f) => f.code));
      const free = (f: ForceRef) => !busy.has(f.code);
      const index = new ForceIndex(forces);
      const oursOut: Choice[] = [];
      const baseOut: Choice[] = [];
      const ours = {
        run() {
          oursOut.length = 0;
          for (const q of queries) {
            const chosen = q.lines.map((l) => index.nearest(l.kind, q.lon, q.lat, l.count + d.alternatives, free).map((f) => f.code));
            const nearby = [q.grid, ...(neighbours.get(q.grid) ?? [])].flatMap((g) => workersByGrid.get(g) ?? []);
            oursOut.push({ forces: chosen, workers: nearby });
          }
          return oursOut.length;
        },
      };
      const baseline = {
        run() {
          baseOut.length = 0;
          for (const q of queries) {
            const chosen = q.lines.map((l) => exactOrder(forces.filter((f) => f.kind === l.kind && free(f)), q.lon, q.lat).slice(0, l.count + d.alternatives).map((f) => f.code));
            const near = new Set([q.grid, ...(neighbours.get(q.grid) ?? [])]);
            const order = [q.grid, ...(neighbours.get(q.grid) ?? [])];
            const nearby = workers.filter((w) => near.has(w.gridCode)).sort((a, b) => order.indexOf(a.gridCode) - order.indexOf(b.gridCode)).map((w) => w.code);
            baseOut.push({ forces: chosen, workers: nearby });
          }
          return baseOut.length;
        },
      };
      const samples = await compare(ours, baseline, { reps: ctx.quick ? BENCH_DEFAULTS.quickReps : BENCH_DEFAULTS.reps });
      for (let i = 0; i < queries.length; i++) {
        if (JSON.stringify(oursOut[i]) !== JSON.stringify(baseOut[i])) {
          throw new Error(`recommend: ours and the baseline chose differently for event ${i} with ${forces.length} forces: ${JSON.stringify(oursOut[i])} vs ${JSON.stringify(baseOut[i])}`);
        }
      }
      const oursMs = median(samples.ours.totalMs);
      const baselineMs = median(samples.baseline.totalMs);
      results.push({ forces: forces.length, busy: busy.size, oursMs, baselineMs, ratio: baselineMs / oursMs, perEventUs: (oursMs * 1000) / queries.length });
      ctx.log(`recommend: ${forces.length} forces: ours ${formatMs(oursMs)}, baseline ${formatMs(baselineMs)}, ${formatRatio(baselineMs / oursMs)}`);
    }
    const largest = results[results.length - 1]!;
    return {
      name: benchmark.name,
      summary: results.map((r) => `${r.forces} forces: ours ${formatMs(r.oursMs)} (${r.perEventUs.toFixed(1)} µs/event) baseline ${formatMs(r.baselineMs)} ${formatRatio(r.ratio)}`).join('  ') +
        `  [${queries.length} events, ${workers.length} workers in ${grids.length} grids, same choices]`,
      ratio: largest.ratio,
      data: { events: queries.length, workers: workers.length, grids: grids.length, sizes: results },
    };
  },
};

export default benchmark;

/** `count` forces of the demo's kinds (in its proportions), uniform over the county's bounding box. */
function syntheticForces(rng: Random, county: Parameters<typeof turfBbox>[0], template: ForceRef[], count: number): ForceRef[] {
  const [minX, minY, maxX, maxY] = turfBbox(county);
  return Array.from({ length: count }, (_, i) => {
    const like = rng.pick(template);
    return { ...like, code: `SYN-${String(i).padStart(5, '0')}`, name: `${like.name}（示意${i}）`, lon: rng.float(minX, maxX), lat: rng.float(minY, maxY) };
  });
}
