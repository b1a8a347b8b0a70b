// Seeded reading values for the benchmarks: mostly inside the device's normal range, a small share
// above its warning threshold (so alarms are raised), never outside the type's physical range
// (which the hub refuses).
import { DEVICE_VALUE_RANGES } from '../contract/domain.ts';
import type { DeviceRef } from '../api/domain/township.ts';
import type { Random } from '../gis-data/scripts/random.ts';

export function drawReadingValue(rng: Random, device: DeviceRef, normal: { normalMin: number; normalMax: number }, aboveWarnShare: number): number {
  const { max } = DEVICE_VALUE_RANGES[device.type];
  if (device.warnAbove < max && rng.chance(aboveWarnShare)) {
    const top = Math.min(max, device.criticalAbove + (device.criticalAbove - device.warnAbove));
    return Math.min(max, rng.float(device.warnAbove, top) + 1e-6);
  }
  return rng.float(normal.normalMin, normal.normalMax);
}
