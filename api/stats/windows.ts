// Where each rolling window starts, on clock-hour boundaries (see STATS_WINDOWS in the contract).
import type { StatsWindow } from '../../contract/api.ts';
import { chinaDayStart, chinaMonthStart } from '../domain/time.ts';
import { HOUR_MS, hourOf } from './keys.ts';

export type WindowName = StatsWindow | 'today';
export const WINDOW_NAMES: WindowName[] = ['1h', '24h', '7d', '30d', 'mtd', 'today'];

const HOURS: Record<Exclude<WindowName, 'mtd' | 'today'>, number> = { '1h': 1, '24h': 24, '7d': 168, '30d': 720 };

export function windowStart(window: WindowName, now: Date): number {
  if (window === 'mtd') return chinaMonthStart(now).getTime();
  if (window === 'today') return chinaDayStart(now).getTime();
  return hourOf(now) - (HOURS[window] - 1) * HOUR_MS;
}

/** The earliest hour any window still needs. */
export function oldestNeeded(now: Date): number {
  return Math.min(...WINDOW_NAMES.map((w) => windowStart(w, now)));
}
