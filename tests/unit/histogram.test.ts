import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLOSE_HOURS_BOUNDS } from '../../contract/api.ts';
import { closeHistogramIndex } from '../../api/stats/keys.ts';

describe('the time-to-close histogram', () => {
  it('puts a duration in the first bucket whose bound it does not exceed', () => {
    expect(closeHistogramIndex(15 * 60)).toBe(0);
    expect(closeHistogramIndex(15 * 60 + 1)).toBe(1);
    expect(closeHistogramIndex(100 * 24 * 3600)).toBe(CLOSE_HOURS_BOUNDS.length - 1);
  });

  it('has the same bounds in the backfill migration as in the code', () => {
    const sql = readFileSync('api/db/migrations/005_stat_buckets.sql', 'utf8');
    const bounds = [...sql.matchAll(/\/ 3600\.0 <= ([\d.]+) THEN (\d+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(bounds).toEqual(CLOSE_HOURS_BOUNDS.slice(0, -1).map((bound, i) => [bound, i]));
  });
});
