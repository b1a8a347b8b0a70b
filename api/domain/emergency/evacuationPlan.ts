// The planning of one evacuation round, pure: who brings whom, and to which shelter. The hub's
// evacuation (evacuation.ts) reads the rows, calls these and stores what they decide.
import { distanceM } from '../../geo/distance.ts';

export interface Evacuee { code: string; gridCode: string; lon: number; lat: number; householdCode: string | null; residents: number }
export interface Bringer { kind: 'worker' | 'department'; code: string; name: string }
export interface ShelterRoom { code: string; lon: number; lat: number; /** Places still to plan for. */ room: number }

/**
 * Splits a grid's evacuees among its bringers: sorted west to east (then south to north) and cut
 * into runs of near-equal size, so each worker fetches neighbours and none carries more than one
 * person over another. Returns one list per bringer that got anyone, in the bringers' order.
 */
export function splitAmong<T extends { lon: number; lat: number; code: string }>(people: readonly T[], bringers: number): T[][] {
  if (bringers < 1 || people.length === 0) return [];
  const sorted = [...people].sort((a, b) => a.lon - b.lon || a.lat - b.lat || a.code.localeCompare(b.code));
  const runs = Math.min(bringers, sorted.length);
  const out: T[][] = [];
  let start = 0;
  for (let i = 0; i < runs; i += 1) {
    const size = Math.floor(sorted.length / runs) + (i < sorted.length % runs ? 1 : 0);
    out.push(sorted.slice(start, start + size));
    start += size;
  }
  return out;
}

/**
 * A shelter for each evacuee: the nearest with room for their whole household, which goes together
 * (its places are counted once, on the first of its people; housemates follow to the same shelter).
 * `rooms` is updated as places are taken. A household no shelter has room for gets null: the room
 * must find one.
 */
export function chooseShelters(people: readonly Evacuee[], rooms: ShelterRoom[]): Map<string, { shelter: string | null; places: number }> {
  /** Where each household goes (null: nowhere had room), decided by the first of its people. */
  const households = new Map<string, string | null>();
  const out = new Map<string, { shelter: string | null; places: number }>();
  for (const person of [...people].sort((a, b) => a.code.localeCompare(b.code))) {
    const household = person.householdCode ?? `person:${person.code}`;
    const decided = households.get(household);
    if (decided !== undefined) {
      out.set(person.code, { shelter: decided, places: 0 });
      continue;
    }
    const places = Math.max(1, person.residents);
    const best = rooms
      .filter((s) => s.room >= places)
      .map((s) => ({ s, d: distanceM(person.lon, person.lat, s.lon, s.lat) }))
      .sort((a, b) => a.d - b.d || a.s.code.localeCompare(b.s.code))[0];
    if (best) best.s.room -= places;
    households.set(household, best?.s.code ?? null);
    out.set(person.code, { shelter: best?.s.code ?? null, places: best ? places : 0 });
  }
  return out;
}
