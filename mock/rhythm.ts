// How busy a township is by hour of day (China time): quiet at night, peaks mid-morning and
// mid-afternoon when grid workers patrol and the hotline is staffed. Relative weights, mean 1.
const HOURLY_WEIGHT = [
  0.15, 0.1, 0.08, 0.08, 0.1, 0.2, 0.45, 0.9, 1.5, 1.9, 2.0, 1.7, //  0–11
  1.1, 1.3, 1.8, 1.9, 1.8, 1.5, 1.1, 0.9, 0.7, 0.5, 0.35, 0.2, // 12–23
] as const;
const MEAN = HOURLY_WEIGHT.reduce((a, b) => a + b, 0) / HOURLY_WEIGHT.length;

/** Relative activity (mean 1 over a day) at the China-time hour of `at`. */
export function activityAt(at: Date): number {
  const hour = (at.getUTCHours() + 8) % 24;
  return HOURLY_WEIGHT[hour]! / MEAN;
}

/** Events per day a township of this size reports on an ordinary day (all sources together). */
export const EVENTS_PER_DAY = 96;
