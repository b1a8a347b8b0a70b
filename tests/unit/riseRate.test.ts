// The rate-of-rise rule's slope: a least-squares fit, so a steady rise reads as its rate whatever the
// sampling, and noise around a flat level reads near zero.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { slopePerHour } from '../../api/domain/warnings/conditions.ts';

describe('slopePerHour', () => {
  it('gives the rate of a steady rise, at any start, sampling and offset', () => {
    fc.assert(fc.property(
      fc.double({ min: -5, max: 5, noNaN: true }), // metres per hour
      fc.double({ min: 0, max: 20, noNaN: true }), // starting level
      fc.array(fc.integer({ min: 1, max: 3_600_000 }), { minLength: 2, maxLength: 60 }), // gaps between readings (ms)
      (rate, start, gaps) => {
        let t = Date.UTC(2026, 6, 1);
        const points = [{ t, value: start }, ...gaps.map((gap) => ({ t: (t += gap), value: start + (rate * (t - Date.UTC(2026, 6, 1))) / 3_600_000 }))];
        expect(slopePerHour(points)).toBeCloseTo(rate, 6);
      },
    ));
  });

  it('reads no rise from readings all at one instant, or from a flat level', () => {
    expect(slopePerHour([{ t: 5, value: 1 }, { t: 5, value: 9 }])).toBe(0);
    expect(slopePerHour([{ t: 0, value: 7 }, { t: 300_000, value: 7 }, { t: 600_000, value: 7 }])).toBe(0);
  });

  it('is not fooled by one high reading at the end of a flat hour as an endpoint difference would be', () => {
    const flat = Array.from({ length: 12 }, (_, i) => ({ t: i * 300_000, value: 5 }));
    const spike = [...flat, { t: 12 * 300_000, value: 5.6 }];
    // Endpoints: 0.6 m in an hour. The fit spreads it over the hour's twelve readings.
    expect(slopePerHour(spike)).toBeLessThan(0.3);
  });
});
