// The inbox filter in the address bar, so a view can be shared and restored:
// ?status=accepted,assigned&level=major&timing=overdue&escalated=1&village=新光村&q=渗水
// Values the domain does not know are dropped; an empty filter is an empty query.
import { EVENT_CATEGORIES, EVENT_LEVELS, EVENT_SOURCES, EVENT_STATUSES } from '../../../contract/domain.ts';
import type { InboxFilter } from './inbox.ts';

/** A query as vue-router gives it: each key a string, null, or a list of them. */
export type QueryValue = string | null | (string | null)[] | undefined;
export type Query = Record<string, QueryValue>;

const TIMINGS = ['on_time', 'nearing', 'overdue'] as const;
const SEPARATOR = ',';

function listOf(value: QueryValue): string[] {
  const parts = Array.isArray(value) ? value : [value];
  return parts.flatMap((part) => (part ?? '').split(SEPARATOR)).map((part) => part.trim()).filter(Boolean);
}

function known<T extends string>(allowed: readonly T[], value: QueryValue): T[] {
  return [...new Set(listOf(value).filter((v): v is T => (allowed as readonly string[]).includes(v)))];
}

function first(value: QueryValue): string {
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

export function filterFromQuery(query: Query): InboxFilter {
  const escalated = first(query.escalated);
  return {
    status: known(EVENT_STATUSES, query.status),
    category: known(EVENT_CATEGORIES, query.category),
    level: known(EVENT_LEVELS, query.level),
    village: [...new Set(listOf(query.village))],
    grid: [...new Set(listOf(query.grid))],
    source: known(EVENT_SOURCES, query.source),
    timing: known(TIMINGS, query.timing),
    escalated: escalated === '1' ? true : escalated === '0' ? false : null,
    text: first(query.q).trim(),
  };
}

/** Only what differs from the empty filter, so a plain inbox has a plain address. */
export function queryFromFilter(filter: InboxFilter): Record<string, string> {
  const query: Record<string, string> = {};
  const lists = { status: filter.status, category: filter.category, level: filter.level, village: filter.village, grid: filter.grid, source: filter.source, timing: filter.timing };
  for (const [key, values] of Object.entries(lists)) if (values.length > 0) query[key] = values.join(SEPARATOR);
  if (filter.escalated !== null) query.escalated = filter.escalated ? '1' : '0';
  if (filter.text.trim()) query.q = filter.text.trim();
  return query;
}

export const isEmptyFilter = (filter: InboxFilter): boolean => Object.keys(queryFromFilter(filter)).length === 0;
