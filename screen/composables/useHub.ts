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
import { displayToken } from './displayToken.ts';
import { liveStats } from './liveStats.ts';
import { errorText, fetchOpenEvents, fetchTownship, isAbort, type LoadState } from './hubApi.ts';
import { applyEvent, newestFirst } from './openEvents.ts';
import { wallHooks } from './wallHooks.ts';

/** 'connecting' only until the first attempt ends; after a failure or loss it stays 'disconnected' while socket.io retries. */
export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

/** Alarms kept for the alarm list; older ones drop off. */
const RECENT_ALARMS = 20;
/** A failed read (township, open events) is tried again this often while it stays failed. */
const RETRY_MS = 10_000;

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
  /** Events pushed (new, changed or closed) while the open list is being fetched: the answer may predate them. */
  let pushedDuringRequest: EventSummary[] = [];
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  function setConnection(state: ConnectionState) {
    connection.value = state;
    wallHooks.connected = state === 'connected';
  }

  /** A failed read is tried again shortly, even while the socket stays connected. */
  function retryFailedReads() {
    retryTimer ??= setTimeout(() => {
      retryTimer = undefined;
      if (townshipState.value === 'error') void loadTownship();
      if (eventsState.value === 'error') void loadOpenEvents();
    }, RETRY_MS);
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
      retryFailedReads();
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
      // The answer replaces the list; the pushes it may predate are applied on top, closings included.
      events.value = pushedDuringRequest.reduce(applyEvent, newestFirst(open));
      eventsState.value = 'done';
      error.value = null;
    } catch (cause) {
      if (isAbort(cause)) return;
      eventsState.value = 'error';
      error.value = errorText(cause);
      retryFailedReads();
    } finally {
      if (eventsRequest === request) eventsRequest = undefined;
    }
  }

  socket.on('connect', () => {
    setConnection('connected');
    if (townshipState.value === 'error') void loadTownship();
    // A reconnect is caught up by the hub (facts since lastSeq); the list is loaded on the first
    // connect, and again if that load failed.
    if (lastSeq === null || eventsState.value === 'error') void loadOpenEvents();
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
  const pushed = (event: EventSummary, seq: number) => {
    seen(seq);
    if (eventsRequest) pushedDuringRequest.push(event);
    events.value = applyEvent(events.value, event);
  };
  socket.on('event:new', pushed);
  socket.on('event:updated', pushed);
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
    clearTimeout(retryTimer);
    townshipRequest.abort();
    eventsRequest?.abort();
    socket.removeAllListeners();
    socket.disconnect();
    setConnection('disconnected');
  });

  return { connection, stats, township, townshipState, events, eventsState, alarms, mode, error };
}
