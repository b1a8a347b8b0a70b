// What the figures need to know of the township: grids (name, village) and workers' names.
import type { Township } from '../domain/township.ts';
import type { TownshipRefs } from './assemble.ts';

export function townshipRefs(township: Township): TownshipRefs {
  return {
    code: township.code,
    grids: new Map([...township.grids.values()].map((g) => [g.code, { name: g.name, villageCode: g.villageCode }])),
    workerNames: new Map([...township.workers.values()].map((w) => [w.code, w.name])),
  };
}
