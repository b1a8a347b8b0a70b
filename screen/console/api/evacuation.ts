// Evacuation of an incident (api/http/routes/emergency.ts): a round of dispatch, and the plan as it stands.
import type { EvacuationInput, EvacuationPlan, EvacuationRound } from '../../../contract/evacuation.ts';
import { hub, post } from './client.ts';

export const fetchEvacuationPlan = (incidentId: number, signal?: AbortSignal) => hub<EvacuationPlan>(`/incidents/${incidentId}/evacuation`, { signal });
export const dispatchEvacuation = (incidentId: number, input: EvacuationInput) => post<EvacuationRound>(`/incidents/${incidentId}/evacuation`, input);
