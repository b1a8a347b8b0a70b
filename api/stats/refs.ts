// What the figures need to know of the township: grids (name, village) and workers' names; and the
// scopes figures exist for.
import type { Scope } from '../auth/principal.ts';
import type { Township } from '../domain/township.ts';
import type { TownshipRefs } from './assemble.ts';

export function townshipRefs(township: Township): TownshipRefs {
  return {
    code: township.code,
    grids: new Map([...township.grids.values()].map((g) => [g.code, { name: g.name, villageCode: g.villageCode }])),
    workerNames: new Map([...township.workers.values()].map((w) => [w.code, w.name])),
  };
}

/** The township, each of its villages and each of its grids: every scope the verifier checks. */
export function everyScope(township: Township): Scope[] {
  const code = township.code;
  const villages = [...new Set([...township.grids.values()].map((g) => g.villageCode))];
  return [{ townshipCode: code }, ...villages.map((villageCode) => ({ townshipCode: code, villageCode })),
    ...[...township.grids.keys()].map((gridCode) => ({ townshipCode: code, gridCode }))];
}
