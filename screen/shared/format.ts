// Times on the wall and the console are China time (UTC+8, no daylight saving) whatever the machine's zone.
const CHINA_TIME_ZONE = 'Asia/Shanghai';

const clockFormats = new Map<string, Intl.DateTimeFormat>();
const timeFormats = new Map<string, Intl.DateTimeFormat>();
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

function cached(cache: Map<string, Intl.DateTimeFormat>, locale: string, options: Intl.DateTimeFormatOptions) {
  let format = cache.get(locale);
  if (!format) cache.set(locale, (format = new Intl.DateTimeFormat(locale, { timeZone: CHINA_TIME_ZONE, hourCycle: 'h23', ...options })));
  return format;
}

/** "2026年11月21日 星期六 15:04:05" — the header clock. */
export function formatClock(date: Date, locale: string): string {
  return cached(clockFormats, locale, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    weekday: 'long',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(date);
}

/** "15:04" for an ISO timestamp — a row of the event list. */
export function formatTime(iso: string, locale: string): string {
  return cached(timeFormats, locale, { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

export function formatCount(value: number | undefined, locale: string): string {
  return value === undefined ? '—' : value.toLocaleString(locale);
}

/** "11月21日 15:04" for an ISO timestamp — a time in the console's lists and timelines. */
export function formatDateTime(iso: string, locale: string): string {
  return cached(dateTimeFormats, locale, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}
