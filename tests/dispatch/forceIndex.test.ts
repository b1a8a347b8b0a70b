// The recommendation's order is exactly "nearest first" by great-circle distance: the index's answer
// is compared with a brute-force sort of every force, for random forces, places, filters and k.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FORCE_KINDS, type ForceKind } from '../../contract/domain.ts';
import { ForceIndex, exactOrder, type ForceRef } from '../../api/domain/dispatch/forceIndex.ts';
import { distanceM } from '../../api/geo/distance.ts';
import { etaMinutes } from '../../api/domain/dispatch/recommend.ts';

/** A township-sized box around 湖镇镇 (about 30 × 30 km). */
const lonArb = fc.double({ min: 119.0, max: 119.32, noNaN: true });
const latArb = fc.double({ min: 28.95, max: 29.22, noNaN: true });
const kindArb = fc.constantFrom<ForceKind>('fire', 'police', 'volunteer');

const forcesArb = fc.array(fc.record({ lon: lonArb, lat: latArb, kind: kindArb, busy: fc.boolean() }), { minLength: 0, maxLength: 120 })
  .map((list) => list.map((f, i): ForceRef & { busy: boolean } => ({
    code: `F${String(i).padStart(3, '0')}`, name: `力量${i}`, kind: f.kind, departmentCode: null, members: 5, lon: f.lon, lat: f.lat, busy: f.busy,
  })));

describe('ForceIndex.nearest', () => {
  it('returns exactly the k nearest free forces of the kind, in the brute-force order', () => {
    fc.assert(fc.property(forcesArb, lonArb, latArb, kindArb, fc.integer({ min: 0, max: 12 }), (forces, lon, lat, kind, k) => {
      const index = new ForceIndex(forces);
      const keep = (f: ForceRef) => !(f as ForceRef & { busy: boolean }).busy;
      const got = index.nearest(kind, lon, lat, k, keep).map((f) => f.code);
      const expected = exactOrder(forces.filter((f) => f.kind === kind && !f.busy), lon, lat).slice(0, k).map((f) => f.code);
      expect(got).toEqual(expected);
    }), { numRuns: 400 });
  });

  it('breaks exact ties by code, like the brute force', () => {
    const at = { lon: 119.15, lat: 29.08 };
    const ring = [0, 90, 180, 270].map((deg, i) => ({ code: `T${3 - i}`, name: `t${i}`, kind: 'fire' as const, departmentCode: null, members: 1,
      lon: at.lon + 0.01 * Math.cos((deg * Math.PI) / 180), lat: at.lat }));
    // Two of them are the same point: equal distances.
    const index = new ForceIndex([...ring, { ...ring[0]!, code: 'T9' }]);
    const codes = index.nearest('fire', at.lon, at.lat, 5).map((f) => f.code);
    expect(codes).toEqual(exactOrder([...ring, { ...ring[0]!, code: 'T9' }], at.lon, at.lat).map((f) => f.code));
  });

  it('answers nothing for a kind the township lacks, and nothing for k = 0', () => {
    const index = new ForceIndex([{ code: 'A', name: 'a', kind: 'fire', departmentCode: null, members: 1, lon: 119.1, lat: 29 }]);
    expect(index.nearest('medical', 119.1, 29, 3)).toEqual([]);
    expect(index.nearest('fire', 119.1, 29, 0)).toEqual([]);
  });
});

describe('etaMinutes', () => {
  it('grows with distance, and is the turnout time at the door', () => {
    for (const kind of FORCE_KINDS) {
      expect(etaMinutes(kind, 0)).toBeGreaterThanOrEqual(1);
      expect(etaMinutes(kind, 10_000)).toBeGreaterThan(etaMinutes(kind, 1_000));
    }
    // 10 km straight, 14 km by road at 40 km/h = 21 min, plus 1 min to turn out.
    expect(etaMinutes('fire', 10_000)).toBe(22);
  });

  it('measures distances on the sphere: one degree of latitude is about 111 km', () => {
    expect(distanceM(119, 29, 119, 30)).toBeGreaterThan(111_000);
    expect(distanceM(119, 29, 119, 30)).toBeLessThan(111_400);
  });
});
