// The wall's live link to the hub: one socket.io connection (stats, new events, alarms) plus the REST
// reads it needs. Everything is closed when the calling component's scope ends.
import { io, type Socket } from 'socket.io-client';
import { onScopeDispose, ref, shallowRef } from 'vue';
import type {
  AlarmSummary,
  ClientToServerEvents,
  EventSummary,
  ServerToClientEvents,
  ModeState,
  TownshipInfo,
} from '../../contract/api.ts';
import { CLOSED_STATUSES } from '../../contract/domain.ts';
import { displayToken } from './displayToken.ts';
import { liveStats } from './liveStats.ts';
import { errorText, fetchOpenEvents, fetchTownship, isAbort, OPEN_EVENTS_LIMIT, type LoadState } from './hubApi.ts';
import { wallHooks } from './wallHooks.ts';

/** 'connecting' only until the first attempt ends; after a failure or loss it stays 'disconnected' while socket.io retries. */
export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

/** Alarms kept for the alarm list; older ones drop off. */
const RECENT_ALARMS = 20;

export function useHub() {
  const connection = ref<ConnectionState>('connecting');
  const township = shallowRef<TownshipInfo | null>(null);
  const townshipState = ref<LoadState>('idle');
  const events = shallowRef<EventSummary[]>([]);
  const eventsState = ref<LoadState>('idle');
  const alarms = shallowRef<AlarmSummary[]>([]);
  const mode = shallowRef<ModeState | null>(null);
  /** The latest failure of any read, for the header; cleared by the next success. */
  const error = ref<string | null>(null);

  /** The last fact's sequence number seen: sent on every reconnect, so the hub replays exactly what was missed. */
  let lastSeq: number | null = null;
  const seen = (seq: number | null) => {
    if (seq !== null) lastSeq = Math.max(lastSeq ?? 0, seq);
  };
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
    path: '/socket.io',
    transports: ['websocket'],
    auth: (send) => send(lastSeq === null ? { token: displayToken ?? '' } : { token: displayToken ?? '', lastSeq }),
  });
  const stats = liveStats(socket);
  const townshipRequest = new AbortController();
  let eventsRequest: AbortController | undefined;
  /** Events pushed while the open list is being fetched: the answer may predate them. */
  let pushedDuringRequest: EventSummary[] = [];

  function setConnection(state: ConnectionState) {
    connection.value = state;
    wallHooks.connected = state === 'connected';
  }

  function mergeEvents(incoming: EventSummary[]) {
    events.value = newestFirst([...events.value, ...incoming]);
  }

  async function loadTownship() {
    townshipState.value = 'loading';
    try {
      township.value = await fetchTownship(townshipRequest.signal);
      townshipState.value = 'done';
      error.value = null;
    } catch (cause) {
      if (isAbort(cause)) return;
      townshipState.value = 'error';
      error.value = errorText(cause);
    }
  }

  /** Refetch the open list (on every (re)connect). A request overtaken by a newer one is dropped. */
  async function loadOpenEvents() {
    eventsRequest?.abort();
    const request = (eventsRequest = new AbortController());
    pushedDuringRequest = [];
    eventsState.value = 'loading';
    try {
      const { events: open } = await fetchOpenEvents(request.signal);
      // The answer replaces the list (events closed meanwhile drop out); pushes it may predate are kept.
      events.value = newestFirst([...open, ...pushedDuringRequest]);
      eventsState.value = 'done';
      error.value = null;
    } catch (cause) {
      if (isAbort(cause)) return;
      eventsState.value = 'error';
      error.value = errorText(cause);
    } finally {
      if (eventsRequest === request) eventsRequest = undefined;
    }
  }

  socket.on('connect', () => {
    setConnection('connected');
    if (townshipState.value === 'error') void loadTownship();
    // A reconnect is caught up by the hub (facts since lastSeq); only the first connect loads the list.
    if (lastSeq === null) void loadOpenEvents();
  });
  socket.on('connect_error', (cause) => {
    setConnection('disconnected');
    // The hub refuses the token itself: retrying will not help until the wall gets a new link.
    if (cause.message.startsWith('unauthorized') || cause.message.startsWith('forbidden')) {
      error.value = `${cause.message} — open the wall with a valid display-token link (?token=…).`;
    }
  });
  socket.on('disconnect', () => setConnection('disconnected'));
  socket.on('sync:ready', seen);
  socket.on('sync:reset', (seq) => {
    lastSeq = seq;
    void loadOpenEvents(); // the facts missed are no longer kept: take the list afresh
  });
  socket.on('event:new', (event, seq) => {
    seen(seq);
    if (eventsRequest) pushedDuringRequest.push(event);
    mergeEvents([event]);
  });
  socket.on('event:updated', (event, seq) => {
    seen(seq);
    if (eventsRequest && !CLOSED_STATUSES.includes(event.status)) pushedDuringRequest.push(event);
    // The wall lists open events: a closed one leaves the list.
    events.value = CLOSED_STATUSES.includes(event.status) ? events.value.filter((e) => e.id !== event.id) : newestFirst([...events.value, event]);
  });
  socket.on('mode:changed', (state, seq) => {
    seen(seq);
    mode.value = state;
  });
  socket.on('alarm:new', (alarm, seq) => {
    seen(seq);
    alarms.value = [alarm, ...alarms.value].slice(0, RECENT_ALARMS);
  });

  void loadTownship();

  onScopeDispose(() => {
    townshipRequest.abort();
    eventsRequest?.abort();
    socket.removeAllListeners();
    socket.disconnect();
    setConnection('disconnected');
  });

  return { connection, stats, township, townshipState, events, eventsState, alarms, mode, error };
}

/** One row per id (the later copy wins), newest accepted first, at most OPEN_EVENTS_LIMIT. */
export function newestFirst(events: EventSummary[]): EventSummary[] {
  const byId = new Map(events.map((event) => [event.id, event]));
  return [...byId.values()].sort((a, b) => Date.parse(b.acceptedAt) - Date.parse(a.acceptedAt)).slice(0, OPEN_EVENTS_LIMIT);
}
