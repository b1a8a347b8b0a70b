// One replay fact as a sentence of the log, in the screen's language (messages in i18n/replay.*.ts;
// levels, statuses and modes from the labels both screens carry).
import type { TimelineItem } from '../../contract/incidents.ts';

export type Translate = (key: string, named?: Record<string, unknown>) => string;

const SQUARE_METRES_PER_KM2 = 1_000_000;

/** Square kilometres with two decimals (a hazard area). */
export const km2 = (areaM2: number) => (areaM2 / SQUARE_METRES_PER_KM2).toFixed(2);

export function factText(item: TimelineItem, t: Translate): string {
  switch (item.kind) {
    case 'reading':
      return t(item.overThreshold ? 'replayFact.readingOver' : 'replayFact.readingBack', { device: item.deviceCode, value: item.value });
    case 'alarm':
      return t(`replayFact.alarm.${item.step}`, { device: item.deviceCode, severity: t(`severity.${item.severity}`), value: item.value });
    case 'warning':
      return t(`replayFact.warning.${item.step}`, { level: t(`warningLevel.${item.level}`), title: item.title });
    case 'incident':
      return t(`replayFact.incident.${item.step}`, { level: item.responseLevel ? t(`emergency.responseLevel.${item.responseLevel}`) : '', reason: item.reason ?? '—' });
    case 'mode':
      return t(`replayFact.mode.${item.mode}`, { reason: item.reason });
    case 'hazard':
      return t('replayFact.hazard', { v: item.version, km2: km2(item.areaM2) });
    case 'task':
      return t('replayFact.task', { party: item.party, status: t(`taskStatus.${item.status}`), event: item.eventId });
    case 'arrival':
      return t('replayFact.arrival', { n: item.people, shelter: item.shelterCode });
    case 'patrol':
      return t('replayFact.patrol', { worker: item.workerCode });
  }
}
