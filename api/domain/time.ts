// Day and month boundaries in China time (UTC+8, no daylight saving), as absolute instants.
import { CHINA_UTC_OFFSET_MINUTES } from '../../contract/domain.ts';

const OFFSET_MS = CHINA_UTC_OFFSET_MINUTES * 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** Midnight China time at the start of the day holding `at`. */
export function chinaDayStart(at: Date): Date {
  const local = at.getTime() + OFFSET_MS;
  return new Date(local - (((local % DAY_MS) + DAY_MS) % DAY_MS) - OFFSET_MS);
}

/** Midnight China time on the first of the month holding `at`. */
export function chinaMonthStart(at: Date): Date {
  const local = new Date(at.getTime() + OFFSET_MS);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1) - OFFSET_MS);
}

/** 'YYYYMMDD' of the China-time day holding `at`. */
export function chinaDayStamp(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10).replaceAll('-', '');
}
