// The wall's REST reads, with its display token. A refusal says what the wall's operator can do.
import { displayToken } from './displayToken.ts';
import { OPEN_EVENTS_LIMIT } from './openEvents.ts';
import { OPEN_TASKS_LIMIT } from './openTasks.ts';
import type { FeatureCollection } from '../../shared/geojson.ts';
import { HubError, requestJson } from '../../shared/hubApi.ts';
import { ROUTES } from '../../../contract/api.ts';
import type { AlarmSummary, EventList, LayerName, TownshipInfo } from '../../../contract/api.ts';
import { OPEN_ALARMS_LIMIT } from '../../shared/openAlarms.ts';
import { OPEN_WARNINGS_LIMIT } from '../../shared/openWarnings.ts';
import type { Warning } from '../../../contract/warnings.ts';
import type { HazardUpdate, IncidentTimeline } from '../../../contract/incidents.ts';
import type { TaskSummary } from '../../../contract/closedLoop.ts';

export class HubRequestError extends Error {
  constructor(
    readonly path: string,
    readonly status: number,
  ) {
    super(
      status === 401 || status === 403
        ? `GET ${path} answered ${status}: the wall's display token is missing, revoked or expired; open the wall with a new link (?token=…).`
        : `GET ${path} answered ${status}: is the hub running and HUB_URL right?`,
    );
  }
}

async function getJson<T>(route: string, signal?: AbortSignal): Promise<T> {
  try {
    return await requestJson<T>(route, { signal, token: displayToken });
  } catch (error) {
    throw error instanceof HubError ? new HubRequestError(error.path, error.status) : error;
  }
}

export const fetchTownship = (signal?: AbortSignal) => getJson<TownshipInfo>(ROUTES.township, signal);

export const fetchLayer = (name: LayerName, signal?: AbortSignal) => getJson<FeatureCollection>(ROUTES.layer(name), signal);

export const fetchOpenEvents = (signal?: AbortSignal) =>
  getJson<EventList>(`${ROUTES.events}?open=true&limit=${OPEN_EVENTS_LIMIT}`, signal);

/** The dispatch board: display tokens may read tasks (tasks.read). */
export const fetchOpenTasks = (signal?: AbortSignal) =>
  getJson<{ tasks: TaskSummary[] }>(`/tasks?open=true&limit=${OPEN_TASKS_LIMIT}`, signal);

/** The open alarms (active and acknowledged), so a wall opened mid-alarm shows them. */
export const fetchOpenAlarms = (signal?: AbortSignal) =>
  getJson<{ alarms: AlarmSummary[] }>(`/alarms?open=true&limit=${OPEN_ALARMS_LIMIT}`, signal);

/** The open warnings for the warning strip. */
export const fetchOpenWarnings = (signal?: AbortSignal) =>
  getJson<{ warnings: Warning[] }>(`/warnings?open=true&limit=${OPEN_WARNINGS_LIMIT}`, signal);

/** An incident's current hazard area and its impact (both null before one is drawn). */
export const fetchImpact = (incidentId: number, signal?: AbortSignal) =>
  getJson<HazardUpdate | { area: null; impact: null }>(`/incidents/${incidentId}/impact`, signal);

/** An incident's replay (工作复盘): every fact around it, oldest first (display tokens read incidents). */
export const fetchTimeline = (incidentId: number, signal?: AbortSignal) => getJson<IncidentTimeline>(`/incidents/${incidentId}/timeline`, signal);
