// Evacuation (转移安置) in an incident: from the current hazard area's impact, each vulnerable person
// inside is assigned to a grid worker of their grid with a shelter that has room, and each shelter
// that will take people gets a team (a response force). One request is one round: it assigns only
// the people no earlier round assigned, so a widened area is evacuated by asking again. Tasks are the
// linked-dispatch tasks of the room's events: one event per grid and per shelter of the round.
import { z } from 'zod';
import type { EventSummary } from './api.ts';
import type { TaskSummary } from './closedLoop.ts';
import type { ForceKind, KeyGroup, TaskStatus } from './domain.ts';

/** POST /incidents/{id}/evacuation. */
export const EvacuationInput = z.strictObject({
  reason: z.string().trim().min(1, 'give a reason').max(500),
  /** Minutes from now by which the people should be at their shelter. */
  dueMinutes: z.number().int().min(10, 'at least 10 minutes').max(24 * 60, 'at most a day').default(60),
});
export type EvacuationInput = z.input<typeof EvacuationInput>;

/** The kinds of force that staff a shelter, in order of preference. */
export const SHELTER_TEAM_KINDS: readonly ForceKind[] = ['volunteer', 'militia', 'emergency_team'];

export interface EvacueeAssignment {
  personCode: string;
  /** Masked; null for a caller whose role may not see key-group people. */
  name: string | null;
  groups: KeyGroup[];
  gridCode: string;
  round: number;
  /** Who brings them: a grid worker of their grid, else the village committee; null when the grid has neither. */
  party: { kind: 'worker' | 'department'; code: string; name: string } | null;
  shelter: { code: string; name: string } | null;
  /** Places planned at the shelter for the person's household (0 when a housemate's count holds them). */
  places: number;
  taskId: number | null;
  taskStatus: TaskStatus | null;
}

export interface ShelterTeam {
  shelterCode: string;
  shelterName: string;
  round: number;
  /** People the round planned for it. */
  planned: number;
  force: { code: string; name: string; kind: ForceKind } | null;
  taskId: number | null;
  taskStatus: TaskStatus | null;
}

/** GET /incidents/{id}/evacuation: every round's assignments and teams, and how far they have got. */
export interface EvacuationPlan {
  incidentId: number;
  rounds: number;
  assignments: EvacueeAssignment[];
  teams: ShelterTeam[];
  totals: {
    people: number;
    /** With a task that is done. */
    done: number;
    /** Without anyone to bring them, or without a shelter with room: the room must act. */
    unassigned: number;
    noShelter: number;
  };
}

/** What one round created. */
export interface EvacuationRound {
  incidentId: number;
  round: number;
  /** The hazard area version it counted. */
  hazardVersion: number;
  /** People newly assigned this round (0: everyone inside was assigned before). */
  assigned: number;
  events: EventSummary[];
  tasks: TaskSummary[];
  plan: EvacuationPlan;
}
