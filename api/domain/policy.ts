// The room's rules of thumb that a township may set (environment, see the README's configuration).
export interface RoomPolicy {
  /** A report of the same category within this distance of an open event… (0: never linked automatically) */
  duplicateRadiusM: number;
  /** …and within this time of its acceptance is linked to it as a further report. */
  duplicateWindowMs: number;
  /** An open event is "nearing its deadline" once this share of its time is used (0–1). */
  nearingShare: number;
  /** A device not heard for this long raises an offline alarm (three missed reports of a 5-minute sensor). */
  deviceOfflineAfterMs: number;
}

export const DEFAULT_POLICY: RoomPolicy = { duplicateRadiusM: 200, duplicateWindowMs: 60 * 60_000, nearingShare: 0.8, deviceOfflineAfterMs: 15 * 60_000 };

/**
 * Tests post the same report at the same place again and again to test other things: they link
 * duplicates only when they ask for it (tests/api/duplicates.test.ts does).
 */
export const TEST_POLICY: RoomPolicy = { ...DEFAULT_POLICY, duplicateRadiusM: 0 };
