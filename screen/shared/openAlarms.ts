// Open alarms (active and acknowledged) as both screens keep them: loaded from the hub, then kept by
// `alarm:new` and `alarm:updated` facts; a cleared alarm leaves the list. Pure functions.
import type { AlarmSummary } from '../../contract/api.ts';

/** GET /alarms?open=true asks for this many: ListQuery's ceiling, far more than a township has open at once. */
export const OPEN_ALARMS_LIMIT = 500;

export const isOpenAlarm = (alarm: AlarmSummary): boolean => alarm.status !== 'cleared';

/** The room's order: unacknowledged first, then critical before warning, then newest. */
export function alarmOrder(a: AlarmSummary, b: AlarmSummary): number {
  const unseen = Number(b.status === 'active') - Number(a.status === 'active');
  const severity = Number(b.severity === 'critical') - Number(a.severity === 'critical');
  return unseen || severity || Date.parse(b.raisedAt) - Date.parse(a.raisedAt) || b.id - a.id;
}

/** The list after one pushed alarm: a cleared alarm leaves it, any other takes its place in it. */
export function applyAlarm(list: readonly AlarmSummary[], alarm: AlarmSummary): AlarmSummary[] {
  const others = list.filter((a) => a.id !== alarm.id);
  return (isOpenAlarm(alarm) ? [...others, alarm] : others).sort(alarmOrder);
}

/** Open alarms only, one per id (the later copy wins), in the room's order. */
export const openAlarms = (alarms: readonly AlarmSummary[]): AlarmSummary[] => alarms.reduce<AlarmSummary[]>(applyAlarm, []);
