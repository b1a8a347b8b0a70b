import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StatsAggregator, type BucketRow } from '../../api/stats/aggregator.ts';
import { HOUR_MS } from '../../api/stats/keys.ts';
import { WINDOW_NAMES } from '../../api/stats/windows.ts';

const T0 = Date.UTC(2026, 10, 20, 0, 0, 0);
const GRIDS = ['G1', 'G2', 'G3'];
const KEYS = ['ev', 'ev.level.major', 'rd.gas', 'pt.w.W1'];

const bucketWrite = fc.record({
  hourOffset: fc.integer({ min: -800, max: 2 }),
  grid: fc.constantFrom(...GRIDS),
  key: fc.constantFrom(...KEYS),
  count: fc.integer({ min: 1, max: 5 }),
  value: fc.integer({ min: -50, max: 50 }),
});
const step = fc.record({ writes: fc.array(bucketWrite, { maxLength: 6 }), advanceMinutes: fc.integer({ min: 0, max: 600 }) });

/** Windows compared as plain objects, sums rounded against float noise. */
function windows(aggregator: StatsAggregator) {
  return Object.fromEntries(WINDOW_NAMES.map((w) => [w, Object.fromEntries([...aggregator.window(w)].sort().map(([id, a]) =>
    [id, { count: a.count, sum: Math.round(a.sum * 1e6) / 1e6, min: a.min, max: a.max }]))]));
}

describe('the incremental statistics aggregator', () => {
  it('always equals one built afresh from the same buckets, however writes and time interleave', () => {
    fc.assert(fc.property(fc.array(step, { minLength: 1, maxLength: 25 }), (steps) => {
      let now = T0;
      const live = new StatsAggregator(new Date(now));
      const buckets = new Map<string, BucketRow>();
      for (const { writes, advanceMinutes } of steps) {
        now += advanceMinutes * 60_000;
        live.advance(new Date(now));
        const touched: BucketRow[] = [];
        for (const w of writes) {
          const hour = now - (now % HOUR_MS) + w.hourOffset * HOUR_MS;
          const id = `${hour}|${w.grid}|${w.key}`;
          const b = buckets.get(id) ?? { hour, grid: w.grid, key: w.key, count: 0, sum: 0, min: null, max: null };
          b.count += w.count;
          b.sum += w.value * w.count;
          b.min = b.min === null ? w.value : Math.min(b.min, w.value);
          b.max = b.max === null ? w.value : Math.max(b.max, w.value);
          buckets.set(id, b);
          touched.push({ ...b });
        }
        live.apply(touched);
      }
      const fresh = new StatsAggregator(new Date(now));
      fresh.apply([...buckets.values()].map((b) => ({ ...b })));
      live.advance(new Date(now));
      expect(windows(live)).toEqual(windows(fresh));
    }), { numRuns: 200 });
  });

  it('drops an hour from the 1h window when the clock passes into the next hour', () => {
    const at = T0 + 30 * 60_000;
    const aggregator = new StatsAggregator(new Date(at));
    aggregator.apply([{ hour: T0, grid: 'G1', key: 'ev', count: 3, sum: 0, min: null, max: null }]);
    expect(aggregator.window('1h').get('G1|ev')?.count).toBe(3);
    aggregator.advance(new Date(at + HOUR_MS));
    expect(aggregator.window('1h').get('G1|ev')).toBeUndefined();
    expect(aggregator.window('24h').get('G1|ev')?.count).toBe(3);
  });
});
