// Grid workers on patrol: during the day about a quarter of them walk their grid and their field
// app reports a position every half minute; a finished patrol earns points.
import type { PatrolPositionBatch, PointsActionInput } from '../../contract/schemas.ts';
import type { WorkerRecord } from '../../contract/gis.ts';
import { samplePointInPolygon } from '../../gis-data/scripts/sample.ts';
import type { Random } from '../../gis-data/scripts/random.ts';
import { activityAt } from '../rhythm.ts';
import type { World } from '../world.ts';

export const POSITION_INTERVAL_S = 30;
const SHARE_ON_PATROL_AT_PEAK = 0.25;
const PATROL_LENGTH_S = [1800, 5400] as const;

interface Walker { worker: WorkerRecord; until: number; nextReport: number }

export class PatrolSource {
  readonly #walkers = new Map<string, Walker>();
  readonly #gridByCode: Map<string, World['grids'][number]>;
  #serial = 0;

  constructor(private readonly rng: Random, private readonly world: World, private readonly runId: string) {
    this.#gridByCode = new Map(world.grids.map((g) => [g.properties.code, g]));
  }

  tick(now: Date, clockSeconds: number): { positions: PatrolPositionBatch['positions']; points: PointsActionInput[] } {
    const points: PointsActionInput[] = [];
    for (const [code, walker] of this.#walkers) {
      if (walker.until <= clockSeconds) {
        this.#walkers.delete(code);
        points.push({ externalId: `sim-${this.runId}-patrol-${++this.#serial}`, ruleCode: 'patrol_shift', workerCode: code, ts: now.toISOString() });
      }
    }
    const target = Math.round(this.world.workers.length * SHARE_ON_PATROL_AT_PEAK * Math.min(1, activityAt(now) / 2));
    while (this.#walkers.size < target) {
      const worker = this.rng.pick(this.world.workers);
      if (this.#walkers.has(worker.code)) continue;
      this.#walkers.set(worker.code, { worker, until: clockSeconds + this.rng.float(...PATROL_LENGTH_S), nextReport: clockSeconds });
    }
    const positions: PatrolPositionBatch['positions'] = [];
    for (const walker of this.#walkers.values()) {
      if (walker.nextReport > clockSeconds) continue;
      walker.nextReport += POSITION_INTERVAL_S;
      const grid = this.#gridByCode.get(walker.worker.gridCode);
      if (!grid) continue;
      const [lon, lat] = samplePointInPolygon(this.rng, grid.geometry);
      positions.push({ workerCode: walker.worker.code, ts: now.toISOString(), lon, lat });
    }
    return { positions, points };
  }
}
