// Early warning and emergency work (api/http/routes/warnings.ts, emergency.ts): warnings and their
// steps, incidents, the room's mode, hazard areas and their impact.
import type { ModeState } from '../../../contract/api.ts';
import type { HazardAreaInput, HazardUpdate, ImpactFigures, IncidentInput, IncidentSummary, ModeSwitchInput, ShelterState } from '../../../contract/incidents.ts';
import type { ResponseLevel, Warning } from '../../../contract/warnings.ts';
import { OPEN_WARNINGS_LIMIT } from '../../shared/openWarnings.ts';
import { hub, post } from './client.ts';

export const fetchOpenWarnings = (signal?: AbortSignal) => hub<{ warnings: Warning[] }>('/warnings', { query: { open: true, limit: OPEN_WARNINGS_LIMIT }, signal });
export const acknowledgeWarning = (id: number) => post<Warning>(`/warnings/${id}/acknowledge`);
export const resolveWarning = (id: number, reason: string) => post<Warning>(`/warnings/${id}/resolve`, { reason });

export const fetchOpenIncidents = (signal?: AbortSignal) => hub<{ incidents: IncidentSummary[] }>('/incidents', { query: { open: true }, signal });
export const openIncident = (input: IncidentInput) => post<IncidentSummary>('/incidents', input);
export const setIncidentLevel = (id: number, responseLevel: ResponseLevel, reason: string) => post<IncidentSummary>(`/incidents/${id}/level`, { responseLevel, reason });
export const closeIncident = (id: number, reason: string) => post<IncidentSummary>(`/incidents/${id}/close`, { reason });
export const switchMode = (input: ModeSwitchInput) => post<ModeState>('/mode', input);

export const addHazardArea = (incidentId: number, input: HazardAreaInput) => post<HazardUpdate>(`/incidents/${incidentId}/hazard-areas`, input);

export interface VulnerablePerson { code: string; name: string; groups: string[]; gridCode: string; masked: boolean }
export type ImpactAnswer = { area: HazardUpdate['area']; impact: ImpactFigures; people?: VulnerablePerson[] } | { area: null; impact: null; people?: VulnerablePerson[] };
export const fetchImpact = (incidentId: number, people: boolean, signal?: AbortSignal) =>
  hub<ImpactAnswer>(`/incidents/${incidentId}/impact`, { query: people ? { people: true } : {}, signal });

/** The nearest shelter outside the hazard area with room for the people asked about, and how far it is. */
export type NextShelter = ShelterState & { distanceM: number };
/** `next` only when a point was given: null when no shelter has room. */
export interface SheltersAnswer { shelters: ShelterState[]; next?: NextShelter | null }
export const fetchShelters = (incidentId: number, from: { lon: number; lat: number; people: number } | null, signal?: AbortSignal) =>
  hub<SheltersAnswer>(`/incidents/${incidentId}/shelters`, { query: from ? { ...from } : {}, signal });
