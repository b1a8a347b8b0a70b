import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bd09ToGcj02, gcj02ToBd09, gcj02ToWgs84, toWgs84, wgs84ToGcj02 } from '../../api/geo/datum.ts';

// Mainland China, where GCJ-02 applies; Longyou county lies well inside.
const inChina = fc.tuple(fc.double({ min: 75, max: 134, noNaN: true }), fc.double({ min: 18, max: 53, noNaN: true }));
const METRE_IN_DEG = 1 / 111_320;

describe('datum conversion', () => {
  it('shifts a point in Longyou by a few hundred metres, as the published offset there is', () => {
    const [lon, lat] = wgs84ToGcj02([119.172, 29.031]);
    const metres = Math.hypot((lon - 119.172) * Math.cos((29.031 * Math.PI) / 180), lat - 29.031) / METRE_IN_DEG;
    expect(metres).toBeGreaterThan(300);
    expect(metres).toBeLessThan(800);
  });

  it('inverts GCJ-02 to within a centimetre anywhere in mainland China', () => {
    fc.assert(fc.property(inChina, ([lon, lat]) => {
      const [back, backLat] = gcj02ToWgs84(wgs84ToGcj02([lon, lat]));
      expect(Math.abs(back - lon)).toBeLessThan(0.01 * METRE_IN_DEG);
      expect(Math.abs(backLat - lat)).toBeLessThan(0.01 * METRE_IN_DEG);
    }));
  });

  it('round-trips BD-09 to within a metre', () => {
    fc.assert(fc.property(inChina, ([lon, lat]) => {
      const [back, backLat] = bd09ToGcj02(gcj02ToBd09([lon, lat]));
      expect(Math.abs(back - lon)).toBeLessThan(METRE_IN_DEG);
      expect(Math.abs(backLat - lat)).toBeLessThan(METRE_IN_DEG);
    }));
  });

  it('leaves points outside China unchanged, where GCJ-02 is not applied', () => {
    expect(wgs84ToGcj02([2.35, 48.85])).toEqual([2.35, 48.85]);
    expect(toWgs84([2.35, 48.85], 'GCJ02')).toEqual([2.35, 48.85]);
  });

  it('takes WGS84 as it is', () => {
    expect(toWgs84([119.1, 29.05], 'WGS84')).toEqual([119.1, 29.05]);
  });
});
