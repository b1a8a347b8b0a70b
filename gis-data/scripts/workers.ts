// Grid staff: one grid leader (网格长) per village and one or two grid workers (网格员) per grid.
import type { WorkerRecord } from '../../contract/gis.ts';
import type { Grid, Village } from './divisions.ts';
import { code, mobilePhone, personName } from './names.ts';
import type { Random } from './random.ts';

export const WORKER_DEFAULTS = {
  workersPerGrid: [1, 2] as const,
  birthYears: [1965, 1998] as const, // working age
  femaleShare: 0.55, // grid work is often done by women
};

export function buildWorkers(rng: Random, villages: readonly Village[], grids: readonly Grid[], options = WORKER_DEFAULTS): WorkerRecord[] {
  const workers: WorkerRecord[] = [];
  const add = (gridCode: string, role: WorkerRecord['role']) => {
    const sex = rng.chance(options.femaleShare) ? 'female' : 'male';
    const name = personName(rng, sex, rng.int(options.birthYears[0], options.birthYears[1]));
    workers.push({ code: code('W', workers.length + 1, 4), name, gridCode, role, phone: mobilePhone(rng) });
  };
  for (const village of villages) {
    const own = grids.filter((g) => g.villageCode === village.code);
    const first = own[0];
    if (!first) throw new Error(`Village ${village.code} ${village.name} has no grids: build grids before workers.`);
    add(first.code, 'grid_leader'); // the leader is listed under the village's first grid
    for (const grid of own) for (let i = 0, n = rng.int(options.workersPerGrid[0], options.workersPerGrid[1]); i < n; i++) add(grid.code, 'grid_worker');
  }
  return workers;
}
