import { describe, expect, it } from 'vitest';
import { chinaDayStamp, chinaDayStart, chinaMonthStart } from '../../api/domain/time.ts';

describe('China-time day and month boundaries', () => {
  it('starts the day at 16:00 UTC the evening before', () => {
    expect(chinaDayStart(new Date('2026-11-21T03:00:00Z')).toISOString()).toBe('2026-11-20T16:00:00.000Z');
    expect(chinaDayStart(new Date('2026-11-21T17:00:00Z')).toISOString()).toBe('2026-11-21T16:00:00.000Z');
  });

  it('starts the month on the 1st at 00:00 China time, across a year end', () => {
    expect(chinaMonthStart(new Date('2026-11-21T03:00:00Z')).toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(chinaMonthStart(new Date('2026-12-31T17:00:00Z')).toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('stamps the China-time date, not the UTC one', () => {
    expect(chinaDayStamp(new Date('2026-11-21T16:30:00Z'))).toBe('20261122');
  });
});
