// What a replay's map shows at a moment (replay.ts), for both screens to draw their own way (the wall
// on Cesium, the console on ECharts): the open alarms, the warnings that have a place, one mark per
// event with dispatched tasks, the shelters people reached, and the patrolling workers with their tracks.
import type { LonLat, ReplayMoment, ReplayTask } from './replay.ts';
import { PLACE_COLORS, TASK_STATUS_COLORS } from './palette.ts';
import type { TaskStatus } from '../../contract/domain.ts';

export type ReplayMarkKind = 'alarm' | 'warning' | 'task' | 'shelter' | 'worker';

export interface ReplayMark {
  /** Unique on the map: kind and subject. */
  id: string;
  kind: ReplayMarkKind;
  lon: number;
  lat: number;
  color: string;
  /** A device code, a warning's title, an event id, a shelter or a worker code. */
  subject: string;
  /** The task status or alarm severity the colour shows. */
  status: string | null;
  /** Tasks at the event, people in the shelter; null for the rest. */
  count: number | null;
}

export interface ReplayTrack {
  id: string;
  positions: readonly LonLat[];
  color: string;
}

export const REPLAY_COLORS = {
  /** The replay's own label colour on both screens: nothing live uses it. */
  label: '#b388ff',
  alarm: { critical: '#ff1744', warning: '#ffc400' } as Record<string, string>,
  acknowledgedAlarm: '#ff9e80',
  warning: { blue: '#4fc3f7', yellow: '#ffd54f', orange: '#ff9800', red: '#ff5252' } as Record<string, string>,
  worker: '#e040fb',
  track: 'rgba(224, 64, 251, 0.75)',
  fallback: '#ffffff',
} as const;

/** A task still under way comes before one finished; among those under way the least advanced shows. */
const TASK_RANK: Record<string, number> = { notified: 0, accepted: 1, arrived: 2, done: 3, refused: 4, cancelled: 5 };
const OPEN_TASK_RANK = 3;

/** The task an event's mark shows: the least advanced still under way, else the one that changed last. */
function shownTask(tasks: readonly ReplayTask[]): ReplayTask {
  const open = tasks.filter((task) => (TASK_RANK[task.status] ?? OPEN_TASK_RANK) < OPEN_TASK_RANK);
  if (open.length > 0) return open.reduce((a, b) => ((TASK_RANK[b.status] ?? 0) < (TASK_RANK[a.status] ?? 0) ? b : a));
  return tasks.reduce((a, b) => (b.since > a.since ? b : a));
}

export function replayMarks(moment: ReplayMoment): { marks: ReplayMark[]; tracks: ReplayTrack[] } {
  const marks: ReplayMark[] = [];
  for (const alarm of moment.alarms) {
    const color = alarm.acknowledged ? REPLAY_COLORS.acknowledgedAlarm : REPLAY_COLORS.alarm[alarm.severity] ?? REPLAY_COLORS.fallback;
    marks.push({ id: `alarm:${alarm.alarmId}`, kind: 'alarm', lon: alarm.lon, lat: alarm.lat, color, subject: alarm.deviceCode, status: alarm.severity, count: null });
  }
  for (const warning of moment.warnings) {
    if (warning.lon === null || warning.lat === null) continue;
    marks.push({ id: `warning:${warning.warningId}`, kind: 'warning', lon: warning.lon, lat: warning.lat, color: REPLAY_COLORS.warning[warning.level] ?? REPLAY_COLORS.fallback,
      subject: warning.title, status: warning.level, count: null });
  }
  const byEvent = new Map<number, ReplayTask[]>();
  for (const task of moment.tasks) byEvent.set(task.eventId, [...(byEvent.get(task.eventId) ?? []), task]);
  for (const [eventId, tasks] of byEvent) {
    const shown = shownTask(tasks);
    marks.push({ id: `task:${eventId}`, kind: 'task', lon: shown.lon, lat: shown.lat, color: TASK_STATUS_COLORS[shown.status as TaskStatus] ?? REPLAY_COLORS.fallback,
      subject: String(eventId), status: shown.status, count: tasks.length });
  }
  for (const shelter of moment.shelters) {
    marks.push({ id: `shelter:${shelter.shelterCode}`, kind: 'shelter', lon: shelter.lon, lat: shelter.lat, color: PLACE_COLORS.shelter,
      subject: shelter.shelterCode, status: null, count: shelter.people });
  }
  const tracks: ReplayTrack[] = [];
  for (const worker of moment.workers) {
    marks.push({ id: `worker:${worker.workerCode}`, kind: 'worker', lon: worker.lon, lat: worker.lat, color: REPLAY_COLORS.worker, subject: worker.workerCode, status: null, count: null });
    if (worker.track.length > 1) tracks.push({ id: `track:${worker.workerCode}`, positions: worker.track, color: REPLAY_COLORS.track });
  }
  return { marks, tracks };
}
