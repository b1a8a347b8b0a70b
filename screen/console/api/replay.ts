// The incident replay (工作复盘, api/domain/emergency/timeline.ts): every incident, closed ones too,
// and one incident's timeline. Read-only.
import type { IncidentSummary, IncidentTimeline } from '../../../contract/incidents.ts';
import { hub } from './client.ts';

export const fetchIncidents = (signal?: AbortSignal) => hub<{ incidents: IncidentSummary[] }>('/incidents', { signal });
export const fetchTimeline = (incidentId: number, signal?: AbortSignal) => hub<IncidentTimeline>(`/incidents/${incidentId}/timeline`, { signal });
