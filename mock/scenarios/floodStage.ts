// The river of the flood scenario: the stage (水位, metres on the gauge) of the 衢江 at 湖镇 over the
// night, as simulated minutes from the start. A slow start, a rise of about 0.9 m an hour through the
// warning (5.5 m) and critical (6.5 m) levels to a crest of 8.2 m, then a slower fall back into the
// normal range (2–4 m). Downstream gauges read a little lower than upstream ones.

/** [simulated minute, stage in metres]; linear between. */
export const FLOOD_HYDROGRAPH: readonly (readonly [number, number])[] = [
  [0, 3.0], [60, 3.5], [360, 8.0], [420, 8.2], [480, 8.0], [840, 3.6], [900, 3.3],
];
export const FLOOD_MINUTES = FLOOD_HYDROGRAPH[FLOOD_HYDROGRAPH.length - 1]![0];
/** Minutes between two readings of a gauge. */
export const READING_EVERY_MIN = 5;
/** Each gauge downstream reads this much lower than the one above it. */
const DROP_PER_GAUGE_M = 0.04;

export function stageAt(minute: number): number {
  const points = FLOOD_HYDROGRAPH;
  if (minute <= points[0]![0]) return points[0]![1];
  for (let i = 1; i < points.length; i += 1) {
    const [m1, s1] = points[i]!;
    const [m0, s0] = points[i - 1]!;
    if (minute <= m1) return Math.round((s0 + ((s1 - s0) * (minute - m0)) / (m1 - m0)) * 1000) / 1000;
  }
  return points[points.length - 1]![1];
}

/** The stage at the `index`-th gauge from upstream. */
export const gaugeStage = (minute: number, index: number): number => Math.round((stageAt(minute) - index * DROP_PER_GAUGE_M) * 1000) / 1000;

/** The minute of the crest. */
export const CREST_MINUTE = FLOOD_HYDROGRAPH.reduce((best, p) => (p[1] > best[1] ? p : best))[0];
