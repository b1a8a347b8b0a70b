// IoT alarms: the open list, acknowledging one, turning one into an event (api/http/routes/operations.ts).
import type { EventAccepted } from '../../../contract/api.ts';
import type { AlarmSeverity, DeviceType } from '../../../contract/domain.ts';
import { hub, post } from './client.ts';

/** GET /alarms answers rows of this shape (api/domain/iot/alarms.ts AlarmRow; not in the contract). */
export interface AlarmRow {
  id: number;
  deviceCode: string;
  deviceType: DeviceType;
  severity: AlarmSeverity;
  status: 'active' | 'acknowledged' | 'cleared';
  value: number;
  threshold: number;
  gridCode: string;
  raisedAt: string;
  acknowledgedBy: string | null;
}

/** ListQuery's ceiling. */
export const OPEN_ALARMS_LIMIT = 500;

export const fetchOpenAlarms = (signal?: AbortSignal) => hub<{ alarms: AlarmRow[] }>('/alarms', { query: { open: true, limit: OPEN_ALARMS_LIMIT }, signal });

export const acknowledgeAlarm = (id: number) => post<void>(`/alarms/${id}/acknowledge`);

export const alarmToEvent = (id: number) => post<EventAccepted>(`/alarms/${id}/event`);
