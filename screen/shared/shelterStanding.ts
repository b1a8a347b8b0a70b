// How a shelter stands during an incident, for its bar and its mark: inside the hazard area, full,
// nearly full or with room; and a list of shelters with one's new state in its place. Pure, for the
// wall and the console alike.
import type { ShelterState } from '../../contract/incidents.ts';

/** Less than this share of its capacity left: the shelter is nearly full (the wall's list and the console's bars). */
export const NEARLY_FULL_SHARE = 0.1;

export const isNearlyFull = (shelter: { free: number; capacity: number }): boolean => shelter.free < NEARLY_FULL_SHARE * shelter.capacity;

export type ShelterStanding = 'inside' | 'full' | 'nearly_full' | 'room';

/** Bars and map marks: red when the hazard area covers the shelter or it is (nearly) full. */
export const SHELTER_COLORS: Record<ShelterStanding, string> = {
  inside: '#c62828',
  full: '#c62828',
  nearly_full: '#e53935',
  room: '#2e7d32',
};

export function shelterStanding(shelter: Pick<ShelterState, 'capacity' | 'free' | 'inHazardArea'>): ShelterStanding {
  if (shelter.inHazardArea) return 'inside';
  if (shelter.free <= 0) return 'full';
  return isNearlyFull(shelter) ? 'nearly_full' : 'room';
}

/** The list with one shelter's new state in its place. */
export function applyShelter(list: readonly ShelterState[], shelter: ShelterState): ShelterState[] {
  return list.some((s) => s.code === shelter.code) ? list.map((s) => (s.code === shelter.code ? shelter : s)) : [...list, shelter];
}
