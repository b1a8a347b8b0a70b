// Durations as people read them on a screen: the two largest units that matter ("3小时12分", "2 d 4 h").
// durationParts gives the numbers; useDuration words them with the screen's i18n (`duration.days` …,
// which each screen's messages define).
import { useI18n } from 'vue-i18n';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export type DurationKey = 'days' | 'hours' | 'minutes' | 'seconds';

/** Which message and which numbers: days and hours, hours and minutes, minutes, or seconds (of |ms|). */
export function durationParts(ms: number): { key: DurationKey; values: { d: number; h: number; m: number; s: number } } {
  const abs = Number.isFinite(ms) ? Math.abs(ms) : 0;
  const d = Math.floor(abs / DAY);
  const h = Math.floor((abs % DAY) / HOUR);
  const m = Math.floor((abs % HOUR) / MINUTE);
  const s = Math.floor((abs % MINUTE) / SECOND);
  const key: DurationKey = d > 0 ? 'days' : h > 0 ? 'hours' : m > 0 ? 'minutes' : 'seconds';
  return { key, values: { d, h, m, s } };
}

/** A formatter of durations in the calling component's language. */
export function useDuration(): (ms: number) => string {
  const { t } = useI18n();
  return (ms) => {
    const { key, values } = durationParts(ms);
    return t(`duration.${key}`, values);
  };
}
