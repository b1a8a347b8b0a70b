// The wall's list of open events, kept from the hub's list and the pushes after it. Pure functions:
// useHub holds the state.
import type { EventSummary } from '../../../contract/api.ts';
import { CLOSED_STATUSES } from '../../../contract/domain.ts';

/** Open events the wall lists and draws; the hub answers newest first. */
export const OPEN_EVENTS_LIMIT = 200;

/** The open list after one pushed event: a closed event leaves it, any other takes its place in it. */
export function applyEvent(list: EventSummary[], event: EventSummary): EventSummary[] {
  return CLOSED_STATUSES.includes(event.status) ? list.filter((e) => e.id !== event.id) : newestFirst([...list, event]);
}

/** One row per id (the later copy wins), newest accepted first, at most OPEN_EVENTS_LIMIT. */
export function newestFirst(events: EventSummary[]): EventSummary[] {
  const byId = new Map(events.map((event) => [event.id, event]));
  return [...byId.values()].sort((a, b) => Date.parse(b.acceptedAt) - Date.parse(a.acceptedAt)).slice(0, OPEN_EVENTS_LIMIT);
}
