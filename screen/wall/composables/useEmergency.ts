// What the wall shows of an emergency: the incident the room is in emergency for, its current hazard
// area with the impact, and the open warnings (shown in peacetime too). Kept from the hub's pushes;
// the hazard area is read when the incident changes and replaced by each `hazard:updated` of it.
import { onScopeDispose, shallowRef, watch, type ShallowRef } from 'vue';
import type { ModeState } from '../../../contract/api.ts';
import type { HazardUpdate } from '../../../contract/incidents.ts';
import type { Warning } from '../../../contract/warnings.ts';
import type { FactStream } from '../../shared/factStream.ts';
import { errorText, isAbort } from '../../shared/hubApi.ts';
import { useLiveList } from '../../shared/liveList.ts';
import { applyWarning, openWarnings } from '../../shared/openWarnings.ts';
import { fetchImpact, fetchOpenWarnings } from './hubApi.ts';
import { wallHooks } from './wallHooks.ts';

export function useEmergency(stream: FactStream, mode: ShallowRef<ModeState | null>, onError: (message: string) => void) {
  const warnings = shallowRef<Warning[]>([]);
  const hazard = shallowRef<HazardUpdate | null>(null);
  const warningList = useLiveList<Warning>({
    fetch: async (signal) => (await fetchOpenWarnings(signal)).warnings,
    replace: (open) => (warnings.value = openWarnings(open)),
    apply: (warning) => (warnings.value = applyWarning(warnings.value, warning)),
    onError,
  });
  watch(warnings, (list) => (wallHooks.warningsShown = list.length), { immediate: true });
  stream.on('warning:new', warningList.push);
  stream.on('warning:updated', warningList.push);

  const incidentId = () => (mode.value?.mode === 'emergency' ? mode.value.incident?.id ?? null : null);
  let request: AbortController | undefined;
  const shownVersion = () => hazard.value?.area.version ?? 0;
  async function loadHazard(id: number | null) {
    request?.abort();
    hazard.value = null;
    if (id === null) return;
    const current = (request = new AbortController());
    try {
      const update = await fetchImpact(id, current.signal);
      // A newer version may have been pushed while this read was on its way.
      if (!current.signal.aborted && update.area && shownVersion() < update.area.version) hazard.value = update;
    } catch (cause) {
      if (!isAbort(cause)) onError(errorText(cause));
    }
  }
  watch(incidentId, (id) => void loadHazard(id), { immediate: true });
  stream.on('hazard:updated', (update) => {
    if (update.area.incidentId === incidentId() && shownVersion() < update.area.version) hazard.value = update;
  });
  // Arrivals change a shelter's occupancy on the list in place.
  stream.on('shelter:updated', ({ incidentId: id, shelter }) => {
    const current = hazard.value;
    if (!current || id !== incidentId() || !current.impact.shelters.some((s) => s.code === shelter.code)) return;
    const shelters = current.impact.shelters.map((s) => (s.code === shelter.code ? { ...s, occupancy: shelter.occupancy, free: shelter.free } : s));
    hazard.value = { ...current, impact: { ...current.impact, shelters } };
  });
  watch(() => mode.value?.mode ?? 'peacetime', (m) => (wallHooks.mode = m), { immediate: true });

  onScopeDispose(() => request?.abort());
  return { warnings, warningList, hazard, reloadHazard: () => loadHazard(incidentId()) };
}
