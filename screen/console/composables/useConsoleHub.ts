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
import { fetchOpenAlarms, OPEN_ALARMS_LIMIT, type AlarmRow } from '../api/alarms.ts';
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
  alarms: LiveCollection<Map<number, AlarmRow>> & { changed(): void };
  muted: Ref<boolean>;
  /** Calls `listener` whenever a fact about this event arrives (its summary, a task, a notice). Returns the remover. */
  watchEvent(eventId: number, listener: () => void): () => void;
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

function connect(): ConsoleHub {
  const inbox = new Inbox();
  const inboxVersion = ref(0);
  const tasks = new Map<number, TaskSummary>();
  const tasksVersion = ref(0);
  const alarms = new Map<number, AlarmRow>();
  const alarmsVersion = ref(0);
  const mode = shallowRef<ModeState | null>(null);
  const listeners = new Map<number, Set<() => void>>();
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
  const taskList = useLiveList<TaskSummary>({
    fetch: async (signal) => (can('tasks.read') ? (await fetchOpenTasks(signal)).tasks : []),
    replace: (items) => {
      tasks.clear();
      for (const task of items) tasks.set(task.id, task);
      tasksVersion.value++;
    },
    apply: (task) => {
      if (OPEN_TASK_STATUSES.includes(task.status)) tasks.set(task.id, task);
      else tasks.delete(task.id);
      tasksVersion.value++;
    },
  });
  const alarmList = useLiveList<AlarmRow>({
    fetch: async (signal) => (can('alarms.read') ? (await fetchOpenAlarms(signal)).alarms : []),
    replace: (items) => {
      alarms.clear();
      for (const alarm of items) alarms.set(alarm.id, alarm);
      alarmsVersion.value++;
    },
    apply: (alarm) => {
      alarms.set(alarm.id, alarm);
      // No fact says when an alarm clears: keep the newest, as many as a load would bring.
      if (alarms.size > OPEN_ALARMS_LIMIT) {
        const oldest = [...alarms.values()].sort((a, b) => Date.parse(a.raisedAt) - Date.parse(b.raisedAt)).slice(0, alarms.size - OPEN_ALARMS_LIMIT);
        for (const old of oldest) alarms.delete(old.id);
      }
      alarmsVersion.value++;
    },
  });
  const lists = [events, taskList, alarmList];

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
      taskList.push(task);
      touched(task.eventId);
    });
    stream.on('supervision:new', (supervision) => touched(supervision.eventId));
    stream.on('alarm:new', (alarm) => {
      alarmList.push({ ...alarm, status: 'active', acknowledgedBy: null });
      beep('alarm');
    });
    stream.on('mode:changed', (state) => (mode.value = state));
    return stream.connection;
  }

  return {
    live,
    connection,
    mode,
    inbox: { items: inbox, version: inboxVersion, state: events.state, error: events.error },
    tasks: { items: tasks, version: tasksVersion, state: taskList.state, error: taskList.error },
    // Acknowledging raises no fact: the page that did it says so here.
    alarms: { items: alarms, version: alarmsVersion, state: alarmList.state, error: alarmList.error, changed: () => alarmsVersion.value++ },
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
  };
}
