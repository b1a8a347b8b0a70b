// Events: the open list, one event whole, taking a report in, the closed loop, supervision,
// escalation and unlinking a wrong duplicate (routes in api/http/routes/operations.ts, ingest.ts,
// supervision.ts). Answers the contract does not name are typed here as the routes send them.
import type { EventAccepted, EventList, EventSummary } from '../../../contract/api.ts';
import type { EventDetail, Escalation, Supervision } from '../../../contract/closedLoop.ts';
import type { EventCategory } from '../../../contract/domain.ts';
import type { EventInput, EventTransitionInput } from '../../../contract/schemas.ts';
import { hub, post } from './client.ts';

/** The console takes every open event of its scope at once (EventListQuery's ceiling). */
export const OPEN_EVENTS_LIMIT = 10_000;

export const fetchOpenEvents = (signal?: AbortSignal) =>
  hub<EventList>('/events', { query: { open: true, limit: OPEN_EVENTS_LIMIT }, signal });

/** With a reason, the reporter is shown whole (audited by the hub). */
export const fetchEventDetail = (id: number, signal?: AbortSignal, unmaskReason?: string) =>
  hub<EventDetail>(`/events/${id}`, { query: unmaskReason ? { unmask: true, reason: unmaskReason } : undefined, signal });

/** GET /events/duplicates. */
export interface DuplicateCandidates {
  radiusM: number;
  windowMinutes: number;
  candidates: { event: EventSummary; distanceM: number }[];
}

export const fetchDuplicates = (query: { category: EventCategory; lon: number; lat: number }, signal?: AbortSignal) =>
  hub<DuplicateCandidates>('/events/duplicates', { query, signal });

export const createEvent = (input: EventInput) => post<EventAccepted>('/events', input);

export const transitionEvent = (id: number, step: EventTransitionInput) => post<{ event: EventSummary }>(`/events/${id}/transition`, step);

export const superviseEvent = (id: number, text: string) => post<Supervision>(`/events/${id}/supervise`, { text });

export const escalateEvent = (id: number, reason: string) => post<Escalation>(`/events/${id}/escalate`, { reason });

/** The report becomes an event of its own (`created`); `from` is the event it was wrongly linked to. */
export const unlinkReport = (eventId: number, reportId: number) =>
  post<{ from: EventSummary; created: EventSummary }>(`/events/${eventId}/reports/${reportId}/unlink`);
