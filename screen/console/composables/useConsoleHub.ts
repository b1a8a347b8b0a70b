// The console's live link to the hub, one per signed-in session: the socket with catch-up, and the
// lists it keeps (open events in the inbox index, open tasks, open alarms, the room's mode). Pages
// reach it with useConsoleHub(); the shell provides it and closes it (socket, listeners) on sign-out.
// Each list is asked for only by a role that may read it, and the socket only by a role the hub's
// socket takes (stats.read): an administrator's console (the catalogue) has no live link at all.
import { inject, provide, ref, shallowRef, type InjectionKey, type Ref } from 'vue';
import type { EventSummary, ModeState } from '../../../contract/api.ts';
import type { TaskSummary } from '../../../contract/closedLoop.ts';
import { OPEN_TASK_STATUSES } from '../../../contract/domain.ts';
import { useFactStream, type ConnectionState } from '../../shared/factStream.ts';
import type { LoadState } from '../../shared/hubApi.ts';
import { useLiveList } from '../../shared/liveList.ts';
import { fetchOpenAlarms, type AlarmRow } from '../api/alarms.ts';
import { fetchOpenIncidents, fetchOpenWarnings } from '../api/emergency.ts';
import type { HazardUpdate, IncidentSummary, ShelterUpdate } from '../../../contract/incidents.ts';
import type { Warning } from '../../../contract/warnings.ts';
import { isOpenAlarm } from '../../shared/openAlarms.ts';
import { fetchOpenTasks } from '../api/dispatch.ts';
import { fetchOpenEvents } from '../api/events.ts';
import { consoleHooks } from './consoleHooks.ts';
import { Inbox } from './inbox.ts';
import { can, endSession, session } from './session.ts';
import { useBeep } from './useBeep.ts';

/** A list kept live: its items (read them after `version`, which changes with every change), and its load. */
export interface LiveCollection<T> {
  items: T;
  version: Readonly<Ref<number>>;
  state: Readonly<Ref<LoadState>>;
  error: Readonly<Ref<string | null>>;
}

export interface ConsoleHub {
  /** Whether this role has the live link at all (the hub's socket refuses an administrator). */
  live: boolean;
  connection: Readonly<Ref<ConnectionState>>;
  mode: Readonly<Ref<ModeState | null>>;
  inbox: LiveCollection<Inbox>;
  tasks: LiveCollection<ReadonlyMap<number, TaskSummary>>;
  alarms: LiveCollection<Map<number, AlarmRow>>;
  /** Open warnings (raised, acknowledged). */
  warnings: LiveCollection<Map<number, Warning>>;
  /** Open incidents. */
  incidents: LiveCollection<Map<number, IncidentSummary>>;
  /** The latest hazard area pushed (any incident): pages showing an impact read it again. */
  lastHazard: Readonly<Ref<HazardUpdate | null>>;
  muted: Ref<boolean>;
  /** Calls `listener` whenever a fact about this event arrives (its summary, a task, a notice). Returns the remover. */
  watchEvent(eventId: number, listener: () => void): () => void;
  /** Calls `listener` with every `shelter:updated` (arrivals at a shelter during an incident). Returns the remover. */
  watchShelters(listener: (update: ShelterUpdate) => void): () => void;
}

const CONSOLE_HUB: InjectionKey<ConsoleHub> = Symbol('console hub');

export function provideConsoleHub(): ConsoleHub {
  const hub = connect();
  provide(CONSOLE_HUB, hub);
  return hub;
}

export function useConsoleHub(): ConsoleHub {
  const hub = inject(CONSOLE_HUB);
  if (!hub) throw new Error('useConsoleHub() outside the console shell: provideConsoleHub() runs in ConsoleShell.vue.');
  return hub;
}

/** The open items of one kind by id, loaded when asked and kept by pushes: an item no longer open leaves the map. */
function openMap<T extends { id: number }>(fetch: (signal: AbortSignal) => Promise<T[]>, isOpen: (item: T) => boolean) {
  const items = new Map<number, T>();
  const version = ref(0);
  const list = useLiveList<T>({
    fetch,
    replace: (all) => {
      items.clear();
      for (const item of all) items.set(item.id, item);
      version.value++;
    },
    apply: (item) => {
      if (isOpen(item)) items.set(item.id, item);
      else items.delete(item.id);
      version.value++;
    },
  });
  const collection: LiveCollection<Map<number, T>> = { items, version, state: list.state, error: list.error };
  return { list, collection };
}

function connect(): ConsoleHub {
  const inbox = new Inbox();
  const inboxVersion = ref(0);
  const mode = shallowRef<ModeState | null>(null);
  const listeners = new Map<number, Set<() => void>>();
  const shelterListeners = new Set<(update: ShelterUpdate) => void>();
  const { muted, beep } = useBeep();

  const events = useLiveList<EventSummary>({
    fetch: async (signal) => (can('events.read') ? (await fetchOpenEvents(signal)).events : []),
    replace: (items) => {
      inbox.reset(items);
      inboxVersion.value++;
    },
    apply: (event) => {
      inbox.apply(event, Date.now());
      inboxVersion.value++;
    },
  });
  const tasks = openMap<TaskSummary>(async (signal) => (can('tasks.read') ? (await fetchOpenTasks(signal)).tasks : []), (task) => OPEN_TASK_STATUSES.includes(task.status));
  const alarms = openMap<AlarmRow>(async (signal) => (can('alarms.read') ? (await fetchOpenAlarms(signal)).alarms : []), isOpenAlarm);
  const warnings = openMap<Warning>(async (signal) => (can('warnings.read') ? (await fetchOpenWarnings(signal)).warnings : []), (w) => w.status !== 'resolved');
  const incidents = openMap<IncidentSummary>(async (signal) => (can('incidents.read') ? (await fetchOpenIncidents(signal)).incidents : []), (i) => i.status === 'open');
  const lastHazard = shallowRef<HazardUpdate | null>(null);
  const lists = [events, tasks.list, alarms.list, warnings.list, incidents.list];

  const touched = (eventId: number) => {
    for (const listener of listeners.get(eventId) ?? []) listener();
  };

  const live = can('stats.read');
  const connection = live ? listen() : shallowRef<ConnectionState>('disconnected');

  function listen(): Readonly<Ref<ConnectionState>> {
    const stream = useFactStream({
      token: () => session.value?.token ?? '',
      onConnection: (state) => (consoleHooks.connected = state === 'connected'),
      // Later reconnects are caught up by the hub; a list whose load failed is loaded again.
      onConnect(first) {
        for (const list of lists) if (first || list.state.value === 'error') void list.load();
      },
      onReset() {
        for (const list of lists) void list.load();
      },
      onRefused: () => endSession('expired'),
    });
    stream.on('event:new', (event) => {
      events.push(event);
      touched(event.id);
      beep('event');
    });
    stream.on('event:updated', (event) => {
      events.push(event);
      touched(event.id);
    });
    stream.on('task:updated', (task) => {
      tasks.list.push(task);
      touched(task.eventId);
    });
    stream.on('supervision:new', (supervision) => touched(supervision.eventId));
    stream.on('alarm:new', (alarm) => {
      alarms.list.push(alarm);
      beep('alarm');
    });
    stream.on('alarm:updated', alarms.list.push);
    stream.on('warning:new', (warning) => {
      warnings.list.push(warning);
      beep('alarm');
    });
    stream.on('warning:updated', warnings.list.push);
    stream.on('incident:updated', incidents.list.push);
    stream.on('hazard:updated', (update) => (lastHazard.value = update));
    stream.on('shelter:updated', (update) => {
      for (const listener of shelterListeners) listener(update);
    });
    stream.on('mode:changed', (state) => (mode.value = state));
    return stream.connection;
  }

  return {
    live,
    connection,
    mode,
    inbox: { items: inbox, version: inboxVersion, state: events.state, error: events.error },
    tasks: tasks.collection,
    alarms: alarms.collection,
    warnings: warnings.collection,
    incidents: incidents.collection,
    lastHazard,
    muted,
    watchEvent(eventId, listener) {
      let set = listeners.get(eventId);
      if (!set) listeners.set(eventId, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(eventId);
      };
    },
    watchShelters(listener) {
      shelterListeners.add(listener);
      return () => shelterListeners.delete(listener);
    },
  };
}
