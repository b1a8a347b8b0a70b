// The shelters of the incident in view (转移安置): capacity, who has arrived, the room left, whether the
// hazard area covers them, and the hub's suggestion of the next shelter with room for a number of
// people from a point. Asked again when the incident, its hazard area, the point or the number change,
// and on every `shelter:updated` of the incident (applied in place at once, then asked afresh: the
// suggestion may move elsewhere).
import { onScopeDispose, ref, shallowRef, watch } from 'vue';
import type { ShelterState } from '../../../contract/incidents.ts';
import { errorText, isAbort, type LoadState } from '../../shared/hubApi.ts';
import { fetchShelters, type NextShelter } from '../api/emergency.ts';
import { applyShelter } from '../../shared/shelterStanding.ts';
import { useConsoleHub } from './useConsoleHub.ts';

export function useShelters(incidentId: () => number | null, areaVersion: () => number) {
  const hub = useConsoleHub();
  const shelters = shallowRef<ShelterState[]>([]);
  /** The suggestion for `origin`; undefined while no point is picked, null when no shelter has room. */
  const next = shallowRef<NextShelter | null | undefined>(undefined);
  const origin = ref<{ lon: number; lat: number } | null>(null);
  const people = ref(1);
  const state = ref<LoadState>('idle');
  const error = ref<string | null>(null);

  let request: AbortController | undefined;
  async function load() {
    request?.abort();
    const id = incidentId();
    if (id === null) {
      [shelters.value, next.value, state.value] = [[], undefined, 'idle'];
      return;
    }
    const current = (request = new AbortController());
    state.value = 'loading';
    try {
      const from = origin.value ? { ...origin.value, people: people.value } : null;
      const answer = await fetchShelters(id, from, current.signal);
      if (current.signal.aborted) return;
      shelters.value = answer.shelters;
      next.value = from ? answer.next ?? null : undefined;
      [state.value, error.value] = ['done', null];
    } catch (cause) {
      if (isAbort(cause)) return;
      [state.value, error.value] = ['error', errorText(cause)];
    }
  }

  watch(() => [incidentId(), areaVersion(), origin.value, people.value], () => void load(), { immediate: true });
  const stopListening = hub.watchShelters(({ incidentId: id, shelter }) => {
    if (id !== incidentId()) return;
    shelters.value = applyShelter(shelters.value, shelter);
    void load();
  });
  onScopeDispose(() => {
    stopListening();
    request?.abort();
  });

  return { shelters, next, origin, people, state, error };
}
