// The wall's live link to the hub: one socket.io connection (stats, events, tasks, alarms) plus the
// REST reads it needs (township, open events, tasks and alarms). Everything is closed when the calling component's scope ends.
import { onScopeDispose, ref, shallowRef, watch } from 'vue';
import type { AlarmSummary, EventSummary, ModeState, TownshipInfo } from '../../../contract/api.ts';
import type { TaskSummary } from '../../../contract/closedLoop.ts';
import { useFactStream } from '../../shared/factStream.ts';
import { errorText, isAbort, type LoadState } from '../../shared/hubApi.ts';
import { useLiveList } from '../../shared/liveList.ts';
import { displayToken } from './displayToken.ts';
import { applyAlarm, openAlarms } from '../../shared/openAlarms.ts';
import { fetchOpenAlarms, fetchOpenEvents, fetchOpenTasks, fetchTownship } from './hubApi.ts';
import { liveStats } from './liveStats.ts';
import { applyEvent, newestFirst } from './openEvents.ts';
import { applyTask, openOnly } from './openTasks.ts';
import { useEmergency } from './useEmergency.ts';
import { wallHooks } from './wallHooks.ts';

export type { ConnectionState } from '../../shared/factStream.ts';

/** A failed read (township, open events, open tasks) is tried again this often while it stays failed. */
const RETRY_MS = 10_000;

export function useHub() {
  const township = shallowRef<TownshipInfo | null>(null);
  const townshipState = ref<LoadState>('idle');
  const events = shallowRef<EventSummary[]>([]);
  const tasks = shallowRef<TaskSummary[]>([]);
  const alarms = shallowRef<AlarmSummary[]>([]);
  const mode = shallowRef<ModeState | null>(null);
  /** The latest failure of any read, for the header; cleared by the next success. */
  const error = ref<string | null>(null);
  const townshipRequest = new AbortController();
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const onError = (message: string) => {
    error.value = message;
    retryFailedReads();
  };
  const openEvents = useLiveList<EventSummary>({
    fetch: async (signal) => (await fetchOpenEvents(signal)).events,
    replace: (open) => (events.value = newestFirst(open)),
    apply: (event) => (events.value = applyEvent(events.value, event)),
    onError,
  });
  const openTasks = useLiveList<TaskSummary>({
    fetch: async (signal) => (await fetchOpenTasks(signal)).tasks,
    replace: (open) => (tasks.value = openOnly(open)),
    apply: (task) => (tasks.value = applyTask(tasks.value, task)),
    onError,
  });
  const openAlarmList = useLiveList<AlarmSummary>({
    fetch: async (signal) => (await fetchOpenAlarms(signal)).alarms,
    replace: (open) => (alarms.value = openAlarms(open)),
    apply: (alarm) => (alarms.value = applyAlarm(alarms.value, alarm)),
    onError,
  });
  const lists: { load(): Promise<void>; state: typeof openEvents.state }[] = [openEvents, openTasks, openAlarmList];
  for (const list of lists) watch(list.state, (state) => state === 'done' && (error.value = null));

  const stream = useFactStream({
    token: () => displayToken ?? '',
    onConnection: (state) => (wallHooks.connected = state === 'connected'),
    onConnect(first) {
      if (townshipState.value === 'error') void loadTownship();
      // A reconnect is caught up by the hub (facts since lastSeq); the lists are loaded on the first
      // connect, and again if that load failed.
      for (const list of lists) if (first || list.state.value === 'error') void list.load();
    },
    // The facts missed are no longer kept: take the lists afresh.
    onReset: () => {
      lists.forEach((list) => void list.load());
      void emergency.reloadHazard();
    },
    // The hub refuses the token itself: retrying will not help until the wall gets a new link.
    onRefused: (message) => (error.value = `${message} — open the wall with a valid display-token link (?token=…).`),
  });
  const stats = liveStats(stream.socket);
  const emergency = useEmergency(stream, mode, onError);
  lists.push(emergency.warningList);

  /** A failed read is tried again shortly, even while the socket stays connected. */
  function retryFailedReads() {
    retryTimer ??= setTimeout(() => {
      retryTimer = undefined;
      if (townshipState.value === 'error') void loadTownship();
      for (const list of lists) if (list.state.value === 'error') void list.load();
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

  stream.on('event:new', openEvents.push);
  stream.on('event:updated', openEvents.push);
  stream.on('task:updated', openTasks.push);
  stream.on('mode:changed', (state) => (mode.value = state));
  stream.on('alarm:new', openAlarmList.push);
  stream.on('alarm:updated', openAlarmList.push);

  void loadTownship();

  onScopeDispose(() => {
    clearTimeout(retryTimer);
    townshipRequest.abort();
  });

  return {
    connection: stream.connection,
    stats,
    township,
    townshipState,
    events,
    eventsState: openEvents.state,
    tasks,
    tasksState: openTasks.state,
    tasksError: openTasks.error,
    alarms,
    mode,
    warnings: emergency.warnings,
    hazard: emergency.hazard,
    error,
  };
}
