// Records may not be dated ahead of the hub's clock by more than a small skew: a reading, event or
// points action from the future would count in today's windows (and a reading would pin its
// device's latest value until the real time caught up with it).
import { ApiError } from './errors.ts';

export interface Dated { path: string; at: string | undefined }

/** Throws a 400 naming every time more than `skewMs` ahead of `now`. */
export function refuseFutureTimes(dated: Iterable<Dated>, skewMs: number, now = Date.now()): void {
  const limit = now + skewMs;
  const ahead: { path: string; at: string }[] = [];
  for (const { path, at } of dated) if (at !== undefined && Date.parse(at) > limit) ahead.push({ path, at });
  if (ahead.length === 0) return;
  const clock = new Date(now).toISOString();
  const allowed = `at most ${Math.round(skewMs / 1000)} s ahead of the hub's clock (${clock})`;
  const first = ahead[0]!;
  const more = ahead.length > 1 ? ` (and ${ahead.length - 1} more)` : '';
  throw new ApiError(400, 'validation',
    `Invalid request: ${first.path}: ${first.at} is ${aheadBy(Date.parse(first.at) - now)} in the future; times may be ${allowed}${more}. Check the sender's clock.`,
    ahead.slice(0, 50).map(({ path, at }) => ({ path, message: `${at} is ${aheadBy(Date.parse(at) - now)} ahead; ${allowed}` })));
}

function aheadBy(ms: number): string {
  const s = ms / 1000;
  if (s < 120) return `${Math.round(s)} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 129_600) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} days`;
}
