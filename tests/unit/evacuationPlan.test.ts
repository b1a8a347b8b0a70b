// The planning of an evacuation round: the split of a grid's people among its workers and the
// choice of shelters, as properties over random townships' worth of people and shelters.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseShelters, splitAmong, type Evacuee, type ShelterRoom } from '../../api/domain/emergency/evacuationPlan.ts';
import { distanceM } from '../../api/geo/distance.ts';

const point = { lon: fc.double({ min: 119.03, max: 119.21, noNaN: true }), lat: fc.double({ min: 28.99, max: 29.13, noNaN: true }) };
const evacuees = fc.uniqueArray(
  fc.record({ code: fc.integer({ min: 1, max: 99_999 }).map((n) => `KP${String(n).padStart(5, '0')}`), gridCode: fc.constant('G1'), ...point,
    householdCode: fc.option(fc.integer({ min: 1, max: 40 }).map((n) => `H${n}`), { nil: null }), residents: fc.integer({ min: 1, max: 9 }) }),
  { selector: (e) => e.code, maxLength: 80 },
).map((people) => {
  // One household lives at one place with one number of residents, as the rows say.
  const homes = new Map<string, Evacuee>();
  return people.map((p) => {
    if (!p.householdCode) return p;
    const home = homes.get(p.householdCode) ?? p;
    homes.set(p.householdCode, home);
    return { ...p, lon: home.lon, lat: home.lat, residents: home.residents };
  });
});
const shelters = fc.uniqueArray(fc.record({ code: fc.integer({ min: 1, max: 99 }).map((n) => `PL-SH-${n}`), ...point, room: fc.integer({ min: 0, max: 60 }) }),
  { selector: (s) => s.code, maxLength: 8 });

describe('splitAmong', () => {
  it('gives every person to exactly one bringer, none more than one over another, and no bringer an empty list', () => {
    fc.assert(fc.property(evacuees, fc.integer({ min: 1, max: 12 }), (people, bringers) => {
      const runs = splitAmong(people, bringers);
      expect(runs.flat().map((p) => p.code).sort()).toEqual(people.map((p) => p.code).sort());
      expect(runs.length).toBe(Math.min(bringers, people.length));
      if (runs.length > 0) expect(Math.max(...runs.map((r) => r.length)) - Math.min(...runs.map((r) => r.length))).toBeLessThanOrEqual(1);
      expect(runs.every((r) => r.length > 0)).toBe(true);
    }));
  });

  it('keeps neighbours together: runs follow each other west to east', () => {
    const people = [5, 1, 4, 2, 3, 6].map((x) => ({ code: `P${x}`, lon: 119 + x / 100, lat: 29 }));
    expect(splitAmong(people, 2).map((r) => r.map((p) => p.code))).toEqual([['P1', 'P2', 'P3'], ['P4', 'P5', 'P6']]);
    expect(splitAmong(people, 0)).toEqual([]);
  });
});

describe('chooseShelters', () => {
  it('never plans a shelter beyond its room, sends a household to one shelter counted once, and leaves out only those no shelter had room for', () => {
    fc.assert(fc.property(evacuees, shelters, (people, rooms) => {
      const before = new Map(rooms.map((s) => [s.code, s.room]));
      const working: ShelterRoom[] = rooms.map((s) => ({ ...s }));
      const plan = chooseShelters(people, working);
      expect([...plan.keys()].sort()).toEqual(people.map((p) => p.code).sort());
      const used = new Map<string, number>();
      for (const { shelter, places } of plan.values()) if (shelter) used.set(shelter, (used.get(shelter) ?? 0) + places);
      for (const [code, places] of used) {
        expect(places).toBeLessThanOrEqual(before.get(code)!);
        expect(working.find((s) => s.code === code)!.room).toBe(before.get(code)! - places);
      }
      for (const [household, members] of Map.groupBy(people.filter((p) => p.householdCode), (p) => p.householdCode!)) {
        const destinations = new Set(members.map((m) => plan.get(m.code)!.shelter));
        expect(destinations.size, household).toBe(1);
        expect(members.reduce((s, m) => s + plan.get(m.code)!.places, 0), household).toBe(plan.get(members[0]!.code)!.shelter ? members[0]!.residents : 0);
      }
      // Nobody went without a shelter while one with room for their household was left.
      for (const p of people) {
        if (plan.get(p.code)!.shelter !== null) continue;
        expect(working.every((s) => s.room < p.residents), p.code).toBe(true);
      }
    }));
  });

  it('takes the nearest shelter with room', () => {
    const person: Evacuee = { code: 'KP1', gridCode: 'G', lon: 119.1, lat: 29.05, householdCode: 'H1', residents: 4 };
    const rooms: ShelterRoom[] = [
      { code: 'NEAR-FULL', lon: 119.101, lat: 29.05, room: 3 },
      { code: 'FAR', lon: 119.2, lat: 29.05, room: 100 },
      { code: 'MIDDLE', lon: 119.12, lat: 29.05, room: 4 },
    ];
    expect(chooseShelters([person], rooms).get('KP1')).toEqual({ shelter: 'MIDDLE', places: 4 });
    expect(distanceM(person.lon, person.lat, 119.12, 29.05)).toBeLessThan(distanceM(person.lon, person.lat, 119.2, 29.05));
    expect(rooms.find((r) => r.code === 'MIDDLE')!.room).toBe(0);
  });
});
