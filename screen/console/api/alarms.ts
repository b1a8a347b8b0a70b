// IoT alarms: the open list, acknowledging one, turning one into an event (api/http/routes/operations.ts).
import type { AlarmSummary, EventAccepted } from '../../../contract/api.ts';
import { hub, post } from './client.ts';

/** GET /alarms answers the contract's AlarmSummary, as the alarm facts carry it. */
export type AlarmRow = AlarmSummary;

import { OPEN_ALARMS_LIMIT } from '../../shared/openAlarms.ts';

export const fetchOpenAlarms = (signal?: AbortSignal) => hub<{ alarms: AlarmRow[] }>('/alarms', { query: { open: true, limit: OPEN_ALARMS_LIMIT }, signal });

export const acknowledgeAlarm = (id: number) => post<void>(`/alarms/${id}/acknowledge`);

export const alarmToEvent = (id: number) => post<EventAccepted>(`/alarms/${id}/event`);
