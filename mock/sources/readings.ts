// IoT readings: every device reports on its own schedule. Values wander inside the device's normal
// range; now and then one drifts over its thresholds for a while, as a rising river or a gas leak would.
import { DEVICE_VALUE_RANGES } from '../../contract/domain.ts';
import type { ReadingInput } from '../../contract/schemas.ts';
import type { Random } from '../../gis-data/scripts/random.ts';
import type { World } from '../world.ts';

export const REPORT_INTERVAL_S = 300;
/** Chance that a reading starts an excursion over the thresholds. */
const EXCURSION_CHANCE = 0.004;
const EXCURSION_READINGS = [3, 12] as const;

interface DeviceState { value: number; nextDue: number; excursionLeft: number; excursionTarget: number }

export class ReadingSource {
  readonly #state: DeviceState[];

  constructor(private readonly rng: Random, private readonly world: World, startSeconds: number) {
    this.#state = world.devices.map((d) => ({
      value: rng.float(d.normalMin, d.normalMax),
      nextDue: startSeconds + rng.float(0, REPORT_INTERVAL_S),
      excursionLeft: 0,
      excursionTarget: 0,
    }));
  }

  /** Readings due at `clockSeconds` of simulated time. */
  tick(now: Date, clockSeconds: number): ReadingInput[] {
    const readings: ReadingInput[] = [];
    this.world.devices.forEach((device, i) => {
      const state = this.#state[i]!;
      if (state.nextDue > clockSeconds) return;
      state.nextDue += REPORT_INTERVAL_S * this.rng.float(0.9, 1.1);
      readings.push({ deviceCode: device.code, ts: now.toISOString(), value: this.#nextValue(device, state) });
    });
    return readings;
  }

  #nextValue(device: World['devices'][number], state: DeviceState): number {
    const span = device.normalMax - device.normalMin;
    if (state.excursionLeft === 0 && device.warnAbove < 1e6 && this.rng.chance(EXCURSION_CHANCE)) {
      state.excursionLeft = this.rng.int(...EXCURSION_READINGS);
      const over = this.rng.chance(0.3) ? device.criticalAbove : device.warnAbove;
      state.excursionTarget = over + Math.max(span * 0.1, Math.abs(over) * 0.05);
    }
    if (state.excursionLeft > 0) {
      state.excursionLeft -= 1;
      state.value += (state.excursionTarget - state.value) * 0.6;
      if (state.excursionLeft === 0) state.value = this.rng.float(device.normalMin, device.normalMax);
    } else {
      const drift = this.rng.normal(0, span * 0.05);
      state.value = Math.min(device.normalMax, Math.max(device.normalMin, state.value + drift));
    }
    // A sensor reports within its type's physical range: an on/off sensor says 1, however far it is over.
    const { min, max } = DEVICE_VALUE_RANGES[device.type];
    return Math.min(max, Math.max(min, Math.round(state.value * 1000) / 1000));
  }
}
